//! Workers scripts typed, for this product's script uploads: the setters of
//! [`cloudflare_api_runtime::workers`] (modules, bindings, settings, a
//! Worker's content read back) on the builders that upload a script, its
//! content or its settings, and the conversions of this product's types to
//! and from the runtime's [`Binding`] and [`Secret`].
//!
//! # Why this is hand-written
//!
//! The spec describes a script's modules as files and its bindings as
//! objects of a `name` and a `type`; which module is the main one, and the
//! fields of the 36 kinds of bindings, are prose. The setters (one
//! implementation, the runtime's macros, for every product that uploads
//! Worker scripts in this form) fill the generated builders' `metadata` (or
//! `settings`) JSON part and files; the generated setters stay for anything
//! they do not cover.

use cloudflare_api_runtime::workers::{Binding, Secret};

use crate::requests::{
    NamespaceWorkerPatchScriptSettings, NamespaceWorkerPutScriptContent,
    NamespaceWorkerScriptUploadWorkerModule,
};
use crate::types;

cloudflare_api_runtime::workers_module_setters!(
    NamespaceWorkerScriptUploadWorkerModule,
    "metadata",
    "files"
);
cloudflare_api_runtime::workers_settings_setters!(
    NamespaceWorkerScriptUploadWorkerModule,
    "metadata",
    types::WorkersNamespaceScriptAndVersionSettingsItem
);
cloudflare_api_runtime::workers_module_setters!(
    NamespaceWorkerPutScriptContent,
    "metadata",
    "files"
);
cloudflare_api_runtime::workers_settings_setters!(
    NamespaceWorkerPatchScriptSettings,
    "settings",
    types::WorkersNamespaceScriptAndVersionSettingsItem
);

impl NamespaceWorkerScriptUploadWorkerModule {
    /// Binding kinds (`type`s) to keep from the previous version, as they
    /// are, without listing them: `metadata.keep_bindings`.
    pub fn keep_bindings<S: Into<String>>(mut self, kinds: impl IntoIterator<Item = S>) -> Self {
        cloudflare_api_runtime::workers::setters::set_field(
            &mut self.form_parts,
            "metadata",
            "keep_bindings",
            cloudflare_api_runtime::workers::strings(kinds),
        );
        self
    }
}

/// A binding as an answer holds it, every field of any kind kept, as the
/// runtime's [`Binding`]: what an upload's `.binding(..)` takes again.
///
/// The API never answers a secret's value: a `secret_text` binding comes
/// back without its `text` (a `secret_key` without its key). Give it again
/// ([`Binding::secret_text`]), or keep the script's own with
/// [`Binding::inherit`] when uploading the same script. An upload's
/// `.settings_from(..)` takes a whole settings answer, its bindings
/// converted this way.
///
/// ```
/// use cloudflare_api_runtime::workers::Binding;
/// use cloudflare_api_workers_for_platforms::types;
///
/// let answered: types::WorkersBindingItem = serde_json::from_value(serde_json::json!({
///     "name": "FILES", "type": "r2_bucket", "bucket_name": "files", "jurisdiction": "eu",
/// })).unwrap();
/// let binding = Binding::from(answered);
/// assert_eq!(binding, Binding::r2_bucket("FILES", "files").with("jurisdiction", "eu"));
/// ```
impl From<types::WorkersBindingItem> for Binding {
    fn from(binding: types::WorkersBindingItem) -> Binding {
        Binding::from_answer(&binding)
    }
}

impl From<&types::WorkersBindingItem> for Binding {
    fn from(binding: &types::WorkersBindingItem) -> Binding {
        Binding::from_answer(binding)
    }
}

/// The generated type the operations send, checked against the spec; the
/// error names the field and never holds the secret.
impl TryFrom<Secret> for types::WorkersSecret {
    type Error = String;

    fn try_from(secret: Secret) -> Result<types::WorkersSecret, String> {
        secret.into_generated(types::WorkersSecret::Text, types::WorkersSecret::Key)
    }
}
