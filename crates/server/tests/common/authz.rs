//! For tests/authz_table.rs: the routes the server's source declares, a snapshot of every
//! table (to show that a refused call changed nothing), and requests with any cookie, body
//! and `Idempotency-Key`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, Method, Request};
use serde_json::Value;

use super::{Answer, TestApp, HOST};

/// `(METHOD, path)` for every `.route(api::NAME, get(…).post(…))` in `src/` (the path of
/// `routes::api::NAME`; a `"PATH"` written out is read too, and refused by
/// [`paths_written_out`]'s test), and `("ANY", "*")` for the router's `.fallback(…)` (static
/// files and the SPA's pages). Read from the source because axum cannot list a router's
/// routes.
pub fn declared_routes() -> BTreeSet<(String, String)> {
    scan().0
}

/// The `.route("PATH", …)` whose path is written out instead of being one of
/// `routes::api`'s constants (issue 27: every API path is written once), as `file: PATH`.
pub fn paths_written_out() -> Vec<String> {
    scan().1
}

fn scan() -> (BTreeSet<(String, String)>, Vec<String>) {
    let mut written_out = Vec::new();
    let mut found = BTreeSet::new();
    for file in rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        // Unit tests build routers of their own (catch_panic's): not the product's routes.
        let code = text.split("#[cfg(test)]").next().unwrap();
        let at = |what: &str| format!("{}: {what}", file.display());
        for unknown in [".nest(", ".nest_service(", ".route_service(", ".fallback_service("] {
            assert!(!code.contains(unknown), "{}: teach declared_routes() about it", at(unknown));
        }
        for (i, _) in code.match_indices(".route(") {
            let args = inside_parens(&code[i + ".route(".len()..]);
            let (path, chain, constant) = split_path(args).unwrap_or_else(|| panic!("{}", at(args)));
            if !constant {
                written_out.push(at(&path));
            }
            for method in methods(chain) {
                assert!(
                    ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"].contains(&method.as_str()),
                    "{}",
                    at(&format!("unknown method {method} in {args}"))
                );
                found.insert((method, path.to_string()));
            }
        }
        if code.contains(".fallback(") {
            found.insert(("ANY".into(), "*".into()));
        }
    }
    (found, written_out)
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// The text up to the `)` that closes a call whose `(` came just before `s`.
fn inside_parens(s: &str) -> &str {
    let (mut depth, mut in_string) = (1, false);
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    return &s[..i];
                }
            }
            _ => {}
        }
    }
    panic!("unclosed call: {s}")
}

/// `api::NAME, chain` → (the constant's path, chain, true); `"PATH", chain` → (PATH, chain,
/// false). A name `routes::api` does not have is no route (`None`).
fn split_path(args: &str) -> Option<(String, &str, bool)> {
    let args = args.trim_start();
    if let Some(rest) = args.strip_prefix("api::") {
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        let (_, path) = routes::api::ALL.iter().find(|(n, _)| *n == name)?;
        return Some((path.to_string(), rest[name.len()..].trim_start().strip_prefix(',')?, true));
    }
    let rest = args.strip_prefix('"')?;
    let (path, rest) = rest.split_once('"')?;
    Some((path.to_string(), rest.trim_start().strip_prefix(',')?, false))
}

/// `get(a).put(b)\n.delete(c)` → GET, PUT, DELETE: each name called outside parentheses,
/// its last `::` segment (`axum::routing::get`).
fn methods(chain: &str) -> Vec<String> {
    let (mut out, mut depth, mut name) = (Vec::new(), 0, String::new());
    for c in chain.chars() {
        match c {
            '(' => {
                // `.route_layer(…)` is the route's policy (rate_limit::Policy), not a method.
                if depth == 0 && name != "route_layer" {
                    out.push(name.rsplit("::").next().unwrap().to_uppercase());
                }
                depth += 1;
                name.clear();
            }
            ')' => depth -= 1,
            c if depth == 0 && (c.is_alphanumeric() || c == '_' || c == ':') => name.push(c),
            _ => name.clear(),
        }
    }
    out
}

/// Every table's rows (each as its columns' SQL literals), sorted: equal snapshots mean
/// no row was added, removed or changed.
pub async fn snapshot(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    let pool = app.state.store.pool();
    let tables = app.state.store.table_names().await.unwrap();
    let mut all = BTreeMap::new();
    for table in tables {
        let columns = app.state.store.column_names(&table).await.unwrap();
        // Each value as text, NULL told apart; written for both engines.
        let row = columns
            .iter()
            .map(|c| format!("COALESCE('v:' || CAST(\"{c}\" AS TEXT), 'NULL')"))
            .collect::<Vec<_>>()
            .join(" || ',' || ");
        let mut rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT {row} FROM \"{table}\"")).fetch_all(pool).await.unwrap();
        rows.sort();
        all.insert(table, rows);
    }
    all
}

/// The tables whose rows differ, with their counts before and after.
pub fn changed_tables(before: &BTreeMap<String, Vec<String>>, after: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    before
        .keys()
        .chain(after.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|t| before.get(*t) != after.get(*t))
        .map(|t| {
            let count = |s: &BTreeMap<String, Vec<String>>| s.get(t).map_or(0, Vec::len);
            format!("{t} ({} rows → {})", count(before), count(after))
        })
        .collect()
}

impl TestApp {
    /// A same-origin browser request, as [`TestApp::send`], with an optional `Idempotency-Key`.
    pub async fn call(
        &self,
        method: &Method,
        path: &str,
        cookie: Option<&str>,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> Answer {
        let mut req = Request::builder().method(method).uri(path).header(header::HOST, HOST);
        if method != Method::GET && method != Method::HEAD {
            req = req.header(header::ORIGIN, format!("http://{HOST}")).header("sec-fetch-site", "same-origin");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        let req = match body {
            Some(v) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
            None => req.body(Body::empty()),
        };
        self.raw(req.unwrap()).await
    }
}
