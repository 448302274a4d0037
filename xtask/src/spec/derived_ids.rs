//! `operationId`s for the operations Cloudflare publishes without one (130
//! of its schema of 2026-08-14, all under
//! `/{accounts_or_zones}/{account_or_zone_id}/...`), derived by one rule,
//! so that they are the same on every re-import and no fix is needed:
//!
//! 1. an id a fix gives (`openapi/fixes/`) is kept: the rule fills only
//!    what is still missing after the fixes;
//! 2. where the product table (`openapi/products.tsv`) gives the official
//!    SDKs' chain and method name, the id is both in kebab case, the name
//!    users see in Cloudflare's docs and SDKs: `zeroTrust.access.applications`
//!    and `list` give `zero-trust-access-applications-list`;
//! 3. else the HTTP method and the path, from its first literal segment
//!    (leading parameters, such as the scope's, are left out), each segment
//!    in kebab case: `GET /{accounts_or_zones}/{account_or_zone_id}/rulesets/{ruleset_id}`
//!    gives `get-rulesets-ruleset-id`.
//!
//! An id derived twice, or equal to a published one, is refused like any
//! other id used twice (`unique_operations`), naming both operations.

use heck::ToKebabCase;
use serde_json::Value;

use crate::spec::product_table::Table;

/// The methods of a path item that are operations.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Gives every operation of `document` that has no `operationId` (after the
/// fixes) the one [`derived`] says.
pub(crate) fn apply(document: &mut Value, table: Option<&Table>) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (route, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let missing = operation
                .get("operationId")
                .and_then(Value::as_str)
                .is_none_or(str::is_empty);
            if missing {
                let id = derived(method, route, table);
                operation.insert("operationId".into(), Value::String(id));
            }
        }
    }
}

/// The id of the operation `method` (lower case) `route` (see the module
/// docs).
pub(crate) fn derived(method: &str, route: &str, table: Option<&Table>) -> String {
    let row = table
        .and_then(|table| table.row(method, route))
        .filter(|row| !row.chain.is_empty() && !row.name.is_empty());
    let words: Vec<String> = match row {
        Some(row) => row
            .chain
            .split('.')
            .chain([row.name.as_str()])
            .map(|word| word.to_kebab_case())
            .collect(),
        None => std::iter::once(method.to_lowercase())
            .chain(
                route
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .skip_while(|s| s.starts_with('{'))
                    .map(|s| s.trim_matches(['{', '}']).to_kebab_case()),
            )
            .collect(),
    };
    words
        .into_iter()
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::product_table::Row;

    fn table() -> Table {
        Table::new(vec![Row {
            method: "GET".into(),
            path: "/{accounts_or_zones}/{account_or_zone_id}/access/apps".into(),
            operation_id: String::new(),
            product: "zero-trust".into(),
            chain: "zeroTrust.access.applications".into(),
            name: "userPolicyChecks".into(),
            from: "typescript".into(),
        }])
    }

    #[test]
    fn the_sdks_chain_and_name_give_the_id() {
        let route = "/{accounts_or_zones}/{account_or_zone_id}/access/apps";
        assert_eq!(
            derived("get", route, Some(&table())),
            "zero-trust-access-applications-user-policy-checks"
        );
    }

    #[test]
    fn without_the_sdks_the_method_and_path_give_it() {
        let route = "/{accounts_or_zones}/{account_or_zone_id}/rulesets/{ruleset_id}/versions";
        assert_eq!(
            derived("get", route, Some(&table())),
            "get-rulesets-ruleset-id-versions"
        );
        assert_eq!(derived("post", "/things", None), "post-things");
    }

    #[test]
    fn only_a_missing_id_is_derived() {
        let mut document = serde_json::json!({"paths": {"/a/{a_id}": {
            "get": {"operationId": "a-get"},
            "delete": {},
            "parameters": [],
        }}});
        apply(&mut document, None);
        assert_eq!(
            document["paths"]["/a/{a_id}"]["get"]["operationId"],
            "a-get"
        );
        assert_eq!(
            document["paths"]["/a/{a_id}"]["delete"]["operationId"],
            "delete-a-a-id"
        );
    }
}
