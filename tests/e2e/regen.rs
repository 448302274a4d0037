//! `cargo xtask regen`, run as a maintainer would, on temporary copies of the
//! workspace's spec and generated file (the checkout is never touched).

use std::path::{Path, PathBuf};

use std::sync::OnceLock;

use cloudflare_api_tests::workspace::{
    copy_of_regen_inputs, copy_of_regen_inputs_of, workspace_root,
};
use xtask::{Error, Mode, Workspace};

/// The spec files of the checkout as regen names them: every `*.yaml`,
/// `*.yml` and `*.json` under `openapi/`, sorted, relative to the root with
/// `/`. Read from the folder, so that adding a spec file changes no test.
fn spec_files() -> Vec<String> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if matches!(
                path.extension().and_then(|ext| ext.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                found.push(path);
            }
        }
    }
    let root = workspace_root();
    let mut paths = Vec::new();
    walk(&root.join(xtask::SPEC_DIR), &mut paths);
    // Sorted as paths, as regen sorts them (`a.yaml` after `a/b.yaml`).
    paths.sort();
    let files: Vec<String> = paths
        .iter()
        .map(|path| {
            let relative = path.strip_prefix(&root).unwrap();
            let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
            parts.join("/")
        })
        .collect();
    assert!(!files.is_empty(), "no spec files in openapi/");
    files
}

#[test]
fn the_committed_generated_code_is_current() {
    let report = xtask::regen(&Workspace::new(workspace_root()), Mode::Check)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.sources, spec_files());
    assert!(!report.written);
}

/// The checkout's generated code, generated once for the tests that read
/// it (a generate of every product takes seconds).
fn generated() -> &'static str {
    static GENERATED: OnceLock<String> = OnceLock::new();
    GENERATED.get_or_init(|| {
        xtask::generate(&Workspace::new(workspace_root())).unwrap_or_else(|e| panic!("{e}"))
    })
}

#[test]
fn check_fails_on_a_hand_edited_generated_file() {
    let copy = copy_of_regen_inputs_of(&["workers-for-platforms"]);
    let workspace = Workspace::new(copy.path());
    let generated = workspace
        .product_dir("workers-for-platforms")
        .join("src/generated.rs");
    let edited = std::fs::read_to_string(&generated)
        .unwrap()
        .replace("pub script_count:", "pub scripts:");
    std::fs::write(&generated, &edited).unwrap();

    let error = xtask::regen(&workspace, Mode::Check).unwrap_err();

    let Error::Stale { ref diff, .. } = error else {
        panic!("expected a stale error, got {error}");
    };
    assert!(diff.contains("-        pub scripts:"), "{diff}");
    assert!(diff.contains("+        pub script_count:"), "{diff}");
    assert!(error.to_string().contains("Run `cargo xtask regen`"));
    // --check writes nothing.
    assert_eq!(std::fs::read_to_string(&generated).unwrap(), edited);
}

#[test]
fn a_spec_edit_reaches_the_generated_crate_and_check_catches_a_forgotten_regen() {
    let copy = copy_of_regen_inputs_of(&["workers-for-platforms"]);
    let workspace = Workspace::new(copy.path());
    // A fix, as a maintainer adds one: a field of the namespace.
    let spec = workspace
        .spec_dir()
        .join("fixes/workers-for-platforms.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    assert!(text.ends_with('\n'), "the fixes file ends with a line");
    let fix = "  - target: $.components.schemas['workers_namespace-response'].properties\n    description: Test-only field.\n    update:\n      logpush_enabled:\n        description: Test-only field.\n        type: boolean\n";
    std::fs::write(&spec, format!("{text}{fix}")).unwrap();

    assert!(matches!(
        xtask::regen(&workspace, Mode::Check),
        Err(Error::Stale { .. })
    ));
    let report = xtask::regen(&workspace, Mode::Write).unwrap();
    assert!(report.written);
    let generated = std::fs::read_to_string(
        workspace
            .product_dir("workers-for-platforms")
            .join("src/generated.rs"),
    )
    .unwrap();
    assert!(generated.contains("pub logpush_enabled: ::std::option::Option<bool>,"));
    xtask::regen(&workspace, Mode::Check).unwrap();
    // A second run has nothing to write.
    assert!(!xtask::regen(&workspace, Mode::Write).unwrap().written);
}

#[test]
fn regen_is_deterministic() {
    let second = xtask::generate(&Workspace::new(workspace_root())).unwrap();
    assert!(generated() == second, "two runs gave different bytes");
}

#[test]
fn the_generated_file_says_it_is_generated_and_from_what() {
    assert!(generated().contains("#![cfg_attr(rustfmt, rustfmt::skip)]"));
    let header = |files: &[String]| {
        format!(
            "// Code generated by `cargo xtask regen` from {}. DO NOT EDIT.",
            files.join(", ")
        )
    };
    let first_line = |path: PathBuf| {
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        text.lines().next().unwrap_or_default().to_owned()
    };
    let root = workspace_root();
    let workspace = Workspace::new(root.clone());
    // The facade's tree joins every product: it names every file.
    assert_eq!(
        first_line(root.join(xtask::FACADE_FILE)),
        header(&spec_files())
    );
    // A product's files name its own (`imported/<product>.json`, the fixes
    // of the same name) and the root document, not the other products'.
    let products = std::fs::read_dir(root.join("crates/products")).unwrap();
    let mut seen = 0;
    for product in products {
        let product = product.unwrap().file_name().to_string_lossy().into_owned();
        let own: Vec<String> = spec_files()
            .into_iter()
            .filter(|file| {
                let stem = Path::new(file)
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                let per_product = file.contains("/imported/") || file.contains("/fixes/");
                !per_product || stem == product
            })
            .collect();
        assert!(
            own.iter().any(|file| file.contains("/imported/")),
            "{product}: {own:?}"
        );
        let dir = workspace.product_dir(&product);
        for file in ["src/lib.rs", "src/generated.rs", "src/tree.rs"] {
            assert_eq!(first_line(dir.join(file)), header(&own), "{product}/{file}");
        }
        seen += 1;
    }
    assert!(seen > 1, "the products of the checkout");
}

/// Cloudflare's own published schema of the 18 Workers for Platforms
/// operations (`benches/regen-cost/workers-for-platforms.json`, cut from
/// `../shared/reference/`), with its product-prefixed envelope
/// (`workers_api-response-common`, `workers_messages`): every JSON answer
/// gets the same lenient envelope handling as the project's spec, and the
/// only constrained newtypes left are the path parameters'.
#[test]
fn cloudflare_s_published_schema_gets_the_same_answer_handling() {
    let copy = copy_of_regen_inputs();
    let workspace = Workspace::new(copy.path());
    // The cut alone, without a product table: one product, `api`, in place
    // of the checkout's.
    let spec_dir = workspace.spec_dir();
    std::fs::remove_dir_all(&spec_dir).unwrap();
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::remove_dir_all(copy.path().join(xtask::PRODUCTS_DIR)).unwrap();
    std::fs::copy(
        workspace_root().join("benches/regen-cost/workers-for-platforms.json"),
        spec_dir.join("workers-for-platforms.json"),
    )
    .unwrap();

    xtask::regen(&workspace, xtask::Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    let code = std::fs::read_to_string(workspace.generated_file()).unwrap();

    // Every operation has its place in the resource tree (the path's,
    // as this cut has no `x-fern-*` names).
    let reached = cloudflare_api_tests::tree_walk::reached(copy.path());
    assert_eq!(reached.len(), 18, "{reached:#?}");
    assert_eq!(
        reached["namespace-worker-script-upload-worker-module"],
        "client.account(account_id).workers().dispatch().namespaces().scripts()\
         .update(dispatch_namespace, script_name)"
    );

    // What each operation's `send()` decodes a success into.
    let answers: std::collections::BTreeSet<&str> = code
        .split("ResponseValue<types::")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .collect();
    assert!(answers.len() >= 10, "{answers:?}");
    for answer in &answers {
        assert!(
            code.contains(&format!("impl crate::Envelope for {answer} {{")),
            "{answer} is not handled as an envelope"
        );
    }
    for envelope in [
        "WorkersApiResponseCommon",
        "WorkersApiResponseCommonFailure",
    ] {
        // The struct itself, or the one its alias names (regen folds
        // copies of one shape into one type, `generate/copies.rs`).
        let alias = format!("pub type {envelope} = ");
        let envelope = match code.split(&alias).nth(1) {
            Some(rest) => rest.split(';').next().unwrap(),
            None => envelope,
        };
        let fields = code
            .split(&format!("pub struct {envelope} {{"))
            .nth(1)
            .unwrap_or_else(|| panic!("no `pub struct {envelope}`"));
        let fields = fields.split("\n    }").next().unwrap();
        assert!(
            fields.contains(
                "pub messages: ::std::option::Option<::std::vec::Vec<crate::ResponseInfo>>"
            ),
            "{fields}"
        );
        assert!(
            fields.contains("pub result_info: ::std::option::Option<crate::ResultInfo>"),
            "{fields}"
        );
    }
    let mut newtypes: Vec<&str> = code
        .split("pub struct ")
        .skip(1)
        .filter_map(newtype_name)
        .collect();
    newtypes.sort_unstable();
    assert_eq!(
        newtypes,
        [
            "WorkersDispatchNamespaceName",
            "WorkersIdentifier",
            "WorkersScriptName"
        ]
    );
}

/// `Name` when `rest` starts `Name(::std::string::String);`.
fn newtype_name(rest: &str) -> Option<&str> {
    let (name, rest) = rest.split_once('(')?;
    rest.starts_with("::std::string::String);").then_some(name)
}
