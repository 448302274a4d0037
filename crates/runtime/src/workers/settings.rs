//! A script's settings as the API answers them
//! (a product's `types::WorkersNamespaceScriptAndVersionSettingsItem`, from
//! `settings().get(..)` or `settings().edit(..)`), put into an upload's
//! metadata or a settings PATCH: `.settings_from(..)`.

use serde_json::{Map, Value};

use super::Binding;
use super::setters::{add_binding, set_field};
use crate::multipart::FormParts;

/// The settings an answer holds that an upload's metadata (the spec's
/// `script-upload-metadata`) and a settings PATCH (its `script-settings`)
/// take under the same name: every property of Cloudflare's
/// `workers_namespace-script-and-version-settings-item` but
/// `exports_reconciliation`, which is read-only (what the API did with an
/// upload's `exports`), and `exports` and `migrations`, which are
/// write-only (no answer holds them). `tests/e2e/worker_content.rs` checks
/// this list against the spec.
pub(crate) const CARRIED: [&str; 11] = [
    "bindings",
    "cache_options",
    "compatibility_date",
    "compatibility_flags",
    "limits",
    "logpush",
    "observability",
    "placement",
    "tags",
    "tail_consumers",
    "usage_model",
];

/// Fields of the carried settings that the API answers but never takes
/// (`readOnly` in the spec): left out. `(setting, field)`.
pub(crate) const READ_ONLY: [(&str, &str); 2] =
    [("placement", "last_analyzed_at"), ("placement", "status")];

/// The binding kinds whose value the API never answers, with the fields
/// that hold it (write-only, and secret, in the spec).
const SECRET_KINDS: [(&str, &[&str]); 2] = [
    ("secret_text", &["text"]),
    ("secret_key", &["key_base64", "key_jwk"]),
];

/// Puts the settings of `settings` that the JSON part `part` takes into
/// it (see `settings_from`), and has `send()` refuse a secret binding
/// without its value.
#[doc(hidden)]
pub fn apply(form: &mut FormParts, part: &'static str, settings: &impl serde::Serialize) {
    // Through its JSON, which is what the API sent: a setting it did not
    // send (or sent as `null`) is absent there, and stays unset.
    let Ok(Value::Object(mut answered)) = serde_json::to_value(settings) else {
        return;
    };
    for (setting, field) in READ_ONLY {
        if let Some(Value::Object(object)) = answered.get_mut(setting) {
            object.remove(field);
        }
    }
    for setting in CARRIED {
        match answered.remove(setting) {
            None | Some(Value::Null) => {}
            Some(Value::Array(bindings)) if setting == "bindings" => {
                let given = given_bindings(form, part);
                for binding in bindings {
                    let Value::Object(binding) = binding else {
                        continue;
                    };
                    let binding = Binding::from_json(binding);
                    // A secret that came back without its value stands in
                    // for one to give: one given already stays.
                    if !(secret_without_value(binding.as_json()).is_some()
                        && given.iter().any(|name| name == binding.name()))
                    {
                        add_binding(form, part, binding);
                    }
                }
            }
            Some(value) => set_field(form, part, setting, value),
        }
    }
    form.check(
        part,
        "secret bindings have their values",
        secrets_have_values,
    );
}

/// The names of the bindings the part `part` holds so far.
fn given_bindings(form: &mut FormParts, part: &'static str) -> Vec<String> {
    form.json_object(part)
        .ok()
        .and_then(|object| object.get("bindings")?.as_array().cloned())
        .into_iter()
        .flatten()
        .filter_map(|b| Some(b.get("name")?.as_str()?.to_owned()))
        .collect()
}

/// The kind of `binding` when it is a secret whose value it lacks (as the
/// API answers one).
fn secret_without_value(binding: &Map<String, Value>) -> Option<&'static str> {
    let kind = binding.get("type")?.as_str()?;
    let (kind, fields) = SECRET_KINDS.iter().find(|(k, _)| *k == kind)?;
    let has_value = fields
        .iter()
        .any(|field| binding.get(*field).is_some_and(|v| !v.is_null()));
    (!has_value).then_some(kind)
}

/// `Err` naming every secret binding of `part` (a metadata or settings
/// object) that has no value, and saying how to give one.
fn secrets_have_values(part: &Value) -> Result<(), String> {
    let missing: Vec<String> = part
        .get("bindings")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter_map(|binding| {
            let kind = secret_without_value(binding)?;
            let name = binding.get("name").and_then(Value::as_str).unwrap_or("");
            Some(format!("`{name}` ({kind})"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(format!(
        "secret bindings without their values: {}. The API never answers a secret's value, \
         so the settings read back hold none: give each again \
         (`.binding(Binding::secret_text(name, value))`; a `secret_key` with its `key_base64` \
         or `key_jwk`), or, uploading the same script again, keep the script's own \
         (`.binding(Binding::inherit(name))`)",
        missing.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_secret_without_its_value_is_told_from_one_with_it() {
        let object = |v: Value| v.as_object().unwrap().clone();
        for (binding, missing) in [
            (
                json!({"type": "secret_text", "name": "A"}),
                Some("secret_text"),
            ),
            (
                json!({"type": "secret_text", "name": "A", "text": null}),
                Some("secret_text"),
            ),
            (
                json!({"type": "secret_text", "name": "A", "text": "v"}),
                None,
            ),
            (
                json!({"type": "secret_key", "name": "K", "format": "raw"}),
                Some("secret_key"),
            ),
            (
                json!({"type": "secret_key", "name": "K", "key_jwk": {}}),
                None,
            ),
            (json!({"type": "plain_text", "name": "P"}), None),
            (json!({"type": "inherit", "name": "A"}), None),
        ] {
            assert_eq!(
                secret_without_value(&object(binding.clone())),
                missing,
                "{binding}"
            );
        }
        let error = secrets_have_values(&json!({"bindings": [
            {"type": "secret_text", "name": "API_KEY"},
            {"type": "plain_text", "name": "P", "text": "p"},
            {"type": "secret_key", "name": "SIGNING", "format": "raw"},
        ]}))
        .unwrap_err();
        assert!(
            error.starts_with(
                "secret bindings without their values: `API_KEY` (secret_text), `SIGNING` (secret_key)."
            ),
            "{error}"
        );
        assert!(error.contains("Binding::inherit(name)"), "{error}");
        assert_eq!(secrets_have_values(&json!({"main_module": "a.js"})), Ok(()));
    }
}
