use std::fmt;

use serde_json::{Map, Value};

/// A binding of a Worker: how its code reaches a resource (`env.NAME`).
/// The common kinds have constructors; [`Binding::new`] and
/// [`with`](Binding::with) make any of the 36 the API knows, or add the
/// optional fields of one (`jurisdiction`, `environment`, ...).
///
/// On the wire, an object of the metadata's `bindings` list:
/// `{"type": .., "name": .., ...}`
/// (<https://developers.cloudflare.com/workers/configuration/multipart-upload-metadata/#bindings>).
///
/// `Debug` shows the kind and the name only: a `secret_text` binding holds
/// a secret.
///
/// ```
/// use cloudflare_api::workers::Binding;
///
/// let kv = Binding::kv_namespace("CACHE", "0f2ac74b498b48028cb68387c421e279");
/// assert_eq!(kv.to_json()["namespace_id"], "0f2ac74b498b48028cb68387c421e279");
/// let ai = Binding::new("ai", "AI");
/// let bucket = Binding::r2_bucket("FILES", "files").with("jurisdiction", "eu");
/// assert_eq!(bucket.to_json()["jurisdiction"], "eu");
/// ```
#[derive(Clone, PartialEq)]
pub struct Binding(Map<String, Value>);

impl Binding {
    /// A binding of kind `kind` (its `type`: `ai`, `browser`, ...) named
    /// `name`; add its kind's fields with [`with`](Binding::with).
    pub fn new(kind: impl Into<String>, name: impl Into<String>) -> Binding {
        let mut object = Map::new();
        object.insert("type".into(), Value::String(kind.into()));
        object.insert("name".into(), Value::String(name.into()));
        Binding(object)
    }

    /// The binding with the field `key` set to `value` (any JSON value).
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Value>) -> Binding {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Text the Worker reads as `env.NAME` (`plain_text`).
    pub fn plain_text(name: impl Into<String>, text: impl Into<String>) -> Binding {
        Binding::new("plain_text", name).with("text", text.into())
    }

    /// A secret the Worker reads as `env.NAME` (`secret_text`); not shown by
    /// the API once set.
    pub fn secret_text(name: impl Into<String>, text: impl Into<String>) -> Binding {
        Binding::new("secret_text", name).with("text", text.into())
    }

    /// A Workers KV namespace, by its id (`kv_namespace`).
    pub fn kv_namespace(name: impl Into<String>, namespace_id: impl Into<String>) -> Binding {
        Binding::new("kv_namespace", name).with("namespace_id", namespace_id.into())
    }

    /// An R2 bucket, by its name (`r2_bucket`; add `jurisdiction` with
    /// [`with`](Binding::with)).
    pub fn r2_bucket(name: impl Into<String>, bucket_name: impl Into<String>) -> Binding {
        Binding::new("r2_bucket", name).with("bucket_name", bucket_name.into())
    }

    /// A D1 database, by its id (`d1`).
    pub fn d1(name: impl Into<String>, database_id: impl Into<String>) -> Binding {
        Binding::new("d1", name).with("id", database_id.into())
    }

    /// A Durable Object namespace, by the class that implements it
    /// (`durable_object_namespace`; add `script_name` for a class of
    /// another Worker).
    pub fn durable_object_namespace(
        name: impl Into<String>,
        class_name: impl Into<String>,
    ) -> Binding {
        Binding::new("durable_object_namespace", name).with("class_name", class_name.into())
    }

    /// Another Worker, by its name (`service`; add `environment` or
    /// `entrypoint` with [`with`](Binding::with)).
    pub fn service(name: impl Into<String>, service: impl Into<String>) -> Binding {
        Binding::new("service", name).with("service", service.into())
    }

    /// A Queue to send messages to, by its name (`queue`).
    pub fn queue(name: impl Into<String>, queue_name: impl Into<String>) -> Binding {
        Binding::new("queue", name).with("queue_name", queue_name.into())
    }

    /// A dispatch namespace, by its name (`dispatch_namespace`): how a
    /// dispatch Worker calls the Workers of a namespace.
    pub fn dispatch_namespace(name: impl Into<String>, namespace: impl Into<String>) -> Binding {
        Binding::new("dispatch_namespace", name).with("namespace", namespace.into())
    }

    /// The dispatch namespace binding with an outbound Worker, `service`,
    /// which receives the parameters `params` from the dispatch Worker
    /// (`outbound: {worker: {service}, params: [{name}]}`).
    #[must_use]
    pub fn outbound<P: Into<String>>(
        self,
        service: impl Into<String>,
        params: impl IntoIterator<Item = P>,
    ) -> Binding {
        let params: Vec<Value> = params
            .into_iter()
            .map(|name| serde_json::json!({ "name": name.into() }))
            .collect();
        let mut outbound = serde_json::json!({ "worker": { "service": service.into() } });
        if !params.is_empty() {
            outbound["params"] = Value::Array(params);
        }
        self.with("outbound", outbound)
    }

    /// The binding of this name that the script's previous version has,
    /// kept as it is (`inherit`; `old_name` to take one of another name).
    pub fn inherit(name: impl Into<String>) -> Binding {
        Binding::new("inherit", name)
    }

    /// The binding's kind (`type`).
    pub fn kind(&self) -> &str {
        self.0.get("type").and_then(Value::as_str).unwrap_or("")
    }

    /// The binding's name.
    pub fn name(&self) -> &str {
        self.0.get("name").and_then(Value::as_str).unwrap_or("")
    }

    /// The binding as the API takes it.
    pub fn to_json(&self) -> Value {
        Value::Object(self.0.clone())
    }

    pub(crate) fn into_json(self) -> Value {
        Value::Object(self.0)
    }

    /// The binding the JSON object `object` is, as it is.
    pub(crate) fn from_json(object: Map<String, Value>) -> Binding {
        Binding(object)
    }

    pub(crate) fn as_json(&self) -> &Map<String, Value> {
        &self.0
    }
}

/// A binding as the API answers it (the `result` of `bindings().get(..)`,
/// the `bindings` of `settings().get(..)`), to upload again: its kind, its
/// name and every other field of its kind, as they came.
///
/// A binding as an answer holds it (a product's generated `types::WorkersBindingItem`,
/// say), through its JSON, which is what the API sent: every field of any
/// kind, whatever Rust type holds them. Each product crate whose answers
/// hold bindings converts its type with `Binding::from`, which calls this.
impl Binding {
    #[doc(hidden)]
    pub fn from_answer(binding: &impl serde::Serialize) -> Binding {
        match serde_json::to_value(binding) {
            Ok(Value::Object(object)) => Binding(object),
            _ => Binding(Map::new()),
        }
    }
}

impl fmt::Debug for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Binding")
            .field("type", &self.kind())
            .field("name", &self.name())
            .finish_non_exhaustive()
    }
}
