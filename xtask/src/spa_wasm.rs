//! The SPA's wasm, split by route: cargo → wasm-split → wasm-bindgen → wasm-opt, into
//! `dist/pkg-<hash>/`, and the loader tags into `dist/index.html`.
//!
//! Trunk 0.21 builds everything else (HTML, inlined CSS, copied files) but cannot split a
//! wasm: its pipeline runs wasm-bindgen straight after cargo. The lazy routes of
//! `src/app.rs` (`#[lazy_route]`) only become separate files when the linked wasm, built
//! with `--emit-relocs` (see .cargo/config.toml), goes through `wasm_split_cli_support`
//! before wasm-bindgen — the same steps as `cargo leptos --split`.
//!
//! Every file of one build lives in one directory named after the hash of all of them, so
//! the relative names inside the JS (`./__wasm_split.js`, `./split_*.wasm`) stay as the
//! tools wrote them and the directory name alone makes them cacheable forever.

use crate::tools::Tools;
use crate::{cargo, run_cmd, target_dir, Result};
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

const PACKAGE: &str = "myna-license-app";
/// The module the split wasm imports its loaders from, and the JS file wasm-split writes.
const LINK_NAME: &str = "./__wasm_split.js";
/// Marks where the loader tags go in index.html (a comment Trunk keeps).
const MARKER: &str = "<!-- spa-wasm -->";
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

/// Which lazy group (the function name given to `split_group!` in src/app.rs) each URL
/// needs: a URL equal to the prefix or below it. On a first load of such a URL the group's
/// files start downloading beside the main wasm instead of after it. A unit test keeps
/// this list and app.rs's groups in step; a group missing from the split fails the build.
const SPLIT_ROUTES: &[(&str, &str)] = &[
    ("/login", "link_screens"),
    ("/demo", "demo_screens"),
    ("/license/link", "link_screens"),
    ("/license/unlink", "account_screens"),
    ("/connections", "account_screens"),
    ("/license/onestop", "onestop_screens"),
    ("/notices", "account_screens"),
    ("/applications", "account_screens"),
];

/// Builds the split wasm into `dist/pkg-<hash>/` and names it in `dist/index.html`.
/// Returns the package directory.
pub fn build(tools: &Tools, dist: &Path) -> Result<PathBuf> {
    run_cmd(cargo().args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        PACKAGE,
        "--bin",
        PACKAGE,
    ]))?;
    let input = target_dir().join(format!("wasm32-unknown-unknown/release/{PACKAGE}.wasm"));
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
    let preloads = route_files(&split.prefetch_map)?;

    // 2. wasm-bindgen on the main module; the lld exports stay, the split files use them.
    run_cmd(tools.command("wasm-bindgen").args([
        "--target",
        "web",
        "--keep-lld-exports",
        "--no-demangle",
        "--no-typescript",
        "--out-name",
        PACKAGE,
        "--out-dir",
    ]).arg(&stage).arg(&main_unbound))?;
    fs::remove_file(&main_unbound).map_err(|e| e.to_string())?;

    // 3. wasm-opt -Oz on every wasm (binaryen 132 from npm; Debian's 108 breaks the output).
    for file in files_with_ext(&stage, "wasm")? {
        wasm_opt(tools, &file)?;
    }

    // 4. Into dist under a content-hashed directory, and into index.html.
    let hash = hash_dir(&stage)?;
    let name = format!("pkg-{hash}");
    let pkg = dist.join(&name);
    let _ = fs::remove_dir_all(&pkg);
    copy_dir(&stage, &pkg)?;
    inject(&dist.join("index.html"), &name, &preloads)?;
    Ok(pkg)
}

/// `wasm-opt -Oz` in place, one line per file. binaryen warns "unknown name subsection"
/// for every file wasm-split writes (a name-section kind it does not read; the names are
/// stripped anyway): that line is dropped, anything else it says is shown.
fn wasm_opt(tools: &Tools, file: &Path) -> Result {
    let mut cmd = tools.command("wasm-opt");
    cmd.arg("-Oz").args(WASM_FEATURES).arg("--output").arg(file).arg(file);
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

/// For each URL prefix of [`SPLIT_ROUTES`], the wasm files its group loads (the group's
/// own and the chunks it shares with others), from wasm-split's prefetch map, whose keys
/// are the group's function name plus a hash.
fn route_files(prefetch: &HashMap<String, Vec<String>>) -> Result<Vec<(&'static str, Vec<String>)>> {
    SPLIT_ROUTES
        .iter()
        .map(|(prefix, group)| {
            // The split point's name, alone or (leptos `#[lazy]`) followed by `_` and a hash.
            let key = format!("{group}_");
            let mut found = prefetch.iter().filter(|(k, _)| {
                k.as_str() == *group || (k.starts_with(&key) && k[key.len()..].bytes().all(|b| b.is_ascii_digit()))
            });
            match (found.next(), found.next()) {
                (Some((_, files)), None) => Ok((*prefix, files.iter().map(|f| format!("{f}.wasm")).collect())),
                _ => Err(format!("wasm-split made no single file for the lazy group `{group}` (src/app.rs)")),
            }
        })
        .collect()
}

/// Replaces the marker in index.html with the loader: the JS glue, the loader module it
/// imports and the main wasm all start downloading at once (no import waterfall), and so
/// do the lazy files of the URL being opened.
fn inject(index: &Path, pkg: &str, preloads: &[(&str, Vec<String>)]) -> Result {
    let html = fs::read_to_string(index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let tags = loader_tags(pkg) + &preload_script(pkg, preloads);
    let Some(out) = replace_marker(&html, &tags) else {
        return Err(format!("{} has no `{MARKER}` for the wasm loader", index.display()));
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

/// An inline script (allowed by the server's CSP by hash, like every inline script of
/// index.html) that preloads the lazy files of the URL being opened. `as=fetch` with
/// CORS matches the split loader's own `fetch`, so the browser reuses the download.
fn preload_script(pkg: &str, preloads: &[(&str, Vec<String>)]) -> String {
    let table: Vec<String> = preloads
        .iter()
        .map(|(prefix, files)| {
            let list: Vec<String> = files.iter().map(|f| format!("\"{f}\"")).collect();
            format!("[\"{prefix}\",[{}]]", list.join(","))
        })
        .collect();
    format!(
        "<script>(function(p,t){{for(var i=0;i<t.length;i++)if(p===t[i][0]||p.indexOf(t[i][0]+\"/\")===0)\
         {{t[i][1].forEach(function(f){{var l=document.createElement(\"link\");l.rel=\"preload\";l.as=\"fetch\";\
         l.crossOrigin=\"anonymous\";l.href=\"/{pkg}/\"+f;document.head.appendChild(l)}});break}}}})\
         (location.pathname,[{}]);</script>",
        table.join(",")
    )
}

fn replace_marker(html: &str, tags: &str) -> Option<String> {
    (html.matches(MARKER).count() == 1).then(|| html.replace(MARKER, tags))
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
    fn every_lazy_group_in_app_rs_has_its_urls_and_every_listed_group_exists() {
        let app = fs::read_to_string(crate::root().join("src/app.rs")).unwrap();
        let groups: Vec<&str> = app
            .match_indices("\nsplit_group!(")
            .map(|(i, m)| {
                let rest = &app[i + m.len()..];
                &rest[..rest.find(',').unwrap()]
            })
            .collect();
        assert!(groups.len() >= 3, "found {groups:?}");
        for g in &groups {
            assert!(SPLIT_ROUTES.iter().any(|(_, r)| r == g), "{g} has no URL in SPLIT_ROUTES");
        }
        for (prefix, g) in SPLIT_ROUTES {
            assert!(groups.contains(g), "SPLIT_ROUTES names {g}, which app.rs does not define");
            assert!(app.contains(&format!("path!(\"{prefix}")), "app.rs has no route {prefix}");
        }
    }

    #[test]
    fn route_files_pick_each_groups_files_and_refuse_a_missing_group() {
        let mut map: HashMap<String, Vec<String>> = SPLIT_ROUTES
            .iter()
            .map(|(_, g)| (format!("{g}_123"), vec!["chunk_1".to_string(), format!("split_{g}_123")]))
            .collect();
        map.insert("link_screens_x_9".into(), vec!["other".into()]);
        let files = route_files(&map).unwrap();
        assert_eq!(files[0], ("/login", vec!["chunk_1.wasm".to_string(), "split_link_screens_123.wasm".to_string()]));
        map.remove("demo_screens_123");
        assert!(route_files(&map).unwrap_err().contains("demo_screens"));
        map.insert("demo_screens".into(), vec!["split_demo_screens".into()]);
        assert_eq!(route_files(&map).unwrap()[1], ("/demo", vec!["split_demo_screens.wasm".to_string()]));
        map.remove("demo_screens");
        assert!(route_files(&map).unwrap_err().contains("demo_screens"));
    }

    #[test]
    fn the_preload_script_matches_the_prefix_and_what_lies_below_it() {
        let js = preload_script("pkg-0", &[("/license/link", vec!["a.wasm".into()])]);
        assert!(js.starts_with("<script>") && js.ends_with("</script>"));
        assert!(js.contains("[[\"/license/link\",[\"a.wasm\"]]]"));
        assert!(js.contains("p===t[i][0]||p.indexOf(t[i][0]+\"/\")===0"));
        assert!(js.contains("l.href=\"/pkg-0/\"+f"));
    }

    #[test]
    fn the_marker_must_be_there_exactly_once() {
        assert_eq!(replace_marker("<head><!-- spa-wasm --></head>", "X").as_deref(), Some("<head>X</head>"));
        assert_eq!(replace_marker("<head></head>", "X"), None);
        assert_eq!(replace_marker("<!-- spa-wasm --><!-- spa-wasm -->", "X"), None);
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
