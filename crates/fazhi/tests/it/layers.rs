//! The layers depend only downward: pages and the API reach storage through services (a
//! service returns the view a page renders), so access checks and masking cannot be skipped by
//! a handler that reads a table itself.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_web_layer_reaches_storage_only_through_services() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut files = Vec::new();
    rust_files(&web, &mut files);
    assert!(files.len() > 20, "the web layer's files were found");
    // The error conversion is the one place the web layer names a storage type.
    let allowed = ["error.rs"];
    let offenders: Vec<String> = files
        .iter()
        .filter(|p| !allowed.iter().any(|a| p.ends_with(a)))
        .filter(|p| {
            std::fs::read_to_string(p)
                .expect("readable source")
                .contains("crate::storage")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "web files using storage directly: {offenders:?}"
    );
}

#[test]
fn a_folder_registers_web_files_reach_its_store_only_through_its_service() {
    let registers = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/registers");
    let mut files = Vec::new();
    rust_files(&registers, &mut files);
    let web: Vec<_> = files
        .iter()
        .filter(|p| p.ends_with("api.rs") || p.ends_with("pages.rs"))
        .collect();
    assert!(
        !web.is_empty(),
        "the folder registers' web files were found"
    );
    let offenders: Vec<String> = web
        .into_iter()
        .filter(|p| {
            let text = std::fs::read_to_string(p).expect("readable source");
            text.contains("store::") || text.contains("crate::storage")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "folder register web files using storage directly: {offenders:?}"
    );
}
