//! Workers scripts, typed: [`Module`]s and [`Binding`]s for the script
//! uploads of Workers for Platforms, on top of the generated builders; a
//! Worker's code as the API answers it, read back into its modules
//! (`ScriptContent`, feature `script-content`) to upload again
//! (`.content(..)`), with the settings read back (`.settings_from(..)`);
//! and its [`Secret`]s, in one line each, for
//! `secrets().update(..)` and ([`SecretsPatch`]) `secrets().bulk_update(..)`.
//!
//! ```no_run
//! use cloudflare_api::Client;
//! use cloudflare_api::workers::{Binding, Module};
//!
//! # async fn run() -> Result<(), cloudflare_api::Error> {
//! let client = Client::from_env()?;
//! let account = client.account("023e105f4ecef8ad9ca31a8372d0c353");
//! let uploaded = account
//!     .workers_for_platforms().dispatch().namespaces()
//!     .scripts()
//!     .update("customers", "customer-123")
//!     .main_module(Module::esm("index.js", "export default { fetch() { return new Response('hi') } }"))
//!     .compatibility_date("2026-08-01")
//!     .binding(Binding::secret_text("API_KEY", "s3cr3t"))
//!     .tags(["customer-123"])
//!     .send()
//!     .await?;
//! println!("{:?}", uploaded.result.etag);
//! # Ok(())
//! # }
//! ```
//!
//! # On the wire
//!
//! As wrangler (Cloudflare's CLI) uploads and the API takes it
//! (<https://developers.cloudflare.com/workers/configuration/multipart-upload-metadata/>):
//! one part named `metadata` holding the metadata as JSON (`main_module`,
//! `bindings`, `compatibility_date`, `tags`, ...), then one part per module
//! whose part name and file name are the module's name, with the module's
//! content type.
//!
//! # Why this is hand-written
//!
//! The spec describes the modules as files and the bindings as objects of
//! a `name` and a `type`; which module is the main one, and the fields of
//! the 36 kinds of bindings, are prose. So are the shape of a Worker's
//! content (a form of its modules, the main one in the `cf-entrypoint`
//! header) and which fields of a secret go with which kind. The setters
//! here only fill the generated builders' `metadata` (or `settings`) JSON
//! part and files. The generated setters stay for anything these do not
//! cover:
//! `.metadata(..)` takes a whole
//! the product's `types::NamespaceWorkerScriptUploadWorkerModuleMetadata`:
//! before or after the setters here, in any order, what each sets is
//! sent (a field the whole metadata holds replaces what a setter set
//! before it, as a setter called after it replaces that field);
//! `.files(..)` takes any [`File`](crate::multipart::File)s.

mod binding;
#[cfg(feature = "script-content")]
mod content;
mod module;
mod secret;
#[doc(hidden)]
pub mod setters;
#[doc(hidden)]
pub mod settings;

pub use binding::Binding;
#[cfg(feature = "script-content")]
#[cfg_attr(docsrs, doc(cfg(feature = "script-content")))]
pub use content::{ENTRYPOINT_HEADER, ScriptContent};
pub use module::Module;
pub use secret::{Secret, SecretsPatch};

/// `values` as a JSON list of strings.
#[doc(hidden)]
pub fn strings<S: Into<String>>(values: impl IntoIterator<Item = S>) -> serde_json::Value {
    serde_json::Value::Array(
        values
            .into_iter()
            .map(|s| serde_json::Value::String(s.into()))
            .collect(),
    )
}
