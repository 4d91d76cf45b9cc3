//! The SPA's wasm, split by route: cargo → wasm-split → wasm-bindgen → wasm-opt, into
//! `<dist>/pkg-<hash>/`, its loader tags into `<dist>/index.html`, and which files each lazy
//! group is into `<dist>/wasm-groups.json` (the server preloads a URL's group from it).
//!
//! Trunk's post-build hook (`cargo xtask spa-wasm`, Trunk.toml) runs this on Trunk's
//! staging folder: Trunk 0.21 builds the HTML, inlined CSS and copied files, but cannot
//! split a wasm (its pipeline runs wasm-bindgen straight after cargo), so index.html's
//! `<link data-trunk rel="rust" data-trunk-skip>` tells it to leave the Rust build to
//! us. The lazy groups of the route table (crates/routes, expanded in src/app.rs) only
//! become separate files when the linked wasm, built with `--emit-relocs` (see
//! .cargo/config.toml), goes through `wasm_split_cli_support` before wasm-bindgen — the
//! same steps as `cargo leptos --split`.
//!
//! Every file of one build lives in one directory named after the hash of all of them, so
//! the relative names inside the JS (`./__wasm_split.js`, `./split_*.wasm`) stay as the
//! tools wrote them and the directory name alone makes them cacheable forever.

use crate::tools::{self, Need, Tools};
use crate::{cargo, run_cmd, target_dir, Result};
use routes::Group;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

const PACKAGE: &str = "myna-license-app";
/// The module the split wasm imports its loaders from, and the JS file wasm-split writes.
const LINK_NAME: &str = "./__wasm_split.js";
/// Where the loader tags go: index.html's Rust link, which Trunk leaves in place
/// because of its `data-trunk-skip`.
const MARKER: &str = "<link data-trunk rel=\"rust\"";
/// Which wasm files each lazy group is, for the server's preloads.
pub const GROUPS_FILE: &str = "wasm-groups.json";
/// Features rustc's wasm32 target emits: the split modules carry no target_features
/// section, so wasm-opt is told them instead of detecting them.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// `cargo xtask spa-wasm`: Trunk's post-build hook. Builds into Trunk's staging folder,
/// in release for `trunk build --release`, in the dev profile (no wasm-opt) for
/// `trunk serve` and `trunk build`.
pub fn hook() -> Result {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .ok_or("`cargo xtask spa-wasm` is Trunk's post-build hook (Trunk.toml): run `trunk build` instead")?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let tools = tools::ensure(Need::Wasm)?;
    build(&tools, &staging, release)?;
    if release {
        crate::slim_html::slim_file(&staging.join("index.html"))?;
        let count = crate::dist::precompress(&staging)?;
        println!("spa-wasm: {count} files precompressed");
    }
    Ok(())
}

/// Builds the split wasm into `dist/pkg-<hash>/`, names it in `dist/index.html` and writes
/// `dist/wasm-groups.json`. Returns the package directory.
pub fn build(tools: &Tools, dist: &Path, release: bool) -> Result<PathBuf> {
    let mut build = cargo();
    build.args(["build", "--target", "wasm32-unknown-unknown", "-p", PACKAGE, "--bin", PACKAGE]);
    if release {
        build.arg("--release");
    }
    run_cmd(&mut build)?;
    let profile = if release { "release" } else { "debug" };
    let input = target_dir().join(format!("wasm32-unknown-unknown/{profile}/{PACKAGE}.wasm"));
    let stage = target_dir().join("spa-wasm");
    let _ = fs::remove_dir_all(&stage);
    fs::create_dir_all(&stage).map_err(|e| format!("cannot create {}: {e}", stage.display()))?;

    // 1. Split: the main module (still to be bound) plus one wasm per lazy route and
    //    per chunk of code shared between routes, and the JS that loads them.
    let wasm = fs::read(&input).map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    let main_unbound = stage.join("main_split.wasm");
    let main_module = format!("./{PACKAGE}.js");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &stage;
        opts.main_out_path = &main_unbound;
        opts.main_module = &main_module;
        opts.link_name = LINK_NAME;
        opts
    })
    .map_err(|e| format!("wasm-split failed on {}: {e:?}", input.display()))?;
    println!("spa-wasm: split into the main module and {} lazy files", split.split_modules.len());
    let groups = group_files(&split.prefetch_map)?;

    // 2. wasm-bindgen on the main module; the lld exports stay, the split files use them.
    run_cmd(
        tools
            .command("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-demangle",
                "--no-typescript",
                "--out-name",
                PACKAGE,
                "--out-dir",
            ])
            .arg(&stage)
            .arg(&main_unbound),
    )?;
    fs::remove_file(&main_unbound).map_err(|e| e.to_string())?;

    // 3. wasm-opt -Oz on every wasm (binaryen 132 from npm; Debian's 108 breaks the output).
    if release {
        wasm_opt_all(tools, files_with_ext(&stage, "wasm")?)?;
        // The JS glue is on the first view too: without its indentation (see slim_html).
        for file in files_with_ext(&stage, "js")? {
            crate::slim_html::slim_js_file(&file)?;
        }
    }

    // 4. Into dist under a content-hashed directory, and into index.html.
    let hash = hash_dir(&stage)?;
    let name = format!("pkg-{hash}");
    let pkg = dist.join(&name);
    let _ = fs::remove_dir_all(&pkg);
    copy_dir(&stage, &pkg)?;
    inject(&dist.join("index.html"), &name)?;
    let manifest = groups_json(&name, &groups);
    fs::write(dist.join(GROUPS_FILE), manifest).map_err(|e| format!("cannot write {GROUPS_FILE}: {e}"))?;
    Ok(pkg)
}

/// [`wasm_opt`] on every file, one process per core (binaryen from npm runs each file on
/// one thread): the biggest first, so the main module does not start last. About half the
/// time of one after the other on two cores.
fn wasm_opt_all(tools: &Tools, mut files: Vec<PathBuf>) -> Result {
    files.sort_by_key(|f| std::cmp::Reverse(fs::metadata(f).map_or(0, |m| m.len())));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(files.len().max(1));
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(file) = files.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    if let Err(e) = wasm_opt(tools, file) {
                        failures.lock().unwrap().push(e);
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}

/// `wasm-opt -Oz` in place, one line per file. binaryen warns "unknown name subsection"
/// for every file wasm-split writes (a name-section kind it does not read; the names are
/// stripped anyway): that line is dropped, anything else it says is shown.
fn wasm_opt(tools: &Tools, file: &Path) -> Result {
    let mut cmd = tools.command("wasm-opt");
    // The last tool to read the file: the browser needs neither the `producers` section
    // (toolchain versions) nor `target_features` (~0.3 kB of the first view's wasm).
    cmd.arg("-Oz").args(WASM_FEATURES).args(["--strip-producers", "--strip-target-features"]);
    cmd.arg("--output").arg(file).arg(file);
    let shown = crate::show(&cmd);
    let out = cmd.output().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let said = String::from_utf8_lossy(&out.stderr);
    let said: Vec<&str> = said.lines().filter(|l| !l.contains("unknown name subsection")).collect();
    println!("spa-wasm: wasm-opt -Oz {}", file.file_name().unwrap_or_default().to_string_lossy());
    if !said.is_empty() {
        println!("{}", said.join("\n"));
    }
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({})", out.status))
    }
}

fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    out.sort();
    Ok(out)
}

/// 16 hex digits of a hash over every file's name and content, in name order.
fn hash_dir(dir: &Path) -> Result<String> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    names.sort();
    let mut h = Fnv::default();
    for path in names {
        h.write(path.file_name().unwrap_or_default().as_encoded_bytes());
        h.write(&fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?);
    }
    Ok(format!("{:016x}", h.0))
}

/// FNV-1a, 64 bits: enough to tell builds apart; not a security boundary.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // Separates one field from the next.
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3) ^ 0xff;
    }
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in fs::read_dir(from).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let dest = to.join(path.file_name().unwrap_or_default());
        fs::copy(&path, &dest).map_err(|e| format!("cannot copy to {}: {e}", dest.display()))?;
    }
    Ok(())
}

/// For each lazy group of the route table, the wasm files it loads (its own and the chunks
/// it shares with others), from wasm-split's prefetch map, whose keys are the group's
/// split function name plus a hash. A group the split did not make fails the build.
fn group_files(prefetch: &HashMap<String, Vec<String>>) -> Result<Vec<(Group, Vec<String>)>> {
    Group::ALL
        .iter()
        .filter_map(|g| g.split_name().map(|name| (*g, name)))
        .map(|(group, name)| {
            // The split point's name, alone or (leptos `#[lazy]`) followed by `_` and a hash.
            let key = format!("{name}_");
            let mut found = prefetch.iter().filter(|(k, _)| {
                k.as_str() == name || (k.starts_with(&key) && k[key.len()..].bytes().all(|b| b.is_ascii_digit()))
            });
            match (found.next(), found.next()) {
                (Some((_, files)), None) => Ok((group, files.iter().map(|f| format!("{f}.wasm")).collect())),
                _ => Err(format!("wasm-split made no single file for the lazy group `{name}` (crates/routes)")),
            }
        })
        .collect()
}

/// `{"pkg": "pkg-…", "groups": {"link_screens": ["chunk_1.wasm", …], …}}`.
fn groups_json(pkg: &str, groups: &[(Group, Vec<String>)]) -> String {
    let groups: serde_json::Map<String, serde_json::Value> = groups
        .iter()
        .map(|(g, files)| (g.split_name().unwrap_or_default().to_string(), serde_json::json!(files)))
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({ "pkg": pkg, "groups": groups })).expect("plain data")
}

/// Replaces the Rust link in index.html with the loader: the JS glue, the loader module it
/// imports and the main wasm all start downloading at once (no import waterfall). A URL's
/// lazy files and first API answers are preloaded by the server, which knows the URL.
fn inject(index: &Path, pkg: &str) -> Result {
    let html = fs::read_to_string(index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let Some(out) = replace_marker(&html, &loader_tags(pkg)) else {
        return Err(format!("{} has no single `{MARKER} data-trunk-skip>` for the wasm loader", index.display()));
    };
    fs::write(index, out).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

fn loader_tags(pkg: &str) -> String {
    let js = format!("/{pkg}/{PACKAGE}.js");
    let link = format!("/{pkg}/{}", LINK_NAME.trim_start_matches("./"));
    let wasm = format!("/{pkg}/{PACKAGE}_bg.wasm");
    format!(
        "<link rel=\"modulepreload\" href=\"{js}\">\
         <link rel=\"modulepreload\" href=\"{link}\">\
         <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
         <script type=\"module\">import init from \"{js}\";init({{module_or_path:\"{wasm}\"}});</script>"
    )
}

/// The tag that starts with [`MARKER`] (up to its `>`) replaced by `tags`; `None` unless
/// there is exactly one.
fn replace_marker(html: &str, tags: &str) -> Option<String> {
    if html.matches(MARKER).count() != 1 {
        return None;
    }
    let start = html.find(MARKER)?;
    let end = start + html[start..].find('>')? + 1;
    Some(format!("{}{tags}{}", &html[..start], &html[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loader_names_the_glue_the_link_module_and_the_wasm_in_the_package() {
        let tags = loader_tags("pkg-0123456789abcdef");
        assert!(tags.contains("<link rel=\"modulepreload\" href=\"/pkg-0123456789abcdef/myna-license-app.js\">"));
        assert!(tags.contains("href=\"/pkg-0123456789abcdef/__wasm_split.js\""));
        assert!(tags.contains("import init from \"/pkg-0123456789abcdef/myna-license-app.js\""));
        assert!(tags.contains("module_or_path:\"/pkg-0123456789abcdef/myna-license-app_bg.wasm\""));
    }

    #[test]
    fn group_files_pick_each_groups_files_and_refuse_a_missing_group() {
        let names: Vec<&str> = Group::ALL.iter().filter_map(|g| g.split_name()).collect();
        let mut map: HashMap<String, Vec<String>> =
            names.iter().map(|g| (format!("{g}_123"), vec!["chunk_1".to_string(), format!("split_{g}_123")])).collect();
        map.insert("link_screens_x_9".into(), vec!["other".into()]);
        let files = group_files(&map).unwrap();
        assert_eq!(files.len(), names.len());
        assert_eq!(
            files[0],
            (Group::Link, vec!["chunk_1.wasm".to_string(), "split_link_screens_123.wasm".to_string()])
        );
        map.remove("demo_screens_123");
        assert!(group_files(&map).unwrap_err().contains("demo_screens"));
        map.insert("demo_screens".into(), vec!["split_demo_screens".into()]);
        let demo = group_files(&map).unwrap().into_iter().find(|(g, _)| *g == Group::Demo).unwrap();
        assert_eq!(demo.1, vec!["split_demo_screens.wasm".to_string()]);
        map.remove("demo_screens");
        assert!(group_files(&map).unwrap_err().contains("demo_screens"));
    }

    #[test]
    fn the_manifest_names_the_package_and_each_groups_files() {
        let json = groups_json("pkg-0", &[(Group::Link, vec!["a.wasm".into(), "b.wasm".into()])]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["pkg"], "pkg-0");
        assert_eq!(v["groups"]["link_screens"], serde_json::json!(["a.wasm", "b.wasm"]));
    }

    #[test]
    fn the_rust_link_is_replaced_exactly_once() {
        let html = "<head><link data-trunk rel=\"rust\" data-trunk-skip data-trunk-id=\"3\"></head>";
        assert_eq!(replace_marker(html, "X").as_deref(), Some("<head>X</head>"));
        assert_eq!(replace_marker("<head></head>", "X"), None);
        let twice = format!("{html}{html}");
        assert_eq!(replace_marker(&twice, "X"), None);
    }

    #[test]
    fn the_directory_hash_follows_names_and_contents() {
        let dir = std::env::temp_dir().join(format!("xtask-pkg-hash-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.js"), "1").unwrap();
        let first = hash_dir(&dir).unwrap();
        assert_eq!(first.len(), 16);
        assert_eq!(hash_dir(&dir).unwrap(), first);
        fs::write(dir.join("a.js"), "2").unwrap();
        let second = hash_dir(&dir).unwrap();
        assert_ne!(second, first);
        fs::rename(dir.join("a.js"), dir.join("b.js")).unwrap();
        assert_ne!(hash_dir(&dir).unwrap(), second);
        fs::remove_dir_all(&dir).unwrap();
    }
}
