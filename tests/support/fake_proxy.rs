//! A fake proxy on 127.0.0.1 (a [`RawServer`]): it notes the first line of
//! every request it gets and answers `502` to all.

use std::sync::{Arc, Mutex};

use tokio::io::AsyncWriteExt;

use crate::raw_server::{RawServer, head, read_request};

/// A fake proxy; it stops when dropped.
#[derive(Debug)]
pub struct FakeProxy {
    server: RawServer,
    seen: Arc<Mutex<Vec<String>>>,
}

impl FakeProxy {
    /// Listens on a free port of 127.0.0.1.
    pub async fn start() -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let noted = seen.clone();
        let server = RawServer::start(move |mut stream, _| {
            let noted = noted.clone();
            async move {
                if let Some(request) = read_request(&mut stream).await {
                    let text = String::from_utf8_lossy(&request);
                    noted
                        .lock()
                        .unwrap()
                        .push(text.lines().next().unwrap_or_default().to_owned());
                    let _ = stream.write_all(&head(502, &[], 0)).await;
                }
            }
        })
        .await;
        Self { server, seen }
    }

    /// The proxy URL to give a client (`http://127.0.0.1:port`).
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// How many connections reached the proxy so far.
    pub fn connections(&self) -> usize {
        self.server.connections()
    }

    /// The first line of each request so far: `CONNECT host:port
    /// HTTP/1.1`, or `POST http://host/path HTTP/1.1`.
    pub fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }

    /// [`seen`](Self::seen), forgotten: the next call has only what comes
    /// after.
    pub fn take_seen(&self) -> Vec<String> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}
