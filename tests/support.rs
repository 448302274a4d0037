//! Shared helpers for the end-to-end tests in this folder.

use std::path::{Path, PathBuf};

// The README's Rust examples are compiled as doc tests of this crate, so the
// README cannot show code that does not build.
#[doc = include_str!("../README.md")]
mod readme {}

/// The example response of the "Create dispatch namespace" reference page
/// (`shared/seed/create-dispatch-namespace.md`), copied verbatim.
pub const CREATE_EXAMPLE_RESPONSE: &str =
    include_str!("fixtures/create-dispatch-namespace.response.json");

/// A well-formed account identifier, as in Cloudflare's examples.
pub const ACCOUNT_ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// The top of the workspace checkout.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// A temporary copy of what `cargo xtask regen` reads and writes (the spec
/// folder and the generated file), to run the xtask on without touching the
/// checkout. Removed when dropped.
pub fn copy_of_regen_inputs() -> tempfile::TempDir {
    let root = workspace_root();
    let copy = tempfile::tempdir().expect("create a temporary directory");
    let spec_dir = copy.path().join(xtask::SPEC_DIR);
    std::fs::create_dir_all(&spec_dir).expect("create the spec folder");
    for entry in std::fs::read_dir(root.join(xtask::SPEC_DIR)).expect("read openapi/") {
        let path = entry.expect("list openapi/").path();
        if path.is_file() {
            std::fs::copy(&path, spec_dir.join(path.file_name().unwrap()))
                .expect("copy a spec file");
        }
    }
    let generated = copy.path().join(xtask::GENERATED_FILE);
    std::fs::create_dir_all(generated.parent().unwrap())
        .expect("create the generated crate folder");
    std::fs::copy(root.join(xtask::GENERATED_FILE), &generated).expect("copy the generated file");
    copy
}
