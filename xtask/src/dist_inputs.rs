//! What dist/ is built from, as one fingerprint: `test`, `e2e`, `demo` and `screenshots`
//! skip the release SPA build (about 1–3 minutes: cargo, wasm-split, wasm-bindgen,
//! wasm-opt, brotli 11) when nothing it reads changed since the last build (issue 32:
//! no step rebuilds what an earlier one built). `cargo xtask dist` always builds.
//!
//! The inputs are Trunk.toml's `[watch]` list plus what the build itself runs: the
//! manifests and lock, Cargo's flags, the post-build hook (xtask/), wasm-opt's npm lock and
//! the compiler's version. A file outside them (the other docs, e2e specs, the server) cannot
//! change dist/.

use crate::root;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// Paths (files or folders, from the repository root) the release SPA is built from.
const INPUTS: &[&str] = &[
    "index.html",
    "src",
    "style",
    "public",
    "crates/domain",
    "crates/jpki",
    "crates/routes",
    // The criterion table the accessibility pages are generated from (crates/domain
    // includes it).
    "docs/ACCESSIBILITY.md",
    "Cargo.toml",
    "Cargo.lock",
    "Trunk.toml",
    ".cargo/config.toml",
    // The build's own steps: Trunk's post-build hook (split, bind, optimise, slim) and the
    // precompression; the rest of xtask (tests, bench, this list) does not touch dist/.
    "xtask/src/dist.rs",
    "xtask/src/spa_wasm.rs",
    "xtask/src/slim_html.rs",
    "xtask/src/tools.rs",
    "xtask/Cargo.toml",
    "e2e/package-lock.json",
];

/// The fingerprint of every input's path and bytes, and of `rustc -vV`.
pub fn fingerprint() -> Result<String, String> {
    let root = root();
    let mut files = Vec::new();
    for input in INPUTS {
        collect(&root.join(input), &mut files).map_err(|e| format!("dist inputs: {input}: {e}"))?;
    }
    files.sort();
    let mut h = DefaultHasher::new();
    for file in &files {
        let bytes = std::fs::read(file).map_err(|e| format!("dist inputs: {}: {e}", file.display()))?;
        h.write(file.strip_prefix(&root).unwrap_or(file).to_string_lossy().as_bytes());
        h.write_u8(0);
        h.write_usize(bytes.len());
        h.write(&bytes);
    }
    let rustc = std::process::Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .arg("-vV")
        .output()
        .map_err(|e| format!("dist inputs: rustc -vV: {e}"))?;
    h.write(&rustc.stdout);
    Ok(format!("{:016x} over {} files", h.finish(), files.len()))
}

/// Every file under `path` (a missing path adds nothing: an optional input).
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let Ok(meta) = std::fs::metadata(path) else { return Ok(()) };
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        // Editor droppings and build output never feed the build.
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        collect(&entry.path(), out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_reads_the_spa_sources_and_is_stable() {
        let a = fingerprint().unwrap();
        assert_eq!(a, fingerprint().unwrap());
        // The SPA's own sources, the shared crates and the hook are all read.
        let mut files = Vec::new();
        for input in INPUTS {
            collect(&root().join(input), &mut files).unwrap();
        }
        for must in ["src/main.rs", "crates/routes/src/lib.rs", "xtask/src/spa_wasm.rs", "Cargo.lock", "index.html"] {
            assert!(files.contains(&root().join(must)), "{must} is not an input");
        }
        assert!(!files.iter().any(|f| f.starts_with(root().join("crates/server"))), "the server is not an input");
    }
}
