//! The fake server for scripted HTTP answers: a wiremock `MockServer` on a
//! free port of 127.0.0.1, stopped when dropped, that answers as a test
//! tells it to; and the answers the tests script.

use std::collections::VecDeque;
use std::sync::Mutex;

use wiremock::matchers::{method, path};
use wiremock::{Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

use crate::{CREATE_EXAMPLE_RESPONSE, CREATE_PATH, GET_PATH, RAY};

/// A server that answers the requests `requests` matches
/// (`Mock::given(..)`) with `response` (a template, a [`Sequence`], any
/// responder); others get a `404`. A test can mount more on it.
pub async fn answering(requests: MockBuilder, response: impl Respond + 'static) -> MockServer {
    let server = MockServer::start().await;
    requests.respond_with(response).mount(&server).await;
    server
}

/// A server that answers "create" ([`create`](crate::client::create):
/// `POST` [`CREATE_PATH`]) with `response`.
pub async fn answering_creates(response: impl Respond + 'static) -> MockServer {
    answering(Mock::given(method("POST")).and(path(CREATE_PATH)), response).await
}

/// A server that answers "get" of the namespace `n`
/// ([`get`](crate::client::get): `GET` [`GET_PATH`]) with `response`: for
/// retries, which a create does not get after most failures.
pub async fn answering_gets(response: impl Respond + 'static) -> MockServer {
    answering(Mock::given(method("GET")).and(path(GET_PATH)), response).await
}

/// The requests `server` has received so far.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The reference page's example answer, with a `cf-ray`.
pub fn example_answer() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_raw(CREATE_EXAMPLE_RESPONSE, "application/json")
        .insert_header("cf-ray", RAY)
}

/// A Cloudflare failure envelope with one error, with a `cf-ray`.
pub fn failure_answer(status: u16, code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .set_body_json(serde_json::json!({
            "errors": [{ "code": code, "message": message }],
            "messages": [],
            "success": false,
            "result": null,
        }))
        .insert_header("cf-ray", RAY)
}

/// A responder that answers with each template in turn, then repeats the
/// last.
#[derive(Debug)]
pub struct Sequence(Mutex<VecDeque<ResponseTemplate>>);

impl Sequence {
    /// Answers `templates` in order; there must be at least one.
    pub fn of(templates: impl IntoIterator<Item = ResponseTemplate>) -> Self {
        let templates: VecDeque<_> = templates.into_iter().collect();
        assert!(!templates.is_empty(), "a sequence needs an answer");
        Self(Mutex::new(templates))
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut queue = self.0.lock().unwrap();
        if queue.len() > 1 {
            queue.pop_front().unwrap()
        } else {
            queue[0].clone()
        }
    }
}
