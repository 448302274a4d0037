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
/// folder, the product crates, the facade's manifest and generated file),
/// to run the xtask on without touching the checkout. Removed when dropped.
pub fn copy_of_regen_inputs() -> tempfile::TempDir {
    let root = workspace_root();
    let copy = tempfile::tempdir().expect("create a temporary directory");
    copy_dir(
        &root.join(xtask::SPEC_DIR),
        &copy.path().join(xtask::SPEC_DIR),
    );
    copy_dir(
        &root.join(xtask::PRODUCTS_DIR),
        &copy.path().join(xtask::PRODUCTS_DIR),
    );
    for file in [
        format!("{}/Cargo.toml", xtask::FACADE_DIR),
        xtask::FACADE_FILE.to_owned(),
    ] {
        let to = copy.path().join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).expect("create the facade's folder");
        std::fs::copy(root.join(&file), &to).expect("copy a facade file");
    }
    copy
}

/// `from` copied to `to`, folders recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder") {
        let path = entry.expect("list a folder").path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy a file");
        }
    }
}
