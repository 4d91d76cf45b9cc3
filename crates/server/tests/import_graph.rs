//! No import loop in the server (issue 27): the graph of `crate::…` paths between the
//! files of `crates/server/src` has no cycle. A shared module takes the part of the state it
//! uses (`FromRef`), so it never needs the module that holds a flow's type; a loop would
//! mean two modules that can only be understood together.
//!
//! The graph: every `crate::a::b…` path in a file's code (comments and its `#[cfg(test)]`
//! module left out) is an arrow to the file the longest prefix names (`src/a/b.rs`,
//! `src/a/b/mod.rs`, `src/a.rs`, …). `lib.rs` and `main.rs` are the root that ties the
//! modules together (it holds `AppState`, whose parts the flows take), so `crate::AppState`
//! is no arrow. A folder's files speak to each other with `super::`, which is the
//! folder's inside and not drawn.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A file's code: no comments, no test module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// Every path written after `crate::`, a grouped `use crate::{a, b::{c, d}}` expanded.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        expand(rest, Vec::new(), &mut out);
    }
    out
}

fn expand(text: &str, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(inner) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    expand(&inner[start..i], prefix.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], prefix.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let ident: String = text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if ident.is_empty() {
        if !prefix.is_empty() {
            out.push(prefix);
        }
        return;
    }
    let mut path = prefix;
    path.push(ident.clone());
    match text[ident.len()..].strip_prefix("::") {
        Some(more) => expand(more, path, out),
        None => out.push(path),
    }
}

/// The file the longest prefix of `path` names, if any.
fn file_of(root: &Path, path: &[String]) -> Option<PathBuf> {
    (1..=path.len()).rev().find_map(|n| {
        let dir = path[..n].iter().fold(root.to_path_buf(), |d, s| d.join(s));
        [dir.with_extension("rs"), dir.join("mod.rs")].into_iter().find(|f| f.is_file())
    })
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let name = |p: &Path| p.strip_prefix(&root).unwrap().display().to_string();
    let mut graph = BTreeMap::new();
    for file in &files {
        let from = name(file);
        if from == "lib.rs" || from == "main.rs" {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        let to: BTreeSet<String> = crate_paths(&code(&text))
            .iter()
            .filter_map(|p| file_of(&root, p))
            .map(|f| name(&f))
            .filter(|t| *t != from && t != "lib.rs")
            .collect();
        graph.insert(from, to);
    }
    graph
}

/// The loops of `graph`: each strongly connected component of more than one file
/// (Tarjan's algorithm).
fn loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.graph.get(v).into_iter().flatten() {
                if !self.index.contains_key(w.as_str()) {
                    self.visit(w);
                    let lw = self.low[w.as_str()];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w.as_str()) {
                    let iw = self.index[w.as_str()];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(w);
                    component.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for v in graph.keys() {
        if !walk.index.contains_key(v.as_str()) {
            walk.visit(v);
        }
    }
    walk.found
}

#[test]
fn the_server_has_no_import_loop() {
    let graph = graph();
    // The graph is read: the shared modules are there with the arrows they are known to have.
    assert!(graph["session.rs"].contains("store/sessions.rs"), "{:?}", graph["session.rs"]);
    assert!(graph["config.rs"].contains("limits.rs"), "{:?}", graph["config.rs"]);
    let found = loops(&graph);
    let described: Vec<String> = found
        .iter()
        .map(|files| {
            let arrows: Vec<String> = files
                .iter()
                .flat_map(|f| graph[f].iter().filter(|t| files.contains(t)).map(move |t| format!("{f} -> {t}")))
                .collect();
            format!("{} files: {}", files.len(), arrows.join(", "))
        })
        .collect();
    assert!(found.is_empty(), "import loops in crates/server/src:\n{}", described.join("\n"));
}

/// The flows' folders (lib.rs: "one folder per flow"); `applications` is the shared core
/// of submitting, which every flow uses and which uses no flow.
const FLOWS: [&str; 13] = [
    "account/",
    "card/",
    "certificates/",
    "demo/",
    "honseki/",
    "lecture/",
    "license/",
    "link/",
    "login/",
    "notices/",
    "onestop/",
    "phone_credential/",
    "unlink/",
];

/// Issue 27.3: the card-or-phone dispatch lived in the phone_credential flow, so the
/// shared submission core imported a flow. The core (`applications/`) and the signature
/// check (`signature.rs`) import no flow: the phone check is behind `signature::PhoneCheck`,
/// which the phone flow implements.
#[test]
fn the_shared_submission_core_imports_no_flow() {
    let graph = graph();
    assert!(graph["applications/signed.rs"].contains("signature.rs"), "{:?}", graph["applications/signed.rs"]);
    let mut wrong = Vec::new();
    for (from, to) in &graph {
        if from.starts_with("applications/") || from == "signature.rs" {
            for t in to.iter().filter(|t| FLOWS.iter().any(|f| t.starts_with(f))) {
                wrong.push(format!("{from} -> {t}"));
            }
        }
    }
    assert!(wrong.is_empty(), "the shared core imports a flow:\n{}", wrong.join("\n"));
}

#[test]
fn a_grouped_use_is_read_whole() {
    let paths = crate_paths("use crate::{a, b::{c, d::E}, F};\nlet x = crate::g::h(1);");
    let paths: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["a", "b::c", "b::d::E", "F", "g::h"]);
}

#[test]
fn a_loop_is_found() {
    let mut graph = BTreeMap::new();
    graph.insert("a.rs".to_string(), BTreeSet::from(["b.rs".to_string()]));
    graph.insert("b.rs".to_string(), BTreeSet::from(["c.rs".to_string()]));
    graph.insert("c.rs".to_string(), BTreeSet::from(["a.rs".to_string(), "d.rs".to_string()]));
    graph.insert("d.rs".to_string(), BTreeSet::new());
    assert_eq!(loops(&graph), [["a.rs", "b.rs", "c.rs"]]);
}
