//! `cargo xtask bench [--check] [--runs N]`: the performance benchmark of issue 7.
//!
//! One run builds this app (release, precompressed), the React peer (bench/peer-react)
//! and the static page (generated here from the API), serves each with the project's own
//! server (`--profile server`, demo mode, one server per target), and measures side by
//! side: first-view bytes, time to visible and the 本籍 interaction on an emulated phone
//! (bench/measure.mjs), Lighthouse 12 on every page of the router, and the backend with
//! wrk. It writes docs/PERFORMANCE.md (the generated section) and docs/perf/latest.json.
//! With `--check` it writes the same into target/bench/ instead and fails when a budget
//! is missed (timings are noisy, so this is not part of `cargo xtask test`).

use crate::bench_backend::{self as backend, WRK_CONNECTIONS, WRK_SECONDS, WRK_THREADS};
use crate::bench_report::{self as report, median};
use crate::bench_size::{self as size, Asset};
use crate::server::{self, Server};
use crate::tools::{self, Need, Tools};
use crate::{bench_http, bench_pages, bench_static, cargo, dist, root, run_cmd, target_dir, Result};
use serde_json::{json, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const PERSON: &str = "taro";
const PERSON_NAME: &str = "免許 太郎";
const BUTTON: &str = "本籍を表示する";
const VALUE_CONTAINER: &str = "#honseki-value";
const PAGE: &str = "/license";

/// Phone emulation (Lighthouse's "slow 4G" figures, applied by CDP per request).
const LATENCY_MS: u32 = 150;
const DOWN_BYTES_PER_SEC: u32 = 209_715; // 1.6 × 1024 kbit/s ÷ 8, rounded down
const UP_BYTES_PER_SEC: u32 = 750 * 1024 / 8; // 96 000 B/s
const CPU_SLOWDOWN: u32 = 4;

pub const DEFAULT_RUNS: usize = 7;
const MIN_RUNS: usize = 5;

const CHROME_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub check: bool,
    pub runs: usize,
    /// `--backend-only`: only the wrk rows (SQLite, PostgreSQL, two instances), printed and
    /// kept in target/bench/backend.json; no browser, no report.
    pub backend_only: bool,
}

pub fn parse_args(args: &[String]) -> Result<Options> {
    let mut opts = Options { check: false, runs: DEFAULT_RUNS, backend_only: false };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => opts.check = true,
            "--backend-only" => opts.backend_only = true,
            "--runs" => {
                let v = it.next().ok_or("--runs needs a number")?;
                opts.runs = v.parse().map_err(|_| format!("--runs: `{v}` is not a number"))?;
            }
            other => {
                return Err(format!("unexpected argument `{other}` (bench takes --check, --runs N and --backend-only)"))
            }
        }
    }
    if opts.runs < MIN_RUNS {
        return Err(format!("--runs must be at least {MIN_RUNS} (medians of ≥ 5 cold loads)"));
    }
    Ok(opts)
}

struct Target {
    name: &'static str,
    dist: PathBuf,
    port: u16,
    server: Option<Server>,
    cookie: String,
}

pub fn run(opts: Options) -> Result {
    if opts.backend_only {
        return backend_only();
    }
    let started = Instant::now();
    // Timings are only as quiet as the machine: record how busy it was.
    let load_at_start = load_average();
    let work = target_dir().join("bench");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let mut commands = vec![if opts.check {
        format!("cargo xtask bench --check --runs {}", opts.runs)
    } else {
        format!("cargo xtask bench --runs {}", opts.runs)
    }];

    let tools = tools::ensure(Need::Bench)?;
    let chromium = tools.chromium.clone().expect("Need::Bench finds chromium");
    npm_packages(&tools, &root().join("bench"))?;
    npm_packages(&tools, &root().join("bench/peer-react"))?;

    // This app: the release build, in its own dist so a concurrent `cargo xtask dist`
    // cannot change it under the bench.
    let app_dist = work.join("app");
    dist::build_into(&tools, &app_dist)?;
    commands.push("cargo xtask dist, into target/bench/app (trunk build --release --offline, the route-split wasm, .br/.gz beside each file)".into());

    let react_dist = work.join("react");
    let mut vite = tools.command("npx");
    vite.current_dir(root().join("bench/peer-react"))
        .args(["vite", "build", "--emptyOutDir", "--outDir"])
        .arg(&react_dist);
    run_cmd(&mut vite)?;
    dist::precompress(&react_dist)?;
    commands.push(
        "(cd bench/peer-react && npx vite build --emptyOutDir --outDir ../../target/bench/react)   # then .br/.gz"
            .into(),
    );

    run_cmd(cargo().args(["build", "-p", "server", "--profile", "server"]))?;
    commands.push("cargo build -p server --profile server".into());

    let static_dist = work.join("static");
    let mut targets = vec![
        Target { name: "app", dist: app_dist.clone(), port: 0, server: None, cookie: String::new() },
        Target { name: "static", dist: static_dist.clone(), port: 0, server: None, cookie: String::new() },
        Target { name: "react", dist: react_dist.clone(), port: 0, server: None, cookie: String::new() },
    ];
    // The app's server first: the static page is generated from its API answer.
    start_server(&mut targets[0], &work)?;
    let app_port = targets[0].port;
    let license = bench_http::get(app_port, "/api/license", Some(&targets[0].cookie))?;
    if license.status != 200 {
        return Err(format!("GET /api/license answered {}: {}", license.status, license.text()));
    }
    bench_static::generate(&license.text(), &app_dist, &static_dist)?;
    dist::precompress(&static_dist)?;
    start_server(&mut targets[1], &work)?;
    start_server(&mut targets[2], &work)?;
    commands.push(
        "target/server/server --demo --port N --dist DIR --data-dir DIR   # one per target: target/bench/{app,static,react}".into(),
    );

    // Bytes, from the built files (deterministic).
    let mut bytes = json!({ "api_license_bytes": license.body.len() });
    let mut app_assets = Vec::new();
    for t in &targets {
        let assets = size::first_view_assets(&t.dist)?;
        let totals = size::totals(&assets);
        bytes[t.name] = json!({
            "assets": assets.iter().map(asset_json).collect::<Vec<_>>(),
            "totals": { "raw": totals.raw, "gzip": totals.gzip, "brotli": totals.brotli },
        });
        if t.name == "app" {
            println!("{}", size::table(&assets));
            app_assets = assets;
        }
    }

    // Cold loads and the interaction on the emulated phone.
    let measured = measure(&tools, &chromium, &targets, opts.runs, &work)?;
    commands.push(format!("node bench/measure.mjs target/bench/measure-config.json target/bench/measure.json   # {} cold loads per target", opts.runs));
    let mut ttv = json!({});
    let mut inp = json!({});
    for t in &targets {
        let runs = measured["targets"][t.name]["runs"].as_array().cloned().unwrap_or_default();
        let pick = |k: &str| -> Vec<f64> { runs.iter().filter_map(|r| r[k].as_f64()).collect() };
        let visible = pick("visibleMs");
        let interaction = pick("interactionMs");
        let wire = pick("assetBytes");
        ttv[t.name] = json!({
            "median_ms": median(&visible),
            "samples_ms": visible.iter().map(|v| v.round()).collect::<Vec<_>>(),
            "fcp_median_ms": median(&pick("fcpMs")),
            "wire_bytes_median": median(&wire),
            "how": runs.first().map(|r| r["visibleHow"].clone()),
        });
        inp[t.name] = json!({
            "median_ms": median(&interaction),
            "samples_ms": interaction.iter().map(|v| v.round()).collect::<Vec<_>>(),
            "how": runs.first().map(|r| r["interactionHow"].clone()),
        });
    }
    let same_view = compare_views(&measured, &app_assets);

    // Lighthouse on every page of the router, and on the two peers' /license.
    let pages = bench_pages::from_table();
    let mut lighthouse = Vec::new();
    for page in &pages.measured {
        lighthouse.push(run_lighthouse(&tools, &chromium, &targets[0], page, &work)?);
    }
    for t in &targets[1..] {
        lighthouse.push(run_lighthouse(&tools, &chromium, t, PAGE, &work)?);
    }
    commands.push(format!(
        "CHROME_PATH={} node bench/node_modules/lighthouse/cli/index.js URL --only-categories=performance,accessibility,best-practices --output=json --extra-headers=FILE(Cookie: __Host-session=…) --chrome-flags=\"{CHROME_FLAGS}\"   # default mobile form factor, simulated throttling",
        chromium.display()
    ));

    // Backend: the bare SQLite loop first, while the disk is quiet.
    let sqlite = backend::sqlite_baseline(&work.join("sqlite"))?;
    let app = &targets[0];
    let base = format!("http://127.0.0.1:{}", app.port);
    let cookie_header = format!("Cookie: {}", app.cookie);
    let wrk_license = backend::wrk(
        "GET /api/license",
        &format!("{base}/api/license"),
        std::slice::from_ref(&cookie_header),
        None,
        &[],
    )?;
    // The smallest file of the first view besides index.html (the icon today): a static
    // answer of the same size class as the API's JSON, so the comparison is strict.
    let static_file = app_assets
        .iter()
        .filter(|a| a.path != "/index.html")
        .min_by_key(|a| a.raw)
        .map(|a| a.path.clone())
        .ok_or("the app's first view has no file besides index.html to use as the static file")?;
    let wrk_static = backend::wrk("static file", &format!("{base}{static_file}"), &[], None, &[])?;
    let submissions = match backend::submissions_unavailable(app.port, &app.cookie)? {
        Some(why) => {
            println!("wrk: submissions: {why}");
            json!({ "unavailable": why })
        }
        None => {
            let script = root().join("bench/wrk-submit.lua");
            let w = backend::wrk(
                "POST /api/applications",
                &format!("{base}/api/applications"),
                &[],
                Some(&script),
                &[("BENCH_COOKIE", app.cookie.as_str())],
            )?;
            wrk_json(&w)
        }
    };
    commands.push(wrk_license.command.clone());
    commands.push(wrk_static.command.clone());
    if let Some(c) = submissions["command"].as_str() {
        commands.push(format!("BENCH_COOKIE=__Host-session=… {c}"));
    }
    commands.push(sqlite.command.replace(&root().display().to_string(), "."));
    let mut static_json = wrk_json(&wrk_static);
    static_json["path"] = json!(static_file);
    // Issue 17: the same rows on PostgreSQL, one instance and two.
    let scale_out = crate::bench_scale::measure(&app_dist, &work, wrk_license.rps, submissions["rps"].as_f64())?;
    if let Some(cmds) = scale_out["two_instances"]["commands"].as_array() {
        commands.push("target/server/server --demo --port N --dist target/bench/app --data-dir DIR --database-url postgres://postgres@127.0.0.1:PORT/bench   # twice, on a throwaway cluster (initdb, pg_ctl; PostgreSQL defaults)".into());
        commands.extend(cmds.iter().filter_map(|c| c.as_str()).map(|c| format!("BENCH_COOKIE=__Host-session=… {c}")));
    }
    let backend_json = json!({
        "threads": WRK_THREADS,
        "connections": WRK_CONNECTIONS,
        "seconds": WRK_SECONDS,
        "license": wrk_json(&wrk_license),
        "static_file": static_json,
        "submissions": submissions,
        "scale_out": scale_out,
        "sqlite": {
            "per_sec": sqlite.per_sec,
            "inserts": sqlite.inserts,
            "seconds": sqlite.seconds,
            "sqlite_version": sqlite.sqlite_version,
        },
    });
    drop(targets);

    let mut machine = machine_facts(&chromium);
    machine["load_average"] = json!(format!("{load_at_start} at the start, {} at the end", load_average()));
    machine["chromium"] = measured["chromium"].clone();
    let result = json!({
        "date": utc_now(),
        "commit": commit(),
        "machine": machine,
        "commands": commands,
        "runs": opts.runs,
        "throttle": {
            "device": "Pixel 7 (Playwright descriptor)",
            "latency_ms": LATENCY_MS,
            "download_bytes_per_sec": DOWN_BYTES_PER_SEC,
            "upload_bytes_per_sec": UP_BYTES_PER_SEC,
            "cpu_slowdown": CPU_SLOWDOWN,
        },
        "bytes": bytes,
        "time_to_visible": ttv,
        "interaction": inp,
        "same_view": same_view,
        "lighthouse": lighthouse,
        "lighthouse_skipped": pages.skipped,
        "backend": backend_json,
        "browser_requests": {
            "app": measured["targets"]["app"]["requests"],
            "static": measured["targets"]["static"]["requests"],
            "react": measured["targets"]["react"]["requests"],
        },
        "took_seconds": started.elapsed().as_secs(),
    });
    let budgets = report::budgets(&result);
    let mut result = result;
    result["budgets"] = budgets
        .iter()
        .map(|b| json!({ "name": b.name, "limit": b.limit, "measured": b.measured, "met": b.met }))
        .collect();

    let (json_path, md_path) = if opts.check {
        (work.join("latest.json"), work.join("PERFORMANCE.md"))
    } else {
        (root().join("docs/perf/latest.json"), root().join("docs/PERFORMANCE.md"))
    };
    write_report(&result, &json_path, &md_path)?;

    println!("\nbudgets:");
    for b in &budgets {
        let mark = match b.met {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "NOT MEASURED",
        };
        println!("  {mark:<13} {} ({}): {}", b.name, b.limit, b.measured);
    }
    println!("\nbench: done in {:.0?}; wrote {} and {}", started.elapsed(), md_path.display(), json_path.display());
    if opts.check {
        let failed: Vec<String> = budgets
            .iter()
            .filter(|b| b.met != Some(true))
            .map(|b| format!("{} ({}): {}", b.name, b.limit, b.measured))
            .collect();
        if !failed.is_empty() {
            return Err(format!("budgets not met:\n  {}", failed.join("\n  ")));
        }
        println!("bench --check: every budget met");
    }
    Ok(())
}

/// `cargo xtask bench --backend-only`: the server's wrk rows on SQLite, on PostgreSQL and
/// on two instances, with their ratios, without building the SPA or starting a browser.
fn backend_only() -> Result {
    let work = target_dir().join("bench");
    let _ = fs::remove_dir_all(&work);
    let dist = work.join("backend-dist");
    fs::create_dir_all(&dist).map_err(|e| format!("cannot create {}: {e}", dist.display()))?;
    fs::write(dist.join("index.html"), "<!DOCTYPE html><html lang=\"ja\"><title>bench</title></html>")
        .map_err(|e| e.to_string())?;
    run_cmd(cargo().args(["build", "-p", "server", "--profile", "server"]))?;
    let mut app = Target { name: "app", dist: dist.clone(), port: 0, server: None, cookie: String::new() };
    start_server(&mut app, &work)?;
    let base = format!("http://127.0.0.1:{}", app.port);
    let license = backend::wrk(
        "GET /api/license, SQLite",
        &format!("{base}/api/license"),
        &[format!("Cookie: {}", app.cookie)],
        None,
        &[],
    )?;
    let submissions = backend::wrk(
        "POST /api/applications, SQLite",
        &format!("{base}/api/applications"),
        &[],
        Some(&root().join("bench/wrk-submit.lua")),
        &[("BENCH_COOKIE", app.cookie.as_str())],
    )?;
    drop(app);
    let scale_out = crate::bench_scale::measure(&dist, &work, license.rps, Some(submissions.rps))?;
    let out = json!({
        "date": utc_now(),
        "commit": commit(),
        "machine": { "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0), "load_average": load_average() },
        "sqlite": { "license": wrk_json(&license), "submissions": wrk_json(&submissions) },
        "scale_out": scale_out,
    });
    let path = work.join("backend.json");
    fs::write(&path, serde_json::to_string_pretty(&out).unwrap_or_default()).map_err(|e| e.to_string())?;
    println!(
        "\n{}",
        report::scale_out_table(&out["sqlite"]["license"], &out["sqlite"]["submissions"], &out["scale_out"])
    );
    println!("bench --backend-only: wrote {}", path.display());
    Ok(())
}

fn asset_json(a: &Asset) -> Value {
    json!({ "path": a.path, "kind": a.kind, "raw": a.raw, "gzip": a.gzip, "brotli": a.brotli })
}

fn wrk_json(w: &backend::WrkResult) -> Value {
    json!({
        "rps": w.rps, "p50_ms": w.p50_ms, "p99_ms": w.p99_ms, "requests": w.requests,
        "non_2xx": w.non_2xx, "socket_errors": w.socket_errors, "command": w.command,
    })
}

fn write_report(result: &Value, json_path: &Path, md_path: &Path) -> Result {
    for p in [json_path, md_path] {
        if let Some(dir) = p.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
    }
    let text = serde_json::to_string_pretty(result).expect("JSON values serialise");
    fs::write(json_path, text + "\n").map_err(|e| format!("cannot write {}: {e}", json_path.display()))?;
    let existing = fs::read_to_string(md_path)
        .or_else(|_| fs::read_to_string(root().join("docs/PERFORMANCE.md")))
        .unwrap_or_default();
    let md = report::splice(&existing, &report::markdown(result));
    fs::write(md_path, md).map_err(|e| format!("cannot write {}: {e}", md_path.display()))
}

/// Installs a bench npm package dir when node_modules is missing or older than its lock.
fn npm_packages(tools: &Tools, dir: &Path) -> Result {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    let lock = dir.join("package-lock.json");
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    if matches!((installed, modified(&lock)), (Some(i), Some(l)) if i >= l) {
        return Ok(());
    }
    let mut npm = tools.command("npm");
    npm.current_dir(dir)
        .args(if lock.exists() { ["ci", "--no-audit", "--no-fund"] } else { ["install", "--no-audit", "--no-fund"] })
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run_cmd(&mut npm).map_err(|e| format!("{e} (in {})", dir.display()))
}

fn start_server(t: &mut Target, work: &Path) -> Result {
    let port = server::free_port()?;
    let data = work.join(format!("data-{}", t.name));
    let mut cmd = Command::new(target_dir().join("server/server"));
    cmd.current_dir(root())
        .args(["--demo", "--port", &port.to_string(), "--dist"])
        .arg(&t.dist)
        .arg("--data-dir")
        .arg(&data)
        .env("RUST_LOG", "warn");
    let mut srv = Server::start(cmd, port, &work.join(format!("server-{}.log", t.name)))?;
    srv.wait_healthy(Duration::from_secs(60))?;
    t.cookie = bench_http::demo_login(port, PERSON)?;
    t.port = port;
    t.server = Some(srv);
    Ok(())
}

fn measure(tools: &Tools, chromium: &Path, targets: &[Target], runs: usize, work: &Path) -> Result<Value> {
    let config = json!({
        "chromium": chromium,
        "runs": runs,
        "person": PERSON,
        "name": PERSON_NAME,
        "button": BUTTON,
        "container": VALUE_CONTAINER,
        "path": PAGE,
        "throttle": {
            "latencyMs": LATENCY_MS,
            "downloadBytesPerSec": DOWN_BYTES_PER_SEC,
            "uploadBytesPerSec": UP_BYTES_PER_SEC,
            "cpuSlowdown": CPU_SLOWDOWN,
        },
        "targets": targets.iter().map(|t| json!({
            "name": t.name,
            "base": format!("http://localhost:{}", t.port),
        })).collect::<Vec<_>>(),
    });
    let config_path = work.join("measure-config.json");
    let out_path = work.join("measure.json");
    fs::write(&config_path, serde_json::to_string_pretty(&config).expect("JSON"))
        .map_err(|e| format!("cannot write {}: {e}", config_path.display()))?;
    let mut node = tools.command("node");
    node.arg(root().join("bench/measure.mjs")).arg(&config_path).arg(&out_path);
    run_cmd(&mut node)?;
    let text = fs::read_to_string(&out_path).map_err(|e| format!("cannot read {}: {e}", out_path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("bad JSON from measure.mjs: {e}"))
}

/// Do the three pages show the same text, and did the browser load exactly the files
/// the deterministic size check counts?
fn compare_views(measured: &Value, app_assets: &[Asset]) -> Value {
    let text = |name: &str| measured["targets"][name]["text"].as_str().unwrap_or("").to_string();
    let (app, stat, react) = (text("app"), text("static"), text("react"));
    let mut notes = Vec::new();
    for (name, other) in [("static page", &stat), ("React peer", &react)] {
        if *other != app {
            let at = app.chars().zip(other.chars()).take_while(|(a, b)| a == b).count();
            let near = |s: &str| s.chars().skip(at.saturating_sub(20)).take(60).collect::<String>();
            notes.push(format!("{name} differs from the app near “{}” vs “{}”", near(other), near(&app)));
        }
    }
    let mut seen: Vec<String> = measured["targets"]["app"]["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["url"].as_str())
        .filter(|u| !u.starts_with("/api/"))
        .map(|u| if u == PAGE { "/index.html".to_string() } else { u.to_string() })
        .collect();
    seen.sort();
    seen.dedup();
    let mut counted: Vec<String> = app_assets.iter().map(|a| a.path.clone()).collect();
    counted.sort();
    if seen != counted {
        notes.push(format!("the browser loaded {seen:?} while the size check counts {counted:?}"));
    }
    json!({ "identical": app == stat && app == react, "files_match": seen == counted, "note": notes.join("; ") })
}

fn run_lighthouse(tools: &Tools, chromium: &Path, t: &Target, page: &str, work: &Path) -> Result<Value> {
    let slug: String = page.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    let out = work.join(format!("lighthouse-{}{slug}.json", t.name));
    let headers = work.join(format!("lighthouse-headers-{}.json", t.name));
    fs::write(&headers, json!({ "Cookie": t.cookie }).to_string())
        .map_err(|e| format!("cannot write {}: {e}", headers.display()))?;
    let url = format!("http://localhost:{}{page}", t.port);
    let mut cmd = tools.command("node");
    cmd.arg(root().join("bench/node_modules/lighthouse/cli/index.js"))
        .arg(&url)
        .args(["--only-categories=performance,accessibility,best-practices", "--output=json", "--quiet"])
        .arg(format!("--output-path={}", out.display()))
        .arg(format!("--extra-headers={}", headers.display()))
        .arg(format!("--chrome-flags={CHROME_FLAGS}"))
        .env("CHROME_PATH", chromium);
    let base = json!({ "target": t.name, "page": page });
    // Lighthouse now and then fails to record a trace (NO_NAVSTART…): try up to 3 times.
    let mut lhr = Value::Null;
    for attempt in 1..=3 {
        println!("lighthouse: {} {page}{}", t.name, if attempt > 1 { " (again)" } else { "" });
        let status = cmd.status().map_err(|e| format!("could not start lighthouse: {e}"))?;
        lhr = if status.success() {
            let text = fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
            serde_json::from_str(&text).map_err(|e| format!("bad Lighthouse JSON: {e}"))?
        } else {
            json!({ "runtimeError": { "message": format!("lighthouse exited with {status}") } })
        };
        if lhr["runtimeError"].is_null() {
            break;
        }
    }
    let score = |c: &str| lhr["categories"][c]["score"].as_f64().map(|s| (s * 100.0).round());
    let audit = |a: &str| lhr["audits"][a]["numericValue"].as_f64();
    let mut failed = Vec::new();
    for cat in ["accessibility", "best-practices"] {
        for r in lhr["categories"][cat]["auditRefs"].as_array().into_iter().flatten() {
            let id = r["id"].as_str().unwrap_or_default();
            let a = &lhr["audits"][id];
            if r["weight"].as_f64().unwrap_or(0.0) > 0.0 && a["score"].as_f64().is_some_and(|s| s < 1.0) {
                failed.push(format!("{cat}: {} ({id})", a["title"].as_str().unwrap_or(id)));
            }
        }
    }
    let mut v = base;
    v["performance"] = json!(score("performance"));
    v["accessibility"] = json!(score("accessibility"));
    v["best_practices"] = json!(score("best-practices"));
    v["fcp_ms"] = json!(audit("first-contentful-paint").map(f64::round));
    v["lcp_ms"] = json!(audit("largest-contentful-paint").map(f64::round));
    v["tbt_ms"] = json!(audit("total-blocking-time").map(f64::round));
    v["cls"] = json!(audit("cumulative-layout-shift"));
    v["failed_audits"] = json!(failed);
    if let Some(e) = lhr["runtimeError"]["message"].as_str() {
        v["error"] = json!(e);
    }
    println!(
        "lighthouse: {} {page}: performance {} accessibility {} best practices {}",
        t.name, v["performance"], v["accessibility"], v["best_practices"]
    );
    Ok(v)
}

fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| {
            let text = if o.stdout.is_empty() { o.stderr } else { o.stdout };
            String::from_utf8_lossy(&text).lines().next().unwrap_or("").trim().to_string()
        })
        .unwrap_or_else(|| "?".into())
}

fn machine_facts(chromium: &Path) -> Value {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("?".into(), |(_, v)| v.trim().to_string());
    let mem_kb: u64 = fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0);
    let os = fs::read_to_string("/etc/os-release")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map_or("?".into(), |v| v.trim_matches('"').to_string());
    let lighthouse = fs::read_to_string(root().join("bench/node_modules/lighthouse/package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    json!({
        "cpu": cpu,
        "cores": std::thread::available_parallelism().map_or(0, |n| n.get()),
        "memory": format!("{:.0} GiB RAM", mem_kb as f64 / 1024.0 / 1024.0),
        "os": os,
        "kernel": first_line("uname", &["-r"]),
        "rustc": first_line("rustc", &["--version"]),
        "node": first_line("node", &["--version"]),
        "chromium_binary": first_line(&chromium.display().to_string(), &["--version"]),
        "lighthouse": lighthouse,
        "wrk": first_line("wrk", &["--version"]).split(" Copyright").next().unwrap_or("wrk").to_string(),
    })
}

/// The 1, 5 and 15 minute load averages.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn utc_now() -> String {
    first_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"])
}

fn commit() -> String {
    let head = first_line("git", &["-C", &root().display().to_string(), "rev-parse", "--short", "HEAD"]);
    let dirty = Command::new("git")
        .args(["-C", &root().display().to_string(), "status", "--porcelain"])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    if dirty {
        format!("{head} + uncommitted changes")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_options() {
        assert_eq!(parse_args(&[]), Ok(Options { check: false, runs: DEFAULT_RUNS, backend_only: false }));
        assert_eq!(
            parse_args(&strings(&["--check", "--runs", "9"])),
            Ok(Options { check: true, runs: 9, backend_only: false })
        );
        assert!(parse_args(&strings(&["--runs", "3"])).is_err(), "fewer than 5 cold loads");
        assert!(parse_args(&strings(&["--nope"])).is_err());
    }

    #[test]
    fn throttling_is_lighthouses_slow_4g() {
        assert_eq!(DOWN_BYTES_PER_SEC, 209_715);
        assert_eq!(UP_BYTES_PER_SEC, 96_000);
    }
}
