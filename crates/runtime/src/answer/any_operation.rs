//! Calling any generated operation through the ergonomic client: the
//! [`Normalize`] extension trait.

use std::future::Future;

use crate::Envelope;
use serde::de::DeserializeOwned;

use crate::normalize::{self, Generated};
use crate::{Error, Response};

/// Turns what any generated operation returns into this crate's
/// [`Response`] or [`Error`].
///
/// Every operation in the spec is a method of the generated client
/// (each product crate's `generated_client`), whose requests already
/// carry the credentials, timeouts, retries and tracing of the client they
/// came from. Adding `.normalize()` to its call gives the same answer
/// types as the hand-written builders: `Response<T>` with the operation's
/// `result` type, or the one [`Error`]. So an operation added to the spec
/// can be used, with nothing lost, before anyone writes a builder for it.
///
/// ```no_run
/// use cloudflare_api::{Client, Normalize};
///
/// # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
/// let listed = cloudflare_api::workers_for_platforms::generated_client(&client)
///     .namespace_worker_list("023e105f4ecef8ad9ca31a8372d0c353".try_into()?)
///     .normalize()
///     .await?;
/// for namespace in &listed.result {
///     println!("{:?}", namespace.namespace_name);
/// }
/// # Ok(())
/// # }
/// ```
///
/// Arguments are checked by the generated types (a value the spec's schema
/// refuses is [`Error::InvalidInput`]), and a path parameter that would
/// change the request's path, such as `..`, is refused before sending. The
/// builders of this crate add clearer messages on top.
pub trait Normalize: Sized {
    /// The operation's `result` type.
    type Result;

    /// Sends the request and normalizes the answer.
    fn normalize(self) -> impl Future<Output = Result<Response<Self::Result>, Error>> + Send;
}

/// For every generated operation whose success is a Cloudflare envelope
/// (`E`), whatever failure envelope (`F`) it declares.
impl<Call, E, F> Normalize for Call
where
    Call: Future<Output = Generated<E, F>> + Send,
    E: Envelope + DeserializeOwned + Send,
    E::Result: DeserializeOwned + PartialEq + Send,
    F: Envelope + Send,
{
    type Result = E::Result;

    fn normalize(self) -> impl Future<Output = Result<Response<E::Result>, Error>> + Send {
        normalize::send(self)
    }
}
