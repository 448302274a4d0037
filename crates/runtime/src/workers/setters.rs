//! The typed setters of the builders that upload a Worker's modules and
//! metadata, or change its settings: each fills the generated builder's
//! JSON part (`metadata`, `settings`) or its files. Each product crate
//! whose operations upload Worker scripts (Workers for Platforms, Workers)
//! gives its builders these setters with the macros
//! [`workers_module_setters!`](crate::workers_module_setters) and
//! [`workers_settings_setters!`](crate::workers_settings_setters): one
//! implementation for every script upload, the same form everywhere.

#[doc(hidden)]
pub use serde_json::Value;

use super::Binding;
use crate::multipart::FormParts;

/// Sets `key` of the JSON object of the part `part` to `value` (kept when
/// the whole part is set later without it: `FormParts::set_json`).
#[doc(hidden)]
pub fn set_field(form: &mut FormParts, part: &'static str, key: &str, value: Value) {
    if let Ok(slot) = form.json_field(part, key, || Value::Null) {
        *slot = value;
    }
}

/// Adds `binding` to the `bindings` of the part `part`, in place of one of
/// the same name.
#[doc(hidden)]
pub fn add_binding(form: &mut FormParts, part: &'static str, binding: Binding) {
    let Ok(bindings) = form.json_field(part, "bindings", || Value::Array(Vec::new())) else {
        return;
    };
    let Value::Array(list) = bindings else {
        form.fail(part, format!("`{part}.bindings` must be a list"));
        return;
    };
    let name = binding.name().to_owned();
    match list
        .iter_mut()
        .find(|b| b.get("name").and_then(Value::as_str) == Some(name.as_str()))
    {
        Some(slot) => *slot = binding.into_json(),
        None => list.push(binding.into_json()),
    }
}

/// `main_module`, `body_part` and `module`: a Worker's modules, as files
/// named by their names, and which one runs, on `$builder`, whose form has
/// the JSON part `$part` (the metadata) and the files `$files`. For the
/// product crates' hand-written `workers.rs`.
#[doc(hidden)]
#[macro_export]
macro_rules! workers_module_setters {
    ($builder:ty, $part:literal, $files:literal) => {
        impl $builder {
            /// The Worker's main module (an ES module exporting its
            /// handlers): added like [`module`](Self::module), and named by
            /// the metadata's `main_module`.
            pub fn main_module(mut self, module: $crate::workers::Module) -> Self {
                $crate::workers::setters::set_field(
                    &mut self.form_parts,
                    $part,
                    "main_module",
                    module.name().into(),
                );
                self.form_parts.add_file($files, true, module.into());
                self
            }

            /// The Worker's script in service-worker syntax: added like
            /// [`module`](Self::module), and named by the metadata's
            /// `body_part`.
            pub fn body_part(mut self, script: $crate::workers::Module) -> Self {
                $crate::workers::setters::set_field(
                    &mut self.form_parts,
                    $part,
                    "body_part",
                    script.name().into(),
                );
                self.form_parts.add_file($files, true, script.into());
                self
            }

            /// Adds a module, sent as a part named by its name (one of the
            /// same name is replaced).
            pub fn module(mut self, module: $crate::workers::Module) -> Self {
                self.form_parts.add_file($files, true, module.into());
                self
            }

            /// Adds modules, as [`module`](Self::module) does.
            pub fn modules(
                mut self,
                modules: impl IntoIterator<Item = $crate::workers::Module>,
            ) -> Self {
                for module in modules {
                    self.form_parts.add_file($files, true, module.into());
                }
                self
            }

            /// A Worker's code as the API answered it
            /// ([`ScriptContent`](cloudflare_api_runtime::workers::ScriptContent), from "Get Script Content"): its main
            /// module as [`main_module`](Self::main_module) (or, for a
            /// service-worker script, [`body_part`](Self::body_part)) and
            /// every other module as [`module`](Self::module), byte for
            /// byte.
            #[cfg(feature = "script-content")]
            #[cfg_attr(docsrs, doc(cfg(feature = "script-content")))]
            pub fn content(self, content: $crate::workers::ScriptContent) -> Self {
                let service_worker = content.is_service_worker();
                let (main, others) = content.into_parts();
                let this = if service_worker {
                    self.body_part(main)
                } else {
                    self.main_module(main)
                };
                this.modules(others)
            }
        }
    };
}

/// The settings a Worker's upload and its settings share, on `$builder`,
/// whose form has the JSON part `$part`; `settings_from` takes the
/// product's settings answer, `$settings`. For the product crates'
/// hand-written `workers.rs`.
#[doc(hidden)]
#[macro_export]
macro_rules! workers_settings_setters {
    ($builder:ty, $part:literal, $settings:ty) => {
        $crate::workers_settings_setters!($builder, $part, $settings, example = r#"
use cloudflare_api::workers::Binding;

# async fn run(account: cloudflare_api::Account) -> Result<(), cloudflare_api::Error> {
let scripts = account.workers_for_platforms().dispatch().namespaces().scripts();
let settings = scripts.settings().get("customers", "customer-123").send().await?.result;
scripts
    .settings()
    .edit("customers", "customer-456")
    .settings_from(&settings)
    .binding(Binding::secret_text("API_KEY", "s3cr3t"))
    .send()
    .await?;
# Ok(())
# }
"#);
    };
    // `example`: the Rust of `settings_from`'s doc example (`no_run`), a
    // call of this product's (the doc tests of a product crate have the
    // facade with that product alone).
    ($builder:ty, $part:literal, $settings:ty, example = $example:expr) => {
        impl $builder {
            #[doc = concat!("The Workers runtime's compatibility date (`YYYY-MM-DD`): `", $part, ".compatibility_date`.")]
            pub fn compatibility_date(mut self, date: impl Into<String>) -> Self {
                $crate::workers::setters::set_field(&mut self.form_parts, $part, "compatibility_date", $crate::workers::setters::Value::String(date.into()));
                self
            }

            #[doc = concat!("Compatibility flags (`nodejs_compat`, ...): `", $part, ".compatibility_flags`.")]
            pub fn compatibility_flags<S: Into<String>>(mut self, flags: impl IntoIterator<Item = S>) -> Self {
                $crate::workers::setters::set_field(&mut self.form_parts, $part, "compatibility_flags", $crate::workers::strings(flags));
                self
            }

            #[doc = concat!("Adds a binding to `", $part, ".bindings` (in place of one of the same name).")]
            pub fn binding(mut self, binding: $crate::workers::Binding) -> Self {
                $crate::workers::setters::add_binding(&mut self.form_parts, $part, binding);
                self
            }

            #[doc = concat!("Adds bindings to `", $part, ".bindings`, as [`binding`](Self::binding) does.")]
            pub fn bindings(mut self, bindings: impl IntoIterator<Item = $crate::workers::Binding>) -> Self {
                for binding in bindings {
                    $crate::workers::setters::add_binding(&mut self.form_parts, $part, binding);
                }
                self
            }

            #[doc = concat!("The Worker's tags (replacing those given before): `", $part, ".tags`.")]
            pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
                $crate::workers::setters::set_field(&mut self.form_parts, $part, "tags", $crate::workers::strings(tags));
                self
            }

            #[doc = concat!("A script's settings as the API answers them (`settings().get(..)`, `settings().edit(..)`), \
                into `", $part, "` in one call: every setting the answer holds that `", $part, "` takes, under the same \
                name: `bindings` (each as [`Binding::from`](cloudflare_api_runtime::workers::Binding) makes it, in place of one of the same name), \
                `cache_options`, `compatibility_date`, `compatibility_flags`, `limits`, `logpush`, `observability`, \
                `placement`, `tags`, `tail_consumers` and `usage_model`. A setting the answer does not hold (or holds \
                as `null`) stays as it was: nothing is sent empty. What the API answers but never takes is left out: \
                `exports_reconciliation`, and `placement`'s `status` and `last_analyzed_at`. So a Worker's settings \
                go with its code to another namespace or name.")]
            ///
            /// Like the other setters, what it sets replaces what was set
            /// before: call it first, then the setters of what should
            /// differ.
            ///
            /// # Secrets
            ///
            /// The API never answers a secret's value: a `secret_text`
            /// binding comes back without its `text`, a `secret_key`
            /// without its `key_base64` or `key_jwk`. Give each again
            /// with [`binding`](Self::binding) (after this call, or
            /// before it: a secret given before stays), or, when uploading the same
            /// script again, keep its own with
            /// `.binding(Binding::inherit(name))`. Otherwise `send()` is
            /// [`Error::InvalidInput`](cloudflare_api_runtime::Error::InvalidInput) naming
            /// each, and nothing is sent.
            ///
            ///
            /// ```no_run
            #[doc = $example]
            /// ```
            pub fn settings_from(mut self, settings: &$settings) -> Self {
                $crate::workers::settings::apply(&mut self.form_parts, $part, settings);
                self
            }
        }
    };
}
