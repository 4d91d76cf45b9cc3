//! Issue 17's figures in `cargo xtask bench`: the same server on PostgreSQL beside SQLite,
//! and two instances on one PostgreSQL. A throwaway cluster with PostgreSQL's durable
//! defaults (fsync, synchronous commit — SQLite runs with synchronous=FULL), one database,
//! the release server once and then twice on it; `wrk` as for the SQLite rows: first one
//! instance with all ten connections, then both at once, five connections each (the sum
//! is the two-instance figure). Everything on this one machine: two instances share its
//! cores with PostgreSQL and wrk, so the two-instance ratio shows the cost of the shared
//! database more than the gain of a second machine.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};

use crate::bench_backend::{self as backend, WrkResult, WRK_CONNECTIONS};
use crate::postgres::{Cluster, Durability};
use crate::server::{self, Server};
use crate::{bench_http, root, target_dir, Result};

const PERSON: &str = "taro";

/// The PostgreSQL rows and the ratios against `sqlite_license` / `sqlite_submissions`
/// (the SQLite app server's rows of the same run). `{"unavailable": why}` when no cluster
/// could be started; the bench goes on.
pub fn measure(app_dist: &Path, work: &Path, sqlite_license: f64, sqlite_submissions: Option<f64>) -> Result<Value> {
    let cluster = match Cluster::start(Durability::Durable) {
        Ok(c) => c,
        Err(why) => {
            println!("bench: PostgreSQL NOT AVAILABLE, no scale-out figures: {why}");
            return Ok(json!({ "unavailable": why.lines().next().unwrap_or("").to_string() }));
        }
    };
    let url = cluster.database("bench")?;
    let mut a = start(app_dist, work, "pg-a", &url)?;
    let cookie = bench_http::demo_login(a.1, PERSON)?;
    let cookie_header = format!("Cookie: {cookie}");
    let script = root().join("bench/wrk-submit.lua");
    let license_url = |port: u16| format!("http://127.0.0.1:{port}/api/license");
    let submit_url = |port: u16| format!("http://127.0.0.1:{port}/api/applications");

    let one_license = backend::wrk(
        "GET /api/license, PostgreSQL",
        &license_url(a.1),
        std::slice::from_ref(&cookie_header),
        None,
        &[],
    )?;
    let one_submit = backend::wrk(
        "POST /api/applications, PostgreSQL",
        &submit_url(a.1),
        &[],
        Some(&script),
        &[("BENCH_COOKIE", cookie.as_str())],
    )?;

    let b = start(app_dist, work, "pg-b", &url)?;
    let ports = [a.1, b.1];
    let half = WRK_CONNECTIONS / 2;
    let both = |label: &'static str, submit: bool| -> Result<Vec<WrkResult>> {
        std::thread::scope(|s| {
            let runs: Vec<_> = ports
                .iter()
                .enumerate()
                .map(|(i, &port)| {
                    let (cookie, cookie_header, script) = (&cookie, &cookie_header, &script);
                    s.spawn(move || {
                        let label = format!("{label}, instance {} of 2", i + 1);
                        if submit {
                            backend::wrk_with(
                                &label,
                                &submit_url(port),
                                &[],
                                Some(script),
                                &[("BENCH_COOKIE", cookie.as_str())],
                                1,
                                half,
                            )
                        } else {
                            backend::wrk_with(
                                &label,
                                &license_url(port),
                                std::slice::from_ref(cookie_header),
                                None,
                                &[],
                                1,
                                half,
                            )
                        }
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().map_err(|_| "a wrk thread panicked".to_string())?).collect()
        })
    };
    let two_license = both("GET /api/license, PostgreSQL", false)?;
    let two_submit = both("POST /api/applications, PostgreSQL", true)?;
    drop(b);
    a.0.take();
    drop(cluster);

    let sum = |runs: &[WrkResult]| runs.iter().map(|r| r.rps).sum::<f64>();
    let errors = |runs: &[WrkResult]| runs.iter().map(|r| r.non_2xx + r.socket_errors).sum::<u64>();
    let ratio = |x: f64, y: Option<f64>| y.filter(|y| *y > 0.0).map(|y| x / y);
    let (l1, s1, l2, s2) = (one_license.rps, one_submit.rps, sum(&two_license), sum(&two_submit));
    let out = json!({
        "postgres_version": postgres_version(),
        "license": wrk_json(&one_license),
        "submissions": wrk_json(&one_submit),
        "two_instances": {
            "license_rps": l2,
            "license_errors": errors(&two_license),
            "submissions_rps": s2,
            "submissions_errors": errors(&two_submit),
            "commands": two_license.iter().chain(&two_submit).map(|r| r.command.clone()).collect::<Vec<_>>(),
        },
        "ratios": {
            "license_postgres_vs_sqlite": ratio(l1, Some(sqlite_license)),
            "submissions_postgres_vs_sqlite": ratio(s1, sqlite_submissions),
            "license_two_instances_vs_one": ratio(l2, Some(l1)),
            "submissions_two_instances_vs_one": ratio(s2, Some(s1)),
            "license_two_instances_vs_sqlite": ratio(l2, Some(sqlite_license)),
            "submissions_two_instances_vs_sqlite": ratio(s2, sqlite_submissions),
        },
    });
    println!("bench: scale-out ratios: {}", out["ratios"]);
    Ok(out)
}

/// The release server in demo mode on `url`; (server, port).
fn start(dist: &Path, work: &Path, name: &str, url: &str) -> Result<(Option<Server>, u16)> {
    let port = server::free_port()?;
    let mut cmd = Command::new(target_dir().join("server/server"));
    cmd.current_dir(root())
        .args(["--demo", "--port", &port.to_string(), "--dist"])
        .arg(dist)
        .arg("--data-dir")
        .arg(work.join(format!("data-{name}")))
        .args(["--database-url", url])
        .env("RUST_LOG", "warn");
    let mut srv = Server::start(cmd, port, &work.join(format!("server-{name}.log")))?;
    srv.wait_healthy(Duration::from_secs(60))?;
    Ok((Some(srv), port))
}

fn postgres_version() -> String {
    std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .and_then(|d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).max())
        .map(|v| format!("PostgreSQL {v}"))
        .unwrap_or_default()
}

pub fn wrk_json(w: &WrkResult) -> Value {
    json!({
        "label": w.label,
        "command": w.command,
        "requests": w.requests,
        "rps": w.rps,
        "p50_ms": w.p50_ms,
        "p99_ms": w.p99_ms,
        "non_2xx": w.non_2xx,
        "socket_errors": w.socket_errors,
    })
}
