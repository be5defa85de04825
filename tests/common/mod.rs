//! Helpers shared by the integration tests: locating `../shared` (read-only test data that
//! is not part of this repository).

#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data directory: `$CLEAN_ARTICLE_SHARED`, else `../shared` next to the repo.
/// `None` (and a clear message on stderr) when it is not there, so data tests skip.
pub fn shared_dir(what: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("CLEAN_ARTICLE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    if dir.join("corpus/expect.json").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED {what}: shared test data not found at {} (set CLEAN_ARTICLE_SHARED)",
            dir.display()
        );
        None
    }
}
