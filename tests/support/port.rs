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
