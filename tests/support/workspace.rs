//! The workspace checkout, and temporary copies of it to change.

use std::path::{Path, PathBuf};

/// The top of the workspace checkout.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The workspace's spec (`openapi/`, read, merged and normalized as
/// `cargo xtask regen` does), loaded once for the tests of a process: a
/// load of every product takes seconds, and about ten tests read it.
pub fn workspace_spec() -> &'static xtask::spec::Spec {
    static SPEC: std::sync::OnceLock<xtask::spec::Spec> = std::sync::OnceLock::new();
    SPEC.get_or_init(|| load_spec(&workspace_root()))
}

/// The spec of the workspace at `root` (a copy, say), as
/// [`workspace_spec`] loads it.
pub fn load_spec(root: &Path) -> xtask::spec::Spec {
    xtask::spec::load(&root.join(xtask::SPEC_DIR), |p| p.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"))
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

/// A temporary copy of what `cargo xtask regen` reads and writes, as
/// [`copy_of_regen_inputs`], with the spec of `products` alone (the root
/// document, the product table, and their imported files and fixes), and
/// regenerated once so that the copy is current. A test that edits and
/// regenerates the copy then pays for these products' generate, not for
/// every product's (the whole spec takes 12 s in debug; Workers for
/// Platforms alone, under 1 s).
pub fn copy_of_regen_inputs_of(products: &[&str]) -> tempfile::TempDir {
    let copy = copy_of_regen_inputs();
    keep_only_products(copy.path(), products);
    xtask::regen(&xtask::Workspace::new(copy.path()), xtask::Mode::Write)
        .unwrap_or_else(|e| panic!("regen of {products:?} alone: {e}"));
    copy
}

/// Removes from the workspace copy at `root` the spec of every product but
/// `products` (its imported file and its fixes) and every other product's
/// crate; the root document and the product table stay. The copy is stale
/// until regenerated (the facade still names the removed products).
pub fn keep_only_products(root: &Path, products: &[&str]) {
    let spec = root.join(xtask::SPEC_DIR);
    for (folder, extension) in [("imported", "json"), ("fixes", "yaml")] {
        for entry in std::fs::read_dir(spec.join(folder)).expect("read a spec folder") {
            let path = entry.expect("list a spec folder").path();
            let product = path.file_stem().unwrap_or_default().to_string_lossy();
            let own = path.extension().is_some_and(|e| e == extension)
                && products.contains(&product.as_ref());
            if !own {
                std::fs::remove_file(&path).expect("remove another product's spec file");
            }
        }
    }
    let crates = root.join(xtask::PRODUCTS_DIR);
    for entry in std::fs::read_dir(&crates).expect("read the product crates") {
        let path = entry.expect("list the product crates").path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !products.contains(&name.as_ref()) {
            std::fs::remove_dir_all(&path).expect("remove another product's crate");
        }
    }
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
