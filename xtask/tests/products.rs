//! The product table: the checkout's `openapi/products.tsv` places every
//! operation of the spec, and `cargo xtask products` writes it from a
//! schema, the TypeScript SDK's table and the exceptions (on small
//! stand-ins here: CI never reads `../shared`).

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use xtask::import::products::{self, EXCEPTIONS_FILE_NAME};
use xtask::spec::product_table::{self, FILE_NAME, HEADER};
use xtask::{Error, Mode, Workspace};

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every operation (`GET`, path) of every spec file of the checkout, with
/// the file: read here on its own, not by the regen check it tests.
fn spec_operations() -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut files = Vec::new();
    spec_files(&checkout().join(xtask::SPEC_DIR), &mut files);
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let value: serde_json::Value = serde_yaml_ng::from_str(&text).unwrap();
        let name = file
            .strip_prefix(checkout())
            .unwrap_or(&file)
            .display()
            .to_string();
        for (route, item) in value["paths"].as_object().into_iter().flatten() {
            for method in item.as_object().unwrap().keys() {
                if matches!(
                    method.as_str(),
                    "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace"
                ) {
                    found.push((method.to_uppercase(), route.clone(), name.clone()));
                }
            }
        }
    }
    found
}

/// The spec files under `dir` (not the fixes, which are overlays).
fn spec_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "fixes") {
                spec_files(&path, found);
            }
        } else if matches!(
            path.extension().and_then(|ext| ext.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            found.push(path);
        }
    }
}

fn checkout_rows() -> Vec<product_table::Row> {
    let path = checkout().join(xtask::SPEC_DIR).join(FILE_NAME);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; regen's product check needs it", path.display()));
    product_table::parse(&text).unwrap()
}

#[test]
fn every_operation_of_the_spec_has_a_product() {
    let rows = checkout_rows();
    let product: HashMap<(&str, &str), &str> = rows
        .iter()
        .map(|row| {
            (
                (row.method.as_str(), row.path.as_str()),
                row.product.as_str(),
            )
        })
        .collect();
    let operations = spec_operations();
    assert!(operations.len() >= 26, "{operations:?}");
    let mut missing = Vec::new();
    for (method, route, file) in &operations {
        match product.get(&(method.as_str(), route.as_str())) {
            // An imported file holds its product's operations only; the
            // hand-written files are Workers for Platforms.
            Some(product) => {
                let expected = file
                    .strip_prefix("openapi/imported/")
                    .and_then(|name| name.strip_suffix(".json"))
                    .unwrap_or("workers-for-platforms");
                assert_eq!(*product, expected, "`{method} {route}` in {file}");
            }
            None => missing.push(format!("`{method} {route}` in {file}")),
        }
    }
    assert!(
        missing.is_empty(),
        "no row in openapi/products.tsv for:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_table_is_sorted_complete_and_agrees_with_its_exceptions() {
    let rows = checkout_rows();
    // One row per operation of the 2026-08-14 schema.
    assert_eq!(rows.len(), 3207);
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| (row.path.as_str(), row.method.as_str()))
        .collect();
    assert!(
        keys.windows(2).all(|pair| pair[0] < pair[1]),
        "not sorted, or a row twice"
    );
    let froms: BTreeSet<&str> = rows.iter().map(|row| row.from.as_str()).collect();
    let known = [
        "typescript",
        "exception",
        "path-prefix",
        "scope",
        "fern-group",
        "tag",
        "path-segment",
    ];
    assert!(froms.iter().all(|from| known.contains(from)), "{froms:?}");
    for row in &rows {
        assert!(!row.product.is_empty(), "{row:?}");
        assert_eq!(row.from == "typescript", !row.chain.is_empty(), "{row:?}");
    }
    assert_eq!(
        rows.iter().filter(|row| row.from == "typescript").count(),
        2560
    );

    let exceptions =
        std::fs::read_to_string(checkout().join("openapi").join(EXCEPTIONS_FILE_NAME)).unwrap();
    let listed: Vec<Vec<&str>> = exceptions
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .skip(1)
        .map(|line| line.split('\t').collect())
        .collect();
    let by_key: HashMap<(&str, &str), &product_table::Row> = rows
        .iter()
        .map(|row| ((row.method.as_str(), row.path.as_str()), row))
        .collect();
    for fields in &listed {
        let row = by_key[&(fields[0], fields[1])];
        assert_eq!(
            (row.product.as_str(), row.from.as_str()),
            (fields[2], "exception")
        );
    }
    assert_eq!(
        listed.len(),
        rows.iter().filter(|row| row.from == "exception").count()
    );
}

/// A workspace whose spec folder holds `exceptions`, and beside it a
/// schema (gzipped) and the SDK's table.
fn scratch(exceptions: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let spec_dir = root.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(
        spec_dir.join(EXCEPTIONS_FILE_NAME),
        format!("# a comment\nmethod\tpath\tproduct\treason\n{exceptions}"),
    )
    .unwrap();
    let schema = serde_json::json!({
        "openapi": "3.0.3",
        "paths": {
            "/accounts/{account_id}/workers/scripts": {
                "get": {"operationId": "worker-script-list", "tags": ["Worker Script"]},
                "parameters": [],
            },
            "/accounts/{account_id}/workers/scripts/{script_name}/versions": {
                "get": {"operationId": "worker-versions-list"},
            },
            "/{accounts_or_zones}/{account_or_zone_id}/workers/scripts/x": {
                "post": {},
            },
            "/accounts/{account_id}/builds/tokens": {
                "get": {"operationId": "builds-tokens-list"},
            },
            "/accounts/{account_id}/storage/kv/namespaces": {
                "get": {"operationId": "workers-kv-namespace-list-namespaces"},
            },
        },
    });
    let schema_path = root.path().join("schema.json.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&schema_path).unwrap(),
        flate2::Compression::fast(),
    );
    gz.write_all(schema.to_string().as_bytes()).unwrap();
    gz.finish().unwrap();
    let typescript = products::default_typescript(&schema_path);
    std::fs::write(
        &typescript,
        "operationId\tmethod\tpath\tts_resource\tts_method\tts_pagination\n\
         worker-script-list\tGET\t/accounts/{account_id}/workers/scripts\tworkers.scripts\tlist\tSinglePage\n\
         workers-kv-namespace-list-namespaces\tGET\t/accounts/{account_id}/storage/kv/namespaces\tkv.namespaces\tlist\tV4PagePaginationArray\n",
    )
    .unwrap();
    (root, schema_path, typescript)
}

#[test]
fn products_writes_the_table_then_checks_it() {
    let (root, schema, typescript) = scratch("");
    let workspace = Workspace::new(root.path());
    let report = products::products(&workspace, &schema, &typescript, Mode::Write).unwrap();
    assert_eq!(report.output, "openapi/products.tsv");
    assert!(report.written);
    assert_eq!(report.rows, 5);
    assert_eq!(
        report.products,
        [
            ("workers".to_owned(), 3),
            ("builds".to_owned(), 1),
            ("kv".to_owned(), 1)
        ]
    );
    let by_rule: HashMap<&str, usize> = report.by_rule.iter().copied().collect();
    assert_eq!(
        (
            by_rule["typescript"],
            by_rule["path-prefix"],
            by_rule["path-segment"]
        ),
        (2, 2, 1)
    );
    let table = std::fs::read_to_string(root.path().join("openapi/products.tsv")).unwrap();
    assert_eq!(
        table,
        format!(
            "{}\n\
             GET\t/accounts/{{account_id}}/builds/tokens\tbuilds-tokens-list\tbuilds\t\t\tpath-segment\n\
             GET\t/accounts/{{account_id}}/storage/kv/namespaces\tworkers-kv-namespace-list-namespaces\tkv\tkv.namespaces\tlist\ttypescript\n\
             GET\t/accounts/{{account_id}}/workers/scripts\tworker-script-list\tworkers\tworkers.scripts\tlist\ttypescript\n\
             GET\t/accounts/{{account_id}}/workers/scripts/{{script_name}}/versions\tworker-versions-list\tworkers\t\t\tpath-prefix\n\
             POST\t/{{accounts_or_zones}}/{{account_or_zone_id}}/workers/scripts/x\t\tworkers\t\t\tpath-prefix\n",
            HEADER.join("\t")
        )
    );
    // Again: the same bytes, nothing written; --check passes.
    let again = products::products(&workspace, &schema, &typescript, Mode::Write).unwrap();
    assert!(!again.written);
    products::products(&workspace, &schema, &typescript, Mode::Check).unwrap();

    // An exception changes a row, and --check says the table is stale.
    std::fs::write(
        root.path().join("openapi").join(EXCEPTIONS_FILE_NAME),
        "method\tpath\tproduct\treason\n\
         GET\t/accounts/{account_id}/builds/tokens\tworkers-builds\tCloudflare calls it Workers Builds\n",
    )
    .unwrap();
    let error = products::products(&workspace, &schema, &typescript, Mode::Check).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("openapi/products.tsv: stale: it differs from what the schema gives."),
        "{message}"
    );
    assert!(message.contains("+GET\t/accounts/{account_id}/builds/tokens\tbuilds-tokens-list\tworkers-builds\t\t\texception"), "{message}");
    assert!(message.contains("Run `cargo xtask products`"), "{message}");
}

#[test]
fn bad_exceptions_are_refused_with_their_line() {
    for (exceptions, expected) in [
        (
            "GET\t/accounts/{account_id}/builds/tokens\tbuilds\twhy not\n",
            "openapi/products-exceptions.tsv: line 3: the rule `path-segment` already places \
             `GET /accounts/{account_id}/builds/tokens` in `builds`; remove the exception",
        ),
        (
            "GET\t/accounts/{account_id}/gone\tbuilds\tgone\n",
            "openapi/products-exceptions.tsv: line 3: the schema has no operation \
             `GET /accounts/{account_id}/gone`; remove the exception",
        ),
        (
            "GET\t/accounts/{account_id}/builds/tokens\tBuilds\tcapitals\n",
            "openapi/products-exceptions.tsv: line 3: `Builds` is not a product name (kebab-case)",
        ),
        (
            "GET\t/accounts/{account_id}/builds/tokens\tworkers\t \n",
            "openapi/products-exceptions.tsv: line 3: say why \
             `GET /accounts/{account_id}/builds/tokens` belongs to `workers`",
        ),
    ] {
        let (root, schema, typescript) = scratch(exceptions);
        let error = products::products(
            &Workspace::new(root.path()),
            &schema,
            &typescript,
            Mode::Write,
        )
        .unwrap_err();
        assert!(matches!(error, Error::Products { .. }), "{error:?}");
        assert_eq!(error.to_string(), expected);
        assert!(!root.path().join("openapi/products.tsv").exists());
    }
}

/// The table's `chain` and `name` are the TypeScript SDK's, verbatim, for
/// every operation it covers, and empty for the others: checked against
/// the SDK's table as the project keeps it (`openapi/sdk/`, a copy of
/// `cloudflare-typescript-resources-2026-08-18.tsv`).
#[test]
fn the_tables_chains_and_names_are_the_typescript_sdks() {
    let path = checkout().join("openapi/sdk/typescript-resources-2026-08-18.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut sdk: HashMap<(String, String), (String, String)> = HashMap::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        sdk.insert(
            (fields[1].to_owned(), fields[2].to_owned()),
            (fields[3].to_owned(), fields[4].to_owned()),
        );
    }
    assert_eq!(sdk.len(), 2560);
    let rows = checkout_rows();
    let mut covered = 0;
    for row in &rows {
        match sdk.get(&(row.method.clone(), row.path.clone())) {
            Some((chain, name)) => {
                covered += 1;
                assert_eq!(
                    (&row.chain, &row.name),
                    (chain, name),
                    "{} {}",
                    row.method,
                    row.path
                );
                assert_eq!(row.from, "typescript", "{} {}", row.method, row.path);
            }
            None => assert!(
                row.chain.is_empty() && row.name.is_empty() && row.from != "typescript",
                "{} {}: no SDK covers it",
                row.method,
                row.path
            ),
        }
    }
    assert_eq!(
        covered,
        sdk.len(),
        "every operation the SDK covers has its row"
    );
}
