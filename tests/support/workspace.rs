//! The workspace checkout, and temporary copies of it to change.

use std::path::{Path, PathBuf};

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
    let tree = copy.path().join(xtask::TREE_FILE);
    std::fs::create_dir_all(tree.parent().unwrap()).expect("create the tree's folder");
    std::fs::copy(root.join(xtask::TREE_FILE), &tree).expect("copy the generated tree");
    copy
}
