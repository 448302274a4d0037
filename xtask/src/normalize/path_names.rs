//! `path_parameters_named_as_their_template`: a path parameter declared
//! under another name than the one its path template gives it takes the
//! template's name, when which parameter it is cannot be in doubt.
//!
//! Cloudflare's schema names some parameters of the paths served for an
//! account and for a zone after one of the two: Log Explorer's datasets
//! (`/{accounts_or_zones}/{account_or_zone_id}/logs/explorer/datasets`)
//! declare `account_id` `in: path`, and the template has
//! `{account_or_zone_id}` (11 operations of the 2026-08-14 schema). As
//! written, the template names a parameter that nothing declares, which
//! progenitor cannot generate ("missing path name mapping") and
//! `xtask/src/spec/checks.rs` refuses.
//!
//! When an operation's template has exactly one name that no `in: path`
//! parameter of the operation (or of its path) declares, and exactly one
//! declared `in: path` parameter has a name the template lacks, that
//! declaration is the template's parameter: it is written in place (a
//! `$ref` to a shared parameter becomes a copy of it, so that the other
//! operations using that parameter keep it as it is) with the template's
//! name. Anything else is left to the check, which names it.

use serde_json::Value;

use crate::spec::refs::resolve;

/// The HTTP methods an OpenAPI path item holds operations under.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// See the module's docs.
pub(crate) fn path_parameters_named_as_their_template(document: &mut Value) {
    let mut renames: Vec<(String, Option<String>, usize, Value)> = Vec::new();
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return;
    };
    for (route, item) in paths {
        let template = template_names(route);
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            // (where: the operation's method or the path's, index, resolved)
            let mut declared: Vec<(Option<&str>, usize, &Value)> = Vec::new();
            for (place, parameters) in [
                (None, item.get("parameters")),
                (Some(method), operation.get("parameters")),
            ] {
                let Some(parameters) = parameters.and_then(Value::as_array) else {
                    continue;
                };
                for (index, parameter) in parameters.iter().enumerate() {
                    let parameter = resolve(document, parameter);
                    if parameter.get("in").and_then(Value::as_str) == Some("path") {
                        declared.push((place, index, parameter));
                    }
                }
            }
            let name = |parameter: &Value| {
                parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let missing: Vec<&String> = template
                .iter()
                .filter(|wanted| !declared.iter().any(|(_, _, p)| name(p) == **wanted))
                .collect();
            let extra: Vec<&(Option<&str>, usize, &Value)> = declared
                .iter()
                .filter(|(_, _, p)| !template.contains(&name(p)))
                .collect();
            if let ([missing], [(place, index, parameter)]) = (&missing[..], &extra[..]) {
                let mut renamed = (*parameter).clone();
                renamed["name"] = Value::String((*missing).clone());
                renames.push((route.clone(), place.map(str::to_owned), *index, renamed));
            }
        }
    }
    let paths = document["paths"].as_object_mut().expect("read above");
    for (route, place, index, renamed) in renames {
        let item = &mut paths[&route];
        let holder = match place {
            Some(method) => &mut item[&method],
            None => item,
        };
        holder["parameters"][index] = renamed;
    }
}

/// The names a path template's `{name}`s give, in order.
pub(crate) fn template_names(route: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = route;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        names.push(rest[start + 1..start + end].to_owned());
        rest = &rest[start + end + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::path_parameters_named_as_their_template;

    #[test]
    fn a_parameter_named_otherwise_takes_the_templates_name_when_it_can_only_be_that_one() {
        let mut document = json!({
            "paths": {
                "/{accounts_or_zones}/{account_or_zone_id}/datasets": {
                    "parameters": [{"name": "accounts_or_zones", "in": "path"}],
                    "get": {"parameters": [
                        {"$ref": "#/components/parameters/account_id"},
                        {"name": "limit", "in": "query"},
                    ]},
                },
                "/accounts/{account_id}/datasets": {"get": {"parameters": [
                    {"$ref": "#/components/parameters/account_id"},
                ]}},
                "/{a}/{b}/two-missing": {"get": {"parameters": [
                    {"name": "x", "in": "path"}, {"name": "y", "in": "path"},
                ]}},
            },
            "components": {"parameters": {"account_id": {
                "name": "account_id", "in": "path", "required": true,
                "schema": {"type": "string"},
            }}},
        });
        path_parameters_named_as_their_template(&mut document);
        let paths = &document["paths"];
        assert_eq!(
            paths["/{accounts_or_zones}/{account_or_zone_id}/datasets"]["get"]["parameters"][0],
            json!({
                "name": "account_or_zone_id", "in": "path", "required": true,
                "schema": {"type": "string"},
            })
        );
        // The shared parameter, and the operations that use it rightly,
        // are as they were.
        assert_eq!(
            paths["/accounts/{account_id}/datasets"]["get"]["parameters"][0],
            json!({"$ref": "#/components/parameters/account_id"})
        );
        assert_eq!(
            document["components"]["parameters"]["account_id"]["name"],
            "account_id"
        );
        // Which is which is in doubt: left to the check.
        assert_eq!(
            paths["/{a}/{b}/two-missing"]["get"]["parameters"][0]["name"],
            "x"
        );
    }
}
