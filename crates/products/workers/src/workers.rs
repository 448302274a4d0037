//! Workers scripts typed, for this product's script uploads: the setters of
//! [`cloudflare_api_runtime::workers`] (modules, bindings, settings) on the
//! builders that upload a script (`worker-script-upload-worker-module`),
//! its content (`worker-script-put-content`,
//! `worker-environment-put-script-content`), a version
//! (`worker-versions-upload-version`) or its settings
//! (`worker-script-patch-settings`), and the conversions of this product's
//! types to and from the runtime's [`Binding`] and [`Secret`]: the same
//! implementation Workers for Platforms' uploads have, the same form.
//!
//! # Why this is hand-written
//!
//! The spec describes a script's modules as files and its bindings as
//! objects of a `name` and a `type`; which module is the main one, and the
//! fields of the 36 kinds of bindings, are prose. The setters (the
//! runtime's macros, one implementation for every product that uploads
//! Worker scripts in this form) fill the generated builders' `metadata` (or
//! `settings`) JSON part and files; the generated setters stay for anything
//! they do not cover.

use cloudflare_api_runtime::workers::{Binding, Secret};

use crate::requests::{
    WorkerEnvironmentPutScriptContent, WorkerScriptPatchSettings, WorkerScriptPutContent,
    WorkerScriptUploadWorkerModule, WorkerVersionsUploadVersion,
};
use crate::types;

/// `settings_from`'s doc example, with this product's calls.
macro_rules! settings_example {
    () => {
        r#"
use cloudflare_api::workers::Binding;

# async fn run(account: cloudflare_api::Account) -> Result<(), cloudflare_api::Error> {
let settings = account.workers().scripts().script_and_version_settings();
let answered = settings.get("my-worker").send().await?.result;
settings
    .edit("my-other-worker")
    .settings_from(&answered)
    .binding(Binding::secret_text("API_KEY", "s3cr3t"))
    .send()
    .await?;
# Ok(())
# }
"#
    };
}

cloudflare_api_runtime::workers_module_setters!(
    WorkerScriptUploadWorkerModule,
    "metadata",
    "files"
);
cloudflare_api_runtime::workers_settings_setters!(
    WorkerScriptUploadWorkerModule,
    "metadata",
    types::WorkersScriptAndVersionSettingsItem,
    example = settings_example!()
);
cloudflare_api_runtime::workers_module_setters!(WorkerScriptPutContent, "metadata", "files");
cloudflare_api_runtime::workers_module_setters!(
    WorkerEnvironmentPutScriptContent,
    "metadata",
    "files"
);
cloudflare_api_runtime::workers_module_setters!(WorkerVersionsUploadVersion, "metadata", "files");
cloudflare_api_runtime::workers_settings_setters!(
    WorkerScriptPatchSettings,
    "settings",
    types::WorkersScriptAndVersionSettingsItem,
    example = settings_example!()
);

impl WorkerScriptUploadWorkerModule {
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

impl WorkerVersionsUploadVersion {
    /// Adds a binding to the version's `metadata.bindings` (in place of
    /// one of the same name).
    pub fn binding(mut self, binding: Binding) -> Self {
        cloudflare_api_runtime::workers::setters::add_binding(
            &mut self.form_parts,
            "metadata",
            binding,
        );
        self
    }

    /// The Workers runtime's compatibility date (`YYYY-MM-DD`):
    /// `metadata.compatibility_date`.
    pub fn compatibility_date(mut self, date: impl Into<String>) -> Self {
        cloudflare_api_runtime::workers::setters::set_field(
            &mut self.form_parts,
            "metadata",
            "compatibility_date",
            cloudflare_api_runtime::workers::setters::Value::String(date.into()),
        );
        self
    }

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
/// [`Binding::inherit`] when uploading the same script.
///
/// ```
/// use cloudflare_api_runtime::workers::Binding;
/// use cloudflare_api_workers::types;
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
