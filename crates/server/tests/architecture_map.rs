//! The server map in docs/ARCHITECTURE.md matches the house (issue 27): it names every file
//! and folder of `crates/server/src`, and every flow folder has the `routes.rs` the
//! convention promises.

use std::path::Path;

/// Folders of shared parts, not flows: they have no routes of their own.
const NOT_FLOWS: [&str; 4] = ["adapters", "pki", "store", "worker"];

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The server map: the code block that starts with `crates/server/src/`.
fn server_map() -> String {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/ARCHITECTURE.md");
    let doc = std::fs::read_to_string(doc).unwrap();
    let start = doc.find("```\ncrates/server/src/\n").expect("docs/ARCHITECTURE.md has the server map");
    let end = doc[start + 4..].find("```").unwrap() + start + 4;
    doc[start..end].to_string()
}

/// Whether `word` stands in `text` on its own (not as a part of a longer name).
fn names(text: &str, word: &str) -> bool {
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(is_name)
            && !text[at + word.len()..].chars().next().is_some_and(is_name)
    })
}

fn entries(dir: &Path) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p.is_dir()))
        .collect();
    out.sort();
    out
}

#[test]
fn the_server_map_names_every_file_and_folder() {
    let map = server_map();
    let mut missing = Vec::new();
    for (name, is_dir) in entries(&src()) {
        if is_dir {
            if !names(&map, &format!("{name}/")) && !map.contains(&format!("{name}/")) {
                missing.push(format!("{name}/"));
            }
            for (file, _) in entries(&src().join(&name)) {
                let stem = file.trim_end_matches(".rs");
                // A folder's mod.rs and routes.rs are the convention's; the rest are named.
                if !["mod", "routes"].contains(&stem) && !names(&map, stem) {
                    missing.push(format!("{name}/{file}"));
                }
            }
        } else if !names(&map, &name) {
            missing.push(name);
        }
    }
    assert!(missing.is_empty(), "docs/ARCHITECTURE.md's server map does not name: {missing:?}");
}

#[test]
fn every_flow_folder_has_its_routes() {
    let without: Vec<String> = entries(&src())
        .into_iter()
        .filter(|(name, is_dir)| *is_dir && !NOT_FLOWS.contains(&name.as_str()))
        .filter(|(name, _)| !src().join(name).join("routes.rs").is_file())
        .map(|(name, _)| name)
        .collect();
    assert!(without.is_empty(), "flow folders without routes.rs: {without:?}");
}
