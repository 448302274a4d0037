//! A port on 127.0.0.1 that refuses connections: where no server is.

use std::net::SocketAddr;

use tokio::net::TcpSocket;

/// A port of 127.0.0.1 that is bound but never listened on, until dropped:
/// a connection to it is refused. Held, it cannot become the port of a
/// server that a test running alongside starts, or the source port of a
/// connection (which, connecting to itself, would succeed), as a port
/// bound and closed again can.
#[derive(Debug)]
pub struct ClosedPort {
    _socket: TcpSocket,
    addr: SocketAddr,
}

impl ClosedPort {
    /// Takes a free port of 127.0.0.1.
    pub fn new() -> Self {
        let socket = TcpSocket::new_v4().expect("create a socket");
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .expect("bind 127.0.0.1:0");
        let addr = socket.local_addr().expect("local address");
        Self {
            _socket: socket,
            addr,
        }
    }

    /// `127.0.0.1:port`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// A plain-http base URL that no server answers.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Default for ClosedPort {
    fn default() -> Self {
        Self::new()
    }
}

/// A port of 127.0.0.1 whose server never takes a connection, and whose
/// queue of connections waiting to be taken is full, so that the kernel
/// drops a new connection's `SYN`: a client trying to connect waits until
/// its connect timeout, having sent nothing. Stops with it.
#[derive(Debug)]
pub struct UnansweredPort {
    _listener: tokio::net::TcpListener,
    _queued: Vec<std::net::TcpStream>,
    addr: SocketAddr,
}

impl UnansweredPort {
    /// Listens on a free port of 127.0.0.1 with the shortest queue, and
    /// fills it. Within a Tokio runtime.
    pub fn new() -> Self {
        let socket = TcpSocket::new_v4().expect("create a socket");
        socket
            .bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .expect("bind 127.0.0.1:0");
        let addr = socket.local_addr().expect("local address");
        let listener = socket.listen(0).expect("listen");
        let mut queued = Vec::new();
        // Linux queues one connection with a backlog of 0; a few more in
        // case another kernel queues more. The first that cannot connect
        // shows the queue is full.
        for _ in 0..16 {
            match std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(300))
            {
                Ok(stream) => queued.push(stream),
                Err(_) => {
                    return Self {
                        _listener: listener,
                        _queued: queued,
                        addr,
                    };
                }
            }
        }
        panic!(
            "the queue of {addr} never filled: {} connections taken",
            queued.len()
        );
    }

    /// A plain-http base URL where a connection is never made.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Default for UnansweredPort {
    fn default() -> Self {
        Self::new()
    }
}
