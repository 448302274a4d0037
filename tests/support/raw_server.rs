//! The fake server for faults below HTTP: a misbehaving HTTP server on
//! 127.0.0.1, written on plain TCP so that it can do what no well-behaved
//! server library would: reset connections, stop half-way through a body,
//! never answer.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::CREATE_EXAMPLE_RESPONSE;

/// A server that hands each connection it accepts to a behaviour, with the
/// connection's number (0 for the first). It stops when dropped.
#[derive(Debug)]
pub struct RawServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Listens on a free port of 127.0.0.1 and runs `behave` for every
    /// connection, each in a task of its own.
    pub async fn start<F, Fut>(behave: F) -> Self
    where
        F: Fn(TcpStream, usize) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("local address");
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = accepted.clone();
        let task = tokio::spawn(async move {
            let mut connections = tokio::task::JoinSet::new();
            while let Ok((stream, _)) = listener.accept().await {
                let number = count.fetch_add(1, Ordering::SeqCst);
                connections.spawn(behave(stream, number));
            }
        });
        Self {
            addr,
            accepted,
            task,
        }
    }

    /// A server that answers every request with the reference example,
    /// keeping connections alive.
    pub async fn answering_example() -> Self {
        Self::start(|stream, _| answer_each(stream, 200, CREATE_EXAMPLE_RESPONSE.as_bytes())).await
    }

    /// A server whose first `bad` connections get `fault` (such as
    /// [`reset`]) once their request is read, and the rest the reference
    /// example.
    pub async fn failing_first<F, Fut>(bad: usize, fault: F) -> Self
    where
        F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let fault = Arc::new(fault);
        Self::start(move |mut stream, number| {
            let fault = fault.clone();
            async move {
                if number < bad {
                    if read_request(&mut stream).await.is_some() {
                        fault(stream).await;
                    }
                } else {
                    answer_each(stream, 200, CREATE_EXAMPLE_RESPONSE.as_bytes()).await;
                }
            }
        })
        .await
    }

    /// The base URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections were accepted so far.
    pub fn connections(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        // Dropping the accept loop drops its JoinSet, which ends every
        // connection's task.
        self.task.abort();
    }
}

/// Reads one request (head and `Content-Length` body); `None` when the
/// client closed the connection first.
pub async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = find(&request, b"\r\n\r\n") {
            break end + 4;
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        request.extend_from_slice(&buf[..n]);
    }
    Some(request)
}

/// The head of an answer: status line, `headers`, and a `content-length`
/// of `length` unless `headers` has a `transfer-encoding`.
pub fn head(status: u16, headers: &[(&str, &str)], length: usize) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {status} Whatever\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("transfer-encoding"))
    {
        head.push_str(&format!("content-length: {length}\r\n"));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

/// Answers requests on `stream` with `status` and `body` until the client
/// closes it (a keep-alive server).
pub async fn answer_each(mut stream: TcpStream, status: u16, body: &[u8]) {
    while read_request(&mut stream).await.is_some() {
        let mut answer = head(status, &[("content-type", "application/json")], body.len());
        answer.extend_from_slice(body);
        if stream.write_all(&answer).await.is_err() {
            return;
        }
    }
}

/// Resets the connection (a TCP RST, not a close).
pub async fn reset(stream: TcpStream) {
    stream.set_zero_linger().unwrap();
    drop(stream);
}

/// Closes the connection cleanly (a FIN), with no answer: after
/// [`RawServer::failing_first`] read the whole request, as a server does
/// that crashes, or a proxy that gives up, once it has the request.
pub async fn close(stream: TcpStream) {
    drop(stream);
}

/// Keeps the connection open, with no answer, until the server is dropped.
pub async fn never_answer(stream: TcpStream) {
    tokio::time::sleep(Duration::from_secs(60)).await;
    drop(stream);
}

/// Sends part of a body, then closes the connection.
pub async fn close_mid_body(mut stream: TcpStream) {
    part_of_a_body(&mut stream).await;
}

/// Sends part of a body, then nothing until the server is dropped.
pub async fn stall_mid_body(mut stream: TcpStream) {
    part_of_a_body(&mut stream).await;
    tokio::time::sleep(Duration::from_secs(60)).await;
}

/// Sends the head of a 200 and the first 100 of its 1000 bytes.
async fn part_of_a_body(stream: &mut TcpStream) {
    let mut answer = head(200, &[], 1000);
    answer.extend_from_slice(&CREATE_EXAMPLE_RESPONSE.as_bytes()[..100]);
    let _ = stream.write_all(&answer).await;
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
