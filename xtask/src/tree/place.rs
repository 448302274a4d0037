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
use crate::spec::product_table::{Row, Table};

/// Where an operation's tree starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Scope {
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

    /// Every scope `route` is served under: both `client.account(id)` and
    /// `client.zone(id)` for a path under
    /// `/{accounts_or_zones}/{account_or_zone_id}/...`, which Cloudflare
    /// serves for an account and for a zone (see [`Scope::is_either`]);
    /// else the one of [`Scope::of`].
    ///
    /// Unless the official SDKs name the scope: an operation of the
    /// `accounts` product, or whose SDK chain starts with `accounts`, is
    /// under `client.account(id)` only (the SDKs' `accounts.subscriptions`
    /// of `/{accounts_or_zones}/{account_or_zone_id}/subscriptions`, whose
    /// zone form the `zones` product has as `zones.subscriptions`), and
    /// likewise `zones`.
    pub(super) fn all_of(route: &str, row: Option<&Row>) -> Vec<Scope> {
        if !Scope::is_either(route) {
            return vec![Scope::of(route)];
        }
        let named = row.and_then(|row| {
            let first = row.chain.split('.').next().unwrap_or_default();
            [first, row.product.as_str()]
                .into_iter()
                .find_map(|word| match word {
                    "accounts" => Some(Scope::Account),
                    "zones" => Some(Scope::Zone),
                    _ => None,
                })
        });
        match named {
            Some(scope) => vec![scope],
            None => vec![Scope::Account, Scope::Zone],
        }
    }

    /// Whether `route` starts with `/{accounts_or_zones}/{<id>}`: its first
    /// parameter is `accounts` or `zones`, filled in by the scope handle,
    /// and its second the handle's id.
    pub(super) fn is_either(route: &str) -> bool {
        let segments: Vec<&str> = route.trim_start_matches('/').split('/').collect();
        matches!(segments.as_slice(), [EITHER, id, ..] if is_param(id))
    }

    /// The value of the `{accounts_or_zones}` parameter under this scope.
    pub(super) fn either_value(self) -> Option<&'static str> {
        self.plural()
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

/// The first segment of a path served for an account and for a zone.
pub(super) const EITHER: &str = "{accounts_or_zones}";

pub(super) fn is_param(segment: &str) -> bool {
    segment.starts_with('{') && segment.ends_with('}')
}

/// Where an operation goes: its group (the segments after the scope) and
/// its method name, and whether that name is firm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Placement {
    pub(super) group: Vec<String>,
    pub(super) name: String,
    /// A name the official SDKs (or our `x-rust-tree`) give: kept when an
    /// operation placed by the other rules wants it too, which then takes
    /// its `operationId` instead (see [`method_names`]).
    pub(super) firm: bool,
}

/// The group and method name of `op`, first found of (see the module docs):
/// `x-rust-tree` (each key on its own); the official SDKs' chain and method
/// from the product table; for an operation the SDKs do not cover, the
/// chain of its collection's siblings, else Cloudflare's fern group inside
/// its product; then the path. The method name, where neither `x-rust-tree`
/// nor the SDKs give one, is Cloudflare's `x-fern-sdk-method-name`, else the
/// HTTP method's.
pub(super) fn placement(
    op: &Operation,
    operation: &OperationRef,
    scope: Scope,
    table: Option<&Table>,
) -> Result<Placement, String> {
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
    let row = table.and_then(|table| table.row(&operation.method, &operation.route));
    let sdk = row.filter(|row| !row.chain.is_empty());
    let (fallback_group, fallback_method) = from_path(operation, scope);

    let dotted = |group: &str| -> Vec<String> {
        group
            .split('.')
            .filter(|s| !s.is_empty())
            .map(identifier)
            .collect()
    };
    let mut group: Vec<String> = if let Some(group) = ours_key("group") {
        dotted(group)
    } else if let Some(row) = sdk {
        in_product(
            &row.product,
            dotted(&row.chain).into_iter().skip(1).collect(),
        )
    } else if let Some((row, chain)) =
        row.and_then(|row| Some((row, table?.collection_chain(&operation.route)?)))
    {
        in_product(&row.product, dotted(chain).into_iter().skip(1).collect())
    } else if let Some(group) = extension("x-fern-sdk-group-name") {
        match row {
            Some(row) => in_product(&row.product, dotted(group)),
            None => dotted(group),
        }
    } else {
        match row {
            Some(row) => in_product(&row.product, fallback_group),
            None => fallback_group,
        }
    };
    // A leading `accounts` under an account (`zones` under a zone) is the
    // scope itself; under either, either is (the SDKs' `accounts.subscriptions`
    // of `/{accounts_or_zones}/..` is `client.account(id).subscriptions()`).
    let either = Scope::is_either(&operation.route);
    if group.first().is_some_and(|g| {
        scope.plural() == Some(g.as_str()) || (either && (g == "accounts" || g == "zones"))
    }) {
        group.remove(0);
    }
    let (name, firm) = if let Some(method) = ours_key("method") {
        (identifier(method), true)
    } else if let Some(row) = sdk {
        (identifier(&row.name), true)
    } else if let Some(method) = extension("x-fern-sdk-method-name") {
        (identifier(method), false)
    } else {
        (fallback_method, false)
    };
    Ok(Placement { group, name, firm })
}

/// `group` inside `product`: the product's name first (`kv`,
/// `workers_for_platforms`), unless the group starts with it already.
fn in_product(product: &str, group: Vec<String>) -> Vec<String> {
    let product = identifier(product);
    if group.first() == Some(&product) {
        return group;
    }
    std::iter::once(product).chain(group).collect()
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
        Scope::Account | Scope::Zone => &segments[2.min(segments.len())..],
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
/// `operationId`, firm), where `taken` are the names of its subgroups and
/// of methods written by hand: a name that is taken, or that two
/// operations want, is given up for the operation's `operationId`, except
/// that a firm name (the SDKs', or ours) is kept against names that are
/// not firm. So the names do not depend on the order of the spec, and an
/// operation the SDKs do not cover never takes an SDK's name.
pub(super) fn method_names(taken: &HashSet<String>, wanted: &[(&str, &str, bool)]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut firm_counts: HashMap<&str, usize> = HashMap::new();
    for (name, _, firm) in wanted {
        *counts.entry(name).or_default() += 1;
        if *firm {
            *firm_counts.entry(name).or_default() += 1;
        }
    }
    let mut given: HashSet<String> = HashSet::new();
    wanted
        .iter()
        .map(|&(name, id, firm)| {
            let firm_count = firm_counts.get(name).copied().unwrap_or(0);
            let clashes = if firm {
                firm_count > 1
            } else {
                counts[name] > 1
            };
            let mut name = if clashes || taken.contains(name) {
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
        let placed = placement(&operation(extensions), &route_ref, Scope::of(route), None).unwrap();
        (placed.group, placed.name)
    }

    const NAMESPACES: &str = "/accounts/{account_id}/workers/dispatch/namespaces";

    /// A product table: the SDK covers the namespace's GET, not its PATCH
    /// nor anything under `/other`.
    fn table() -> Table {
        let row = |method: &str, path: &str, product: &str, chain: &str, name: &str| {
            crate::spec::product_table::Row {
                method: method.into(),
                path: path.into(),
                operation_id: String::new(),
                product: product.into(),
                chain: chain.into(),
                name: name.into(),
                from: if chain.is_empty() {
                    "path-prefix"
                } else {
                    "typescript"
                }
                .into(),
            }
        };
        let item = format!("{NAMESPACES}/{{dispatch_namespace}}");
        Table::new(vec![
            row(
                "GET",
                &item,
                "workers-for-platforms",
                "workersForPlatforms.dispatch.namespaces",
                "get",
            ),
            row("PATCH", &item, "workers-for-platforms", "", ""),
            row(
                "GET",
                "/accounts/{account_id}/other",
                "workers-for-platforms",
                "",
                "",
            ),
            row(
                "GET",
                "/accounts/{account_id}/members",
                "accounts",
                "accounts.members",
                "list",
            ),
        ])
    }

    fn placed_in(extensions: serde_json::Value, method: &str, route: &str) -> Placement {
        placement(
            &operation(extensions),
            &at(method, route),
            Scope::of(route),
            Some(&table()),
        )
        .unwrap()
    }

    #[test]
    fn the_sdks_chain_and_name_come_before_cloudflare_s_fern_names() {
        let placed = placed_in(
            serde_json::json!({
                "x-fern-sdk-group-name": "dispatch-namespaces",
                "x-fern-sdk-method-name": "read",
            }),
            "get",
            &format!("{NAMESPACES}/{{dispatch_namespace}}"),
        );
        assert_eq!(
            placed.group,
            ["workers_for_platforms", "dispatch", "namespaces"]
        );
        assert_eq!((placed.name.as_str(), placed.firm), ("get", true));
        // `accounts.members` on an account: the scope's own name is dropped.
        let placed = placed_in(
            serde_json::json!({}),
            "get",
            "/accounts/{account_id}/members",
        );
        assert_eq!(
            (placed.group, placed.name),
            (vec!["members".to_owned()], "list".to_owned())
        );
    }

    #[test]
    fn an_operation_the_sdks_do_not_cover_goes_beside_its_siblings_inside_its_product() {
        let placed = placed_in(
            serde_json::json!({
                "x-fern-sdk-group-name": "dispatch-namespaces",
                "x-fern-sdk-method-name": "edit",
            }),
            "patch",
            &format!("{NAMESPACES}/{{dispatch_namespace}}"),
        );
        assert_eq!(
            placed.group,
            ["workers_for_platforms", "dispatch", "namespaces"]
        );
        assert_eq!((placed.name.as_str(), placed.firm), ("edit", false));
        // No covered sibling: Cloudflare's group, inside the product.
        let placed = placed_in(
            serde_json::json!({"x-fern-sdk-group-name": "other"}),
            "get",
            "/accounts/{account_id}/other",
        );
        assert_eq!(placed.group, ["workers_for_platforms", "other"]);
        assert_eq!(placed.name, "list");
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
            ("update", "namespace-worker-put-script-tags", false),
            ("list", "namespace-worker-get-script-tags", false),
            ("update", "namespace-worker-put-script-tag", false),
            ("scripts", "namespace-worker-list-scripts", false),
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
    fn a_firm_name_is_kept_against_one_that_is_not() {
        let wanted = [
            ("delete", "namespace-worker-delete-scripts", false),
            ("delete", "namespace-worker-script-delete-worker", true),
            ("get", "a-get", true),
            ("get", "another-get", true),
        ];
        assert_eq!(
            method_names(&HashSet::new(), &wanted),
            [
                "namespace_worker_delete_scripts",
                "delete",
                "a_get",
                "another_get"
            ]
        );
    }

    #[test]
    fn a_malformed_extension_is_an_error() {
        let route = at("get", "/accounts/{a}/x");
        let op = operation(serde_json::json!({ "x-rust-tree": "x.y" }));
        assert!(placement(&op, &route, Scope::Account, None).is_err());
    }
}
