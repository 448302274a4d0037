//! The rules that place an operation in a product when no official SDK
//! covers it (647 of the 3,207 operations of the 2026-08-14 schema).
//!
//! The products are the top-level resources of Cloudflare's TypeScript SDK,
//! in kebab-case ([`kebab`]). An operation the SDK covers is in the SDK's
//! product; for the others, the first of these rules that gives one answer
//! decides, each reading only what the schema and the SDK's table say:
//!
//! 1. `path-prefix`: the covered operations that share the longest path
//!    prefix with it, past the scope (see below), are all in one product;
//! 2. `scope`: every covered operation under its scope is in one product
//!    (`/user/...` is `user`, `/radar/...` is `radar`);
//! 3. `fern-group`: the first part of its `x-fern-sdk-group-name` (the
//!    group Cloudflare's own SDK generator reads) is a product's name;
//! 4. `tag`: the covered operations that share one of its tags are all in
//!    one product;
//! 5. `path-segment`: the first literal segment of its path past the scope:
//!    the product most covered operations under that segment are in, or, when
//!    no covered operation is there, a new product named after the segment
//!    (`/accounts/{account_id}/agent-memory/...` is `agent-memory`).
//!
//! A path's scope is its first segment, with the parameter after it when
//! there is one (`accounts/{}`, `zones/{}`, `user`, `radar`); a path under
//! `/{accounts_or_zones}/{account_or_zone_id}` is in both `accounts/{}` and
//! `zones/{}`, so it lands where the same path under `/accounts/{account_id}`
//! or `/zones/{zone_id}` lands. Past the scope, every parameter is the same
//! (`{}`, whatever its name) and version segments (`v1`, `v2`) are left out,
//! so `/accounts/{accountId}/v1/images` is under `images` like
//! `/accounts/{account_id}/images/v1/...`.
//!
//! What the rules place wrongly is listed by hand, with the reason, in
//! `openapi/products-exceptions.tsv` (read by `super::products`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

/// How an operation's product was decided: the `from` column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// The TypeScript SDK covers it: its top-level resource.
    TypeScript,
    /// Listed by hand in the exceptions file.
    Exception,
    PathPrefix,
    Scope,
    FernGroup,
    Tag,
    PathSegment,
}

impl Rule {
    /// Every rule, in the order the table's summary lists them.
    pub const ALL: [Rule; 7] = [
        Rule::TypeScript,
        Rule::Exception,
        Rule::PathPrefix,
        Rule::Scope,
        Rule::FernGroup,
        Rule::Tag,
        Rule::PathSegment,
    ];

    /// Its name in the table's `from` column.
    pub fn name(self) -> &'static str {
        match self {
            Rule::TypeScript => "typescript",
            Rule::Exception => "exception",
            Rule::PathPrefix => "path-prefix",
            Rule::Scope => "scope",
            Rule::FernGroup => "fern-group",
            Rule::Tag => "tag",
            Rule::PathSegment => "path-segment",
        }
    }
}

/// An operation of the schema, with what the rules read of it.
#[derive(Debug, Clone, Default)]
pub struct Operation {
    /// Upper-case (`GET`).
    pub method: String,
    /// As the schema writes it (`/accounts/{account_id}/workers/scripts`).
    pub path: String,
    /// Its `operationId`, if it has one.
    pub id: Option<String>,
    pub tags: Vec<String>,
    /// Its `x-fern-sdk-group-name` (`workers-builds.triggers`).
    pub fern_group: Option<String>,
}

/// Where a path is: its scope and the segments past it, parameters as `{}`
/// and without version segments.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    scope: String,
    rest: Vec<String>,
}

/// Where `path` is (two places for `/{accounts_or_zones}/...`).
fn places(path: &str) -> Vec<Place> {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let is_parameter = |segment: &str| segment.starts_with('{');
    let (scopes, rest): (Vec<String>, &[&str]) = match segments.as_slice() {
        [first, _, rest @ ..] if is_parameter(first) => {
            (vec!["accounts/{}".into(), "zones/{}".into()], rest)
        }
        [first, id, rest @ ..] if is_parameter(id) => (vec![format!("{first}/{{}}")], rest),
        [first, rest @ ..] => (vec![(*first).to_owned()], rest),
        [] => (vec![String::new()], &[]),
    };
    let rest: Vec<String> = rest
        .iter()
        .filter(|segment| !is_version(segment))
        .map(|segment| {
            if is_parameter(segment) {
                "{}".to_owned()
            } else {
                (*segment).to_owned()
            }
        })
        .collect();
    scopes
        .into_iter()
        .map(|scope| Place {
            scope,
            rest: rest.clone(),
        })
        .collect()
}

/// `v1`, `v2`, ...: a version of an API, not a part of it.
fn is_version(segment: &str) -> bool {
    segment.len() > 1
        && segment.starts_with('v')
        && segment[1..].bytes().all(|byte| byte.is_ascii_digit())
}

/// The product name of a TypeScript SDK top-level resource: its words in
/// lower case joined by `-`. A word starts at a capital after a small
/// letter or digit (`workersForPlatforms` is `workers-for-platforms`,
/// `r2DataCatalog` `r2-data-catalog`), and the last capital of a run
/// starts a word when a small letter follows (`originTLSClientAuth` is
/// `origin-tls-client-auth`); so names the SDK writes in one case stay one
/// word (`iam`, `d1`, `securityTXT` is `security-txt`). `DDoS`, which
/// Cloudflare writes with a small `o`, is one word (`DDoSProtection` is
/// `ddos-protection`). These are the names of Cloudflare's Python SDK,
/// with `-` for `_` (`origin_tls_client_auth`, `ddos_protection`).
pub fn kebab(name: &str) -> String {
    let name = name.replace("DDoS", "Ddos");
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let previous = chars[i - 1];
            let next_is_small = chars.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if previous.is_ascii_lowercase()
                || previous.is_ascii_digit()
                || (previous.is_ascii_uppercase() && next_is_small)
            {
                out.push('-');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Whether `name` can name a product (and a crate `cloudflare-api-<name>`):
/// lower-case words of letters and digits joined by single `-`.
pub fn is_product_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
        })
}

/// The rules, with what they read of the covered operations.
#[derive(Debug)]
pub struct Rules {
    /// Each covered operation's places and product.
    covered: Vec<(Vec<Place>, String)>,
    /// Every product the SDK has.
    products: BTreeSet<String>,
    /// The products of the covered operations of each tag.
    tags: HashMap<String, BTreeSet<String>>,
}

impl Rules {
    /// The rules for a schema whose covered operations (with their product)
    /// are `covered`.
    pub fn new<'a>(covered: impl IntoIterator<Item = (&'a Operation, &'a str)>) -> Self {
        let mut rules = Rules {
            covered: Vec::new(),
            products: BTreeSet::new(),
            tags: HashMap::new(),
        };
        for (operation, product) in covered {
            rules
                .covered
                .push((places(&operation.path), product.to_owned()));
            rules.products.insert(product.to_owned());
            for tag in &operation.tags {
                rules
                    .tags
                    .entry(tag.clone())
                    .or_default()
                    .insert(product.to_owned());
            }
        }
        rules
    }

    /// The product of `operation`, which the SDK does not cover, and the rule
    /// that placed it; `None` when no rule does.
    pub fn place(&self, operation: &Operation) -> Option<(Rule, String)> {
        let places = places(&operation.path);
        let only = |products: BTreeSet<&String>| match products.len() {
            1 => products.into_iter().next().cloned(),
            _ => None,
        };
        if let Some(product) = only(self.longest_prefix(&places)) {
            return Some((Rule::PathPrefix, product));
        }
        let in_scope: BTreeSet<&String> = self
            .covered
            .iter()
            .filter(|(theirs, _)| same_scope(theirs, &places))
            .map(|(_, product)| product)
            .collect();
        if let Some(product) = only(in_scope) {
            return Some((Rule::Scope, product));
        }
        if let Some(group) = &operation.fern_group {
            let first = group.split('.').next().unwrap_or_default();
            if self.products.contains(first) {
                return Some((Rule::FernGroup, first.to_owned()));
            }
        }
        let tagged: BTreeSet<&String> = operation
            .tags
            .iter()
            .filter_map(|tag| self.tags.get(tag))
            .flatten()
            .collect();
        if let Some(product) = only(tagged) {
            return Some((Rule::Tag, product));
        }
        self.path_segment(&places)
            .map(|product| (Rule::PathSegment, product))
    }

    /// The products of the covered operations that share the longest prefix
    /// past the scope (one segment at least) with any of `places`.
    fn longest_prefix(&self, places: &[Place]) -> BTreeSet<&String> {
        let mut longest = 0;
        let mut products = BTreeSet::new();
        for (theirs, product) in &self.covered {
            for (mine, theirs) in pairs(places, theirs) {
                let shared = mine
                    .rest
                    .iter()
                    .zip(&theirs.rest)
                    .take_while(|(a, b)| a == b)
                    .count();
                if shared == 0 || shared < longest {
                    continue;
                }
                if shared > longest {
                    longest = shared;
                    products.clear();
                }
                products.insert(product);
            }
        }
        products
    }

    /// The product most covered operations under the first literal segment
    /// of `places` (past the scope) are in (the first by name when several
    /// have as many), or a new one named after that segment.
    fn path_segment(&self, places: &[Place]) -> Option<String> {
        let segment = places
            .iter()
            .find_map(|place| place.rest.iter().find(|segment| *segment != "{}"))?;
        let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
        for (theirs, product) in &self.covered {
            if pairs(places, theirs).any(|(_, theirs)| theirs.rest.first() == Some(segment)) {
                *counts.entry(product).or_default() += 1;
            }
        }
        let most = counts.values().copied().max();
        match most {
            Some(most) => counts
                .into_iter()
                .find(|(_, count)| *count == most)
                .map(|(product, _)| product.clone()),
            None => {
                let named = segment.to_ascii_lowercase().replace('_', "-");
                is_product_name(&named).then_some(named)
            }
        }
    }
}

/// Each of `mine` with each of `theirs` in the same scope.
fn pairs<'a>(
    mine: &'a [Place],
    theirs: &'a [Place],
) -> impl Iterator<Item = (&'a Place, &'a Place)> {
    mine.iter().flat_map(move |mine| {
        theirs
            .iter()
            .filter(move |theirs| theirs.scope == mine.scope)
            .map(move |theirs| (mine, theirs))
    })
}

fn same_scope(theirs: &[Place], mine: &[Place]) -> bool {
    pairs(mine, theirs).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(method: &str, path: &str) -> Operation {
        Operation {
            method: method.into(),
            path: path.into(),
            ..Operation::default()
        }
    }

    #[test]
    fn product_names_are_the_sdks_resources_in_kebab_case() {
        for (resource, product) in [
            ("workersForPlatforms", "workers-for-platforms"),
            ("zeroTrust", "zero-trust"),
            ("DDoSProtection", "ddos-protection"),
            ("aiGateway", "ai-gateway"),
            ("r2", "r2"),
            ("d1", "d1"),
            ("r2DataCatalog", "r2-data-catalog"),
            ("magicTransit", "magic-transit"),
            ("iam", "iam"),
            ("cloudforceOne", "cloudforce-one"),
            ("originCACertificates", "origin-ca-certificates"),
            ("originTLSClientAuth", "origin-tls-client-auth"),
            ("securityTXT", "security-txt"),
            ("web3", "web3"),
        ] {
            assert_eq!(kebab(resource), product, "{resource}");
            assert!(is_product_name(product), "{product}");
        }
        assert!(!is_product_name("members:batchcreate"));
        assert!(!is_product_name("a--b"));
    }

    #[test]
    fn places_drop_the_scope_parameters_names_and_versions() {
        let place = |scope: &str, rest: &[&str]| Place {
            scope: scope.into(),
            rest: rest.iter().map(|s| (*s).to_owned()).collect(),
        };
        assert_eq!(
            places("/accounts/{accountId}/v1/images/{imageId}"),
            [place("accounts/{}", &["images", "{}"])]
        );
        assert_eq!(
            places("/{accounts_or_zones}/{account_or_zone_id}/rulesets"),
            [
                place("accounts/{}", &["rulesets"]),
                place("zones/{}", &["rulesets"])
            ]
        );
        assert_eq!(places("/radar/origins"), [place("radar", &["origins"])]);
        assert_eq!(places("/user"), [place("user", &[])]);
    }

    /// Two products under `/accounts/{account_id}`, `user` under `/user`.
    fn covered() -> Vec<(Operation, &'static str)> {
        let mut tagged = operation("GET", "/accounts/{account_id}/rules/lists");
        tagged.tags = vec!["Lists".into()];
        vec![
            (
                operation("GET", "/accounts/{account_id}/workers/scripts"),
                "workers",
            ),
            (
                operation("GET", "/accounts/{account_id}/workers/dispatch/namespaces"),
                "workers-for-platforms",
            ),
            (
                operation("GET", "/{accounts_or_zones}/{account_or_zone_id}/rulesets"),
                "rulesets",
            ),
            (tagged, "rules"),
            (operation("GET", "/user/tokens"), "user"),
        ]
    }

    fn place(rules: &Rules, operation: &Operation) -> Option<(&'static str, String)> {
        rules
            .place(operation)
            .map(|(rule, product)| (rule.name(), product))
    }

    #[test]
    fn an_operation_under_a_covered_prefix_gets_that_product() {
        let covered = covered();
        let rules = Rules::new(covered.iter().map(|(op, product)| (op, *product)));
        let placed = |path| place(&rules, &operation("GET", path));
        assert_eq!(
            placed(
                "/accounts/{account_id}/workers/dispatch/namespaces/{dispatch_namespace}/scripts/{script_name}/secrets"
            ),
            Some(("path-prefix", "workers-for-platforms".into()))
        );
        assert_eq!(
            placed("/accounts/{account_id}/workers/scripts/{script_name}/versions"),
            Some(("path-prefix", "workers".into()))
        );
        // `workers` is shared by two products, the longest prefix decides;
        // with nothing longer, the product most operations under it are in
        // (by name when as many).
        assert_eq!(
            placed("/accounts/{account_id}/workers/placement/regions"),
            Some(("path-segment", "workers".into()))
        );
        assert_eq!(
            placed("/user/communication_preferences"),
            Some(("scope", "user".into()))
        );
        assert_eq!(
            placed("/accounts/{account_id}/agent-memory/namespaces"),
            Some(("path-segment", "agent-memory".into()))
        );
    }

    #[test]
    fn accounts_or_zones_lands_where_accounts_or_zones_land() {
        let covered = covered();
        let rules = Rules::new(covered.iter().map(|(op, product)| (op, *product)));
        // The covered operation is under `/{accounts_or_zones}`: an
        // operation under either scope finds it.
        for path in [
            "/zones/{zone_id}/rulesets/{ruleset_id}/versions",
            "/accounts/{account_id}/rulesets/phases/{ruleset_phase}/entrypoint",
        ] {
            assert_eq!(
                place(&rules, &operation("GET", path)),
                Some(("path-prefix", "rulesets".into())),
                "{path}"
            );
        }
        // And one under `/{accounts_or_zones}` finds a covered operation
        // under `/accounts/{account_id}`.
        assert_eq!(
            place(
                &rules,
                &operation(
                    "GET",
                    "/{accounts_or_zones}/{account_or_zone_id}/workers/dispatch/x"
                )
            ),
            Some(("path-prefix", "workers-for-platforms".into()))
        );
    }

    #[test]
    fn fern_group_then_tag_when_the_path_says_nothing() {
        let covered = covered();
        let rules = Rules::new(covered.iter().map(|(op, product)| (op, *product)));
        let mut grouped = operation("GET", "/accounts/{account_id}/elsewhere");
        grouped.fern_group = Some("workers.elsewhere".into());
        assert_eq!(
            place(&rules, &grouped),
            Some(("fern-group", "workers".into()))
        );
        let mut tagged = operation("GET", "/accounts/{account_id}/other");
        tagged.tags = vec!["Lists".into()];
        assert_eq!(place(&rules, &tagged), Some(("tag", "rules".into())));
        // Nothing past the scope, no group, no tag: no product.
        assert_eq!(
            place(&rules, &operation("GET", "/accounts/{account_id}")),
            None
        );
    }
}
