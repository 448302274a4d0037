//! CONTRIBUTING.md's "adding an endpoint", walked for real: on a temporary
//! copy of the workspace, import the operation as the guide's command says
//! (from a cut of Cloudflare's schema kept in `tests/fixtures/`, as CI never
//! reads the maintainers' copy beside the checkout), run regen, and
//! run the parts of the suite that depend on the spec there: regen's
//! check, the tree's reach (`tree_walk`, as `tests/e2e/tree.rs`), and the
//! contract (every operation, the new one too, sent with the spec's
//! examples to Prism serving the copy's spec, as `tests/e2e/contract.rs`), plus
//! the guide's own call, with no hand-written Rust.

use std::path::Path;
use std::process::Command;

use cloudflare_api_tests::prism_server::Prism;
use cloudflare_api_tests::workspace::{keep_only_products, workspace_root};
use xtask::{Mode, Workspace};

/// The fenced block that follows `<!-- extension-test: {name} -->`.
fn guide_block(guide: &str, name: &str) -> String {
    let marker = format!("<!-- extension-test: {name} -->");
    let after = guide
        .split_once(&marker)
        .unwrap_or_else(|| panic!("CONTRIBUTING.md has no {marker}"))
        .1;
    let body = after
        .split_once("```")
        .and_then(|(_, rest)| rest.split_once('\n'))
        .map(|(_, rest)| rest)
        .expect("a fenced block follows the marker");
    let (block, _) = body.split_once("\n```").expect("the block is closed");
    format!("{block}\n")
}

/// What the guide's `cargo xtask import ...` line selects; it may use
/// `--operation`, `--product`, `--tag` and `--path-prefix`.
fn import_selection(block: &str) -> xtask::import::Selection {
    let line = block.trim();
    let args = line
        .strip_prefix("cargo xtask import")
        .unwrap_or_else(|| panic!("not an import: {line}"));
    let mut selection = xtask::import::Selection::default();
    let mut words = args.split_whitespace();
    while let Some(option) = words.next() {
        let value = words
            .next()
            .unwrap_or_else(|| panic!("{option} without a value"))
            .to_owned();
        match option {
            "--operation" => selection.operations.push(value),
            "--product" => selection.products.push(value),
            "--tag" => selection.tags.push(value),
            "--path-prefix" => selection.path_prefixes.push(value),
            _ => panic!("the test does not know {option}"),
        }
    }
    selection
}

/// Copies the workspace's sources (not build output, VCS data or
/// installed packages) to `to`.
fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_sources(&path, &to.join(&*name));
        } else {
            std::fs::copy(&path, to.join(&*name)).unwrap();
        }
    }
}

/// Makes `target` a target folder holding the main build's compiled
/// dependencies: the `deps`, `build` and `.fingerprint` entries of the
/// profile folder this test binary was built in, as hard links (no copy,
/// no space), all but those of the workspace's own packages (named as in
/// `copy`'s `cargo metadata`), which the copy builds itself under the same
/// names. Cargo never writes to the files of a unit it finds fresh, so the
/// main build's files stay as they are; anything the copy builds is a new
/// file in `target`. Made anew each run.
fn seed_target(target: &Path, copy: &Path) {
    let exe = std::env::current_exe().unwrap();
    // target/<profile>/deps/e2e-<hash>
    let main = exe.parent().and_then(Path::parent).unwrap();
    let profile = main.file_name().unwrap();
    let seed = target.join(profile);
    if target.exists() {
        std::fs::remove_dir_all(target).unwrap();
    }
    let own = workspace_names(copy);
    let is_own = |entry: &str| {
        let stem = entry.split('.').next().unwrap_or(entry);
        let name = stem.rsplit_once('-').map_or(stem, |(name, _)| name);
        own.iter()
            .any(|own| name == own || name.strip_prefix("lib") == Some(own.as_str()))
    };
    for folder in ["deps", "build", ".fingerprint"] {
        let from = main.join(folder);
        let to = seed.join(folder);
        std::fs::create_dir_all(&to).unwrap();
        let Ok(entries) = std::fs::read_dir(&from) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if !is_own(&name.to_string_lossy()) {
                link_tree(&entry.path(), &to.join(&name));
            }
        }
    }
}

/// The package and library names of the workspace at `root`, with `-` as
/// `_` too (file names in `deps` use the crate name).
fn workspace_names(root: &Path) -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut names = Vec::new();
    for package in metadata["packages"].as_array().unwrap() {
        names.push(package["name"].as_str().unwrap().to_owned());
        for target in package["targets"].as_array().unwrap() {
            let kinds = target["kind"].as_array().unwrap();
            if kinds.iter().any(|k| k == "lib" || k == "proc-macro") {
                names.push(target["name"].as_str().unwrap().to_owned());
            }
        }
    }
    let underscored: Vec<String> = names.iter().map(|n| n.replace('-', "_")).collect();
    names.extend(underscored);
    names.sort_unstable();
    names.dedup();
    names
}

/// `from` hard-linked at `to`, folders recursively.
fn link_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            link_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::hard_link(from, to).unwrap();
    }
}

/// The product the guide's operation makes (`cloudflare-api-dcv-delegation`).
const PRODUCT: &str = "dcv-delegation";

/// The example program the test runs in the copy: the guide's call, then
/// every example call of the new product (as `tests/e2e/contract.rs` sends
/// them; the facade is built with that product alone), all against the Prism at `$PRISM_URL`, which serves the copy's spec. It
/// prints one line per operation and fails on anything Prism or the client
/// found wrong. An operation whose `security` Cloudflare lists as the
/// legacy key only (Accounts' list, ...) is refused the API token (`401`),
/// and sent again with a client of the legacy key.
const PROGRAM: &str = r#"
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .credentials(cloudflare_api::Credentials::api_token("test-token"))
        .base_url(std::env::var("PRISM_URL")?)
        .max_retries(0)
        .build()?;
    let legacy = Client::builder()
        .credentials(cloudflare_api::Credentials::api_key("user@example.com", "c2547eb745079dac9320b638f5e225cf483cc5cfdda41"))
        .base_url(std::env::var("PRISM_URL")?)
        .max_retries(0)
        .build()?;
    dcv_delegation_uuid(&client).await?;
    let mut failed = 0;
    let examples = cloudflare_api::api::examples(&client)
        .into_iter()
        .zip(cloudflare_api::api::examples(&legacy));
    for (example, with_key) in examples {
        let mut outcome = example.call.await;
        if matches!(&outcome, Err(e) if e.status().map(|s| s.as_u16()) == Some(401)) {
            outcome = with_key.call.await;
        }
        match outcome {
            Ok(answer) if answer.headers().get("sl-violations").is_none() => {
                println!("ok {}", example.operation_id);
            }
            Ok(answer) => {
                failed += 1;
                println!("refused {} {:?}", example.operation_id, answer.headers().get("sl-violations"));
            }
            Err(e) => {
                failed += 1;
                println!("failed {} {e}", example.operation_id);
            }
        }
    }
    if failed > 0 {
        return Err(format!("{failed} operations failed").into());
    }
    Ok(())
}
"#;

#[test]
fn an_endpoint_added_as_contributing_md_says_is_generated_and_callable() {
    let root = workspace_root();
    let guide = std::fs::read_to_string(root.join("CONTRIBUTING.md")).unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_sources(&root, copy.path());
    // A workspace of one product (Workers for Platforms, which the tests
    // crate depends on) before the import: what the guide does to a spec is
    // the same with one product or twelve, and every step below (two
    // regens, Prism serving the spec, the walk of the tree) then takes a
    // second or two instead of 10 s or more each (BENCHMARKS.md, "CI by
    // step"). tests/e2e/regen.rs, tree.rs and contract.rs check all of
    // them.
    keep_only_products(copy.path(), &["workers-for-platforms"]);

    // 1. The guide's import, from the cut of Cloudflare's schema.
    let workspace = Workspace::new(copy.path());
    let selection = import_selection(&guide_block(&guide, "import"));
    let schema = root.join("tests/fixtures/cloudflare-schema/dcv-delegation.json");
    let imported = xtask::import::import(&workspace, &schema, &selection, false)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        imported.files,
        [(
            "openapi/imported/dcv-delegation.json".to_owned(),
            1,
            5,
            true
        )]
    );

    // 2. cargo xtask regen: a new product crate, and --check agrees.
    let report = xtask::regen(&workspace, Mode::Write).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.written);
    assert!(
        report
            .sources
            .contains(&"openapi/imported/dcv-delegation.json".to_owned()),
        "{:?}",
        report.sources
    );
    // The new product's crate, and the facade's way into it.
    let product = copy.path().join(xtask::PRODUCTS_DIR).join(PRODUCT);
    let generated = std::fs::read_to_string(product.join("src/generated.rs")).unwrap();
    for expected in [
        "pub async fn dcv_delegation_uuid_get(",
        "impl crate::Envelope for TlsCertificatesAndHostnamesDcvDelegationResponse",
        "type Result = TlsCertificatesAndHostnamesUuidObject;",
        "\"/zones/{zone_id}/dcv_delegation/uuid\"",
    ] {
        assert!(generated.contains(expected), "missing {expected:?}");
    }
    let facade = std::fs::read_to_string(copy.path().join(xtask::FACADE_FILE)).unwrap();
    assert!(
        facade.contains(") -> ::cloudflare_api_dcv_delegation::resources::ZoneDcvDelegation {"),
        "{facade}"
    );
    let manifest =
        std::fs::read_to_string(copy.path().join(xtask::FACADE_DIR).join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("dcv-delegation = [\"dep:cloudflare-api-dcv-delegation\"]"),
        "{manifest}"
    );
    xtask::regen(&workspace, Mode::Check).unwrap();

    // 3. The tree reaches it, as the guide says, and every other operation.
    let reached = cloudflare_api_tests::tree_walk::reached(copy.path());
    assert_eq!(
        reached.get("dcv-delegation-uuid-get").map(String::as_str),
        Some("client.zone(zone_id).dcv_delegation().get()")
    );
    let spec = xtask::spec::load(&workspace.spec_dir(), |p| p.display().to_string()).unwrap();
    for operation in &spec.operations {
        assert!(
            reached.contains_key(&operation.id),
            "{} is unreachable",
            operation.id
        );
    }

    // 4. The guide's call, and every example call of the new product,
    //    built and run in the copy against Prism serving the copy's spec:
    //    what tests/e2e/contract.rs checks, for the new product.
    let example = copy
        .path()
        .join("crates/cloudflare-api/examples/extension.rs");
    std::fs::create_dir_all(example.parent().unwrap()).unwrap();
    let call = guide_block(&guide, "call");
    std::fs::write(&example, format!("{call}{PROGRAM}")).unwrap();
    let Some(prism) = Prism::start_for(copy.path()) else {
        // Prism::start_for said why; under CI it fails instead.
        return;
    };

    // Its own target folder (the outer `cargo test` holds the lock on the
    // workspace's, and a shared one would let the copy's binaries replace
    // the checkout's), seeded with the main build's compiled dependencies.
    // The profile is the same, so a registry crate built with the same
    // features gets the same file name and cargo finds it fresh; those the
    // facade alone enables otherwise (fewer than `cargo test --workspace`
    // unified) are compiled again, with the copy's runtime, new product,
    // facade and example.
    let target = root.join("target/extension-test");
    seed_target(&target, copy.path());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut build = Command::new(&cargo);
    // Without what `cargo test` set for this test binary: build scripts
    // ask to be run again when these change (ring's, CARGO_MANIFEST_DIR),
    // and the main build had none of them.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || name.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "CARGO_RUSTC_CURRENT_DIR",
                "OUT_DIR",
            ]
            .contains(&&*name)
        {
            build.env_remove(&*name);
        }
    }
    // Nor CI's compiler for the workspace's crates (clippy's driver with
    // `-D warnings`, .ci/run): the copy is a workspace of one product,
    // where the facade's hand-written code names other products' features
    // (`unexpected cfg condition value`), a warning of this test's copy and
    // not of the project, whose own build lints them all.
    build.env_remove("RUSTC_WORKSPACE_WRAPPER");
    let build = build
        .args([
            "build",
            // Not `--locked`: the new product's crate is a new member of
            // the workspace, which its lockfile gets (no new dependency:
            // `--offline` would say so).
            "--offline",
            // The facade with the new product alone: the other products
            // are the contract tests' (tests/e2e/contract.rs), and
            // building all of them again here, at the copy's path, cost
            // more than the rest of the test suite.
            "-p",
            "cloudflare-api",
            "--features",
            &format!("cloudflare-api/{PRODUCT},cloudflare-api/examples"),
            "--example",
            "extension",
            "--message-format",
            "short",
        ])
        .current_dir(copy.path())
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "the example did not build:\n{log}");
    // What was compiled: the copy's crates, not the dependencies again
    // (a dependency here means the seed no longer matches the main build).
    let compiled: Vec<&str> = log
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .collect();
    eprintln!("compiled in the copy: {compiled:?}");
    let output = Command::new(target.join("debug/examples/extension"))
        .env("PRISM_URL", prism.url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the example failed:\n{stdout}\n{}\n{}",
        String::from_utf8_lossy(&output.stderr),
        prism.log()
    );
    let mut called: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("ok "))
        .collect();
    called.sort_unstable();
    let mut in_spec: Vec<&str> = spec
        .operations
        .iter()
        .filter(|op| spec.product_of(op) == PRODUCT)
        .map(|op| op.id.as_str())
        .collect();
    in_spec.sort_unstable();
    assert_eq!(called, in_spec);
}
