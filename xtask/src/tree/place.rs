//! Where an operation goes in the tree: its [`Scope`], and its group and
//! method name from `x-rust-tree`, Cloudflare's names or the path
//! ([`placement`]), with the names of one group made distinct
//! ([`method_names`]).

use std::collections::{HashMap, HashSet};

use heck::ToSnakeCase;
use openapiv3::Operation;
use syn::Ident;

use super::TREE_EXTENSION;
use crate::spec::OperationRef;

/// Where an operation's tree starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Scope {
    /// `client.account(id)`: paths under `/accounts/{account_id}`.
    Account,
    /// `client.zone(id)`: paths under `/zones/{zone_id}`.
    Zone,
    /// `client` itself.
    Client,
}

impl Scope {
    /// The scope of `route` (`/accounts/{account_id}/...`).
    pub(super) fn of(route: &str) -> Scope {
        let segments: Vec<&str> = route.trim_start_matches('/').split('/').collect();
        match segments.as_slice() {
            ["accounts", param, ..] if is_param(param) => Scope::Account,
            ["zones", param, ..] if is_param(param) => Scope::Zone,
            _ => Scope::Client,
        }
    }

    /// The type-name prefix of the scope's groups.
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Scope::Account => "Account",
            Scope::Zone => "Zone",
            Scope::Client => "",
        }
    }

    /// The group segment that only repeats the scope.
    fn plural(self) -> Option<&'static str> {
        match self {
            Scope::Account => Some("accounts"),
            Scope::Zone => Some("zones"),
            Scope::Client => None,
        }
    }

    /// Names that the hand-written or scope code already uses.
    pub(super) fn reserved(self) -> &'static [&'static str] {
        match self {
            Scope::Account | Scope::Zone => &["id", "client", "clone"],
            Scope::Client => &[
                "account",
                "zone",
                "builder",
                "from_env",
                "generated",
                "clone",
            ],
        }
    }
}

pub(super) fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// The group and method name of `op`, from the spec (see the module docs).
pub(super) fn placement(
    op: &Operation,
    operation: &OperationRef,
    scope: Scope,
) -> Result<(Vec<String>, String), String> {
    let extension = |key: &str| op.extensions.get(key).and_then(|v| v.as_str());
    let ours = op.extensions.get(TREE_EXTENSION);
    if let Some(value) = ours
        && !value.is_object()
    {
        return Err(format!(
            "`{TREE_EXTENSION}` must be an object with `group` and/or `method`"
        ));
    }
    let ours_key = |key: &str| ours.and_then(|v| v.get(key)).and_then(|v| v.as_str());
    let (fallback_group, fallback_method) = from_path(operation, scope);
    let group = match ours_key("group").or_else(|| extension("x-fern-sdk-group-name")) {
        Some(group) => group
            .split('.')
            .filter(|s| !s.is_empty())
            .map(identifier)
            .collect(),
        None => fallback_group,
    };
    let mut group: Vec<String> = group;
    if let Some(plural) = scope.plural()
        && group.first().is_some_and(|g| g == plural)
    {
        group.remove(0);
    }
    let method = match ours_key("method").or_else(|| extension("x-fern-sdk-method-name")) {
        Some(method) => identifier(method),
        None => fallback_method,
    };
    Ok((group, method))
}

/// The group and method a path gives: the literal segments after the
/// scope, and a name from the HTTP method.
fn from_path(operation: &OperationRef, scope: Scope) -> (Vec<String>, String) {
    let segments: Vec<&str> = operation
        .route
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let rest = match scope {
        Scope::Client => &segments[..],
        Scope::Account | Scope::Zone => &segments[2..],
    };
    let group = rest
        .iter()
        .filter(|s| !is_param(s))
        .map(|s| identifier(s))
        .collect();
    let item = rest.last().is_some_and(|s| is_param(s));
    let method = match operation.method.as_str() {
        "get" if item => "get",
        "get" => "list",
        "post" => "create",
        "put" => "update",
        "patch" => "edit",
        "delete" => "delete",
        other => other,
    };
    (group, method.to_string())
}

/// `name` as a snake-case Rust identifier (a keyword gets a trailing `_`,
/// a leading digit a leading `_`).
fn identifier(name: &str) -> String {
    let mut snake = name.replace(['.', '/'], "_").to_snake_case();
    if snake.is_empty() {
        snake.push('_');
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if syn::parse_str::<Ident>(&snake).is_err() {
        snake.push('_');
    }
    snake
}

/// The method names of one group's operations, given as (wanted name,
/// `operationId`), where `taken` are the names of its subgroups and of
/// methods written by hand: a name two operations want, or one that is
/// taken, is given up by each of them for its `operationId`, so that the
/// names do not depend on the order of the spec.
pub(super) fn method_names(taken: &HashSet<String>, wanted: &[(&str, &str)]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (name, _) in wanted {
        *counts.entry(name).or_default() += 1;
    }
    let mut given: HashSet<String> = HashSet::new();
    wanted
        .iter()
        .map(|&(name, id)| {
            let mut name = if counts[name] > 1 || taken.contains(name) {
                identifier(id)
            } else {
                name.to_owned()
            };
            while taken.contains(&name) || given.contains(&name) {
                name.push_str("_operation");
            }
            given.insert(name.clone());
            name
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(extensions: serde_json::Value) -> Operation {
        serde_json::from_value(serde_json::json!({
            "responses": {},
            "x-placeholder": null,
        }))
        .map(|mut op: Operation| {
            if let serde_json::Value::Object(map) = extensions {
                op.extensions.extend(map);
            }
            op
        })
        .unwrap()
    }

    fn at(method: &str, route: &str) -> OperationRef {
        OperationRef {
            id: "some-operation".into(),
            method: method.into(),
            route: route.into(),
            file: "openapi/test.yaml".into(),
        }
    }

    fn placed(extensions: serde_json::Value, method: &str, route: &str) -> (Vec<String>, String) {
        let route_ref = at(method, route);
        placement(&operation(extensions), &route_ref, Scope::of(route)).unwrap()
    }

    #[test]
    fn cloudflare_s_names_place_an_operation() {
        let (group, name) = placed(
            serde_json::json!({
                "x-fern-sdk-group-name": "dispatch-namespaces.scripts.tags",
                "x-fern-sdk-method-name": "bulk-delete",
            }),
            "delete",
            "/accounts/{account_id}/workers/dispatch/namespaces/{ns}/scripts/{s}/tags",
        );
        assert_eq!(group, ["dispatch_namespaces", "scripts", "tags"]);
        assert_eq!(name, "bulk_delete");
    }

    #[test]
    fn our_extension_overrides_cloudflare_s_names_one_key_at_a_time() {
        let (group, name) = placed(
            serde_json::json!({
                "x-fern-sdk-group-name": "workers.scripts",
                "x-fern-sdk-method-name": "get",
                "x-rust-tree": { "method": "details" },
            }),
            "get",
            "/accounts/{account_id}/workers/scripts/{s}",
        );
        assert_eq!(
            (group, name.as_str()),
            (vec!["workers".into(), "scripts".into()], "details")
        );
    }

    #[test]
    fn without_names_the_path_places_an_operation() {
        let cases = [
            ("get", "/accounts/{a}/workers/dispatch/namespaces", "list"),
            (
                "get",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "get",
            ),
            (
                "post",
                "/accounts/{a}/workers/dispatch/namespaces",
                "create",
            ),
            (
                "put",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "update",
            ),
            (
                "patch",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "edit",
            ),
            (
                "delete",
                "/accounts/{a}/workers/dispatch/namespaces/{n}",
                "delete",
            ),
        ];
        for (method, route, expected) in cases {
            let (group, name) = placed(serde_json::json!({}), method, route);
            assert_eq!(group, ["workers", "dispatch", "namespaces"], "{route}");
            assert_eq!(name, expected, "{method} {route}");
        }
        let (group, name) = placed(serde_json::json!({}), "get", "/user/tokens/{id}");
        assert_eq!(
            (group, name.as_str()),
            (vec!["user".into(), "tokens".into()], "get")
        );
        let (group, _) = placed(serde_json::json!({}), "get", "/zones/{zone_id}/dns_records");
        assert_eq!(group, ["dns_records"]);
    }

    #[test]
    fn a_group_that_repeats_the_scope_is_dropped() {
        let (group, _) = placed(
            serde_json::json!({ "x-fern-sdk-group-name": "accounts.members" }),
            "get",
            "/accounts/{account_id}/members",
        );
        assert_eq!(group, ["members"]);
    }

    #[test]
    fn scopes_come_from_the_path() {
        assert_eq!(Scope::of("/accounts/{account_id}/x"), Scope::Account);
        assert_eq!(Scope::of("/accounts/{account_identifier}"), Scope::Account);
        assert_eq!(Scope::of("/zones/{zone_id}/dns_records"), Scope::Zone);
        assert_eq!(Scope::of("/accounts"), Scope::Client);
        assert_eq!(Scope::of("/user/tokens"), Scope::Client);
    }

    #[test]
    fn names_are_rust_identifiers() {
        assert_eq!(identifier("dispatch-namespaces"), "dispatch_namespaces");
        assert_eq!(identifier("type"), "type_");
        assert_eq!(identifier("self"), "self_");
        assert_eq!(identifier("0rtt"), "_0rtt");
        assert_eq!(identifier("bulk-delete"), "bulk_delete");
    }

    #[test]
    fn clashing_names_fall_back_to_the_operation_id_whatever_the_order() {
        let taken: HashSet<String> = ["scripts".to_owned()].into();
        let wanted = [
            ("update", "namespace-worker-put-script-tags"),
            ("list", "namespace-worker-get-script-tags"),
            ("update", "namespace-worker-put-script-tag"),
            ("scripts", "namespace-worker-list-scripts"),
        ];
        assert_eq!(
            method_names(&taken, &wanted),
            [
                "namespace_worker_put_script_tags",
                "list",
                "namespace_worker_put_script_tag",
                "namespace_worker_list_scripts",
            ]
        );
        let mut reversed = wanted;
        reversed.reverse();
        let mut names = method_names(&taken, &reversed);
        names.reverse();
        assert_eq!(names, method_names(&taken, &wanted));
    }

    #[test]
    fn a_malformed_extension_is_an_error() {
        let route = at("get", "/accounts/{a}/x");
        let op = operation(serde_json::json!({ "x-rust-tree": "x.y" }));
        assert!(placement(&op, &route, Scope::Account).is_err());
    }
}
