//! The backend half of the bench, all on loopback: `wrk` against the app's server
//! (`GET /api/license` with a session cookie, a static file, application submissions)
//! and a bare SQLite insert loop on the same disk as the baseline for submissions.

use crate::bench_http;
use crate::{root, Result};
use std::path::Path;
use std::process::Command;

pub const WRK_THREADS: u32 = 2;
pub const WRK_CONNECTIONS: u32 = 10;
pub const WRK_SECONDS: u32 = 10;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct WrkResult {
    pub label: String,
    pub command: String,
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers that were not 2xx/3xx (a correct run has none).
    pub non_2xx: u64,
    pub socket_errors: u64,
}

/// `wrk -t2 -c10 -d10s --latency` on `url`, with extra `-H` headers and an optional script.
pub fn wrk(
    label: &str,
    url: &str,
    headers: &[String],
    script: Option<&Path>,
    env: &[(&str, &str)],
) -> Result<WrkResult> {
    wrk_with(label, url, headers, script, env, WRK_THREADS, WRK_CONNECTIONS)
}

/// [`wrk`] with its own thread and connection counts (two instances share the ten).
pub fn wrk_with(
    label: &str,
    url: &str,
    headers: &[String],
    script: Option<&Path>,
    env: &[(&str, &str)],
    threads: u32,
    connections: u32,
) -> Result<WrkResult> {
    let mut cmd = Command::new("wrk");
    cmd.args([format!("-t{threads}"), format!("-c{connections}"), format!("-d{WRK_SECONDS}s"), "--latency".into()]);
    for h in headers {
        cmd.arg("-H").arg(h);
    }
    if let Some(s) = script {
        cmd.arg("-s").arg(s);
    }
    cmd.arg(url);
    for (k, v) in env {
        cmd.env(k, v);
    }
    // The cookie is a secret of this run only, but keep it out of the report anyway.
    let mut shown = crate::show(&cmd).replace(&format!("{}/", root().display()), "");
    for h in headers {
        let redacted = match h.split_once(':') {
            Some((name, _)) if name.eq_ignore_ascii_case("cookie") => {
                format!("'{name}: __Host-session=…'")
            }
            _ => format!("'{h}'"),
        };
        shown = shown.replace(h.as_str(), &redacted);
    }
    println!("$ {shown}");
    let out = cmd.output().map_err(|e| format!("could not start wrk: {e} (install it: apt-get install -y wrk)"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() {
        return Err(format!("wrk failed ({}): {}{}", out.status, text, String::from_utf8_lossy(&out.stderr)));
    }
    let mut r = parse_wrk(&text).ok_or_else(|| format!("cannot read wrk's output:\n{text}"))?;
    r.label = label.to_string();
    r.command = shown;
    println!(
        "wrk: {label}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms{}",
        r.rps,
        r.p50_ms,
        r.p99_ms,
        if r.non_2xx > 0 { format!(", {} non-2xx answers", r.non_2xx) } else { String::new() }
    );
    Ok(r)
}

/// Reads requests/s, the 50 % and 99 % latencies, the request count and error counts.
pub fn parse_wrk(text: &str) -> Option<WrkResult> {
    let mut r = WrkResult::default();
    let mut seen = (false, false, false);
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("Requests/sec:"), Some(v)) => {
                r.rps = v.parse().ok()?;
                seen.0 = true;
            }
            (Some("50%"), Some(v)) => {
                r.p50_ms = duration_ms(v)?;
                seen.1 = true;
            }
            (Some("99%"), Some(v)) => {
                r.p99_ms = duration_ms(v)?;
                seen.2 = true;
            }
            (Some(n), Some("requests")) if line.contains(" requests in ") => {
                r.requests = n.parse().ok()?;
            }
            _ => {}
        }
        if let Some(n) = line.strip_prefix("Non-2xx or 3xx responses:") {
            r.non_2xx = n.trim().parse().ok()?;
        }
        if let Some(rest) = line.strip_prefix("Socket errors:") {
            r.socket_errors = rest.split(',').filter_map(|p| p.split_whitespace().last()?.parse::<u64>().ok()).sum();
        }
    }
    (seen == (true, true, true)).then_some(r)
}

/// wrk's `812.00us`, `1.23ms`, `2.00s`, `1.50m` → milliseconds.
fn duration_ms(v: &str) -> Option<f64> {
    let split = v.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, unit) = v.split_at(split);
    let n: f64 = n.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

#[derive(Clone, Debug, PartialEq)]
pub struct SqliteBaseline {
    pub per_sec: f64,
    pub inserts: u64,
    pub seconds: f64,
    pub sqlite_version: String,
    pub command: String,
}

/// `python3 bench/sqlite_inserts.py DIR SECONDS`.
pub fn sqlite_baseline(dir: &Path) -> Result<SqliteBaseline> {
    let mut cmd = Command::new("python3");
    cmd.arg(root().join("bench/sqlite_inserts.py")).arg(dir).arg(WRK_SECONDS.to_string());
    let shown = format!("python3 bench/sqlite_inserts.py {} {WRK_SECONDS}", dir.display());
    println!("$ {shown}");
    let out = cmd.output().map_err(|e| format!("could not start python3: {e}"))?;
    if !out.status.success() {
        return Err(format!("the SQLite baseline failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).map_err(|e| format!("the SQLite baseline printed no JSON: {e}"))?;
    let r = SqliteBaseline {
        per_sec: v["per_sec"].as_f64().unwrap_or_default(),
        inserts: v["inserts"].as_u64().unwrap_or_default(),
        seconds: v["seconds"].as_f64().unwrap_or_default(),
        sqlite_version: v["sqlite_version"].as_str().unwrap_or_default().to_string(),
        command: shown,
    };
    println!("sqlite: bare inserts (WAL, synchronous=FULL): {:.0}/s", r.per_sec);
    Ok(r)
}

/// Whether `POST /api/applications` exists yet: one real submission decides.
/// Ok(None) when it is there; Ok(Some(why)) when it is not (yet).
pub fn submissions_unavailable(port: u16, cookie: &str) -> Result<Option<String>> {
    let res = bench_http::request(
        port,
        "POST",
        "/api/applications",
        &[("Content-Type", "application/json"), ("Cookie", cookie), ("Idempotency-Key", "bench-probe-1")],
        br#"{"kind":"demo","document":"{\"bench\":true}"}"#,
    )?;
    Ok(match res.status {
        201 | 200 => None,
        404 | 405 => Some(format!("not available yet (POST /api/applications answered {})", res.status)),
        s => Some(format!(
            "not measured: POST /api/applications answered {s}: {}",
            res.text().chars().take(200).collect::<String>()
        )),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUT: &str = "Running 10s test @ http://127.0.0.1:8080/api/license
  2 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   812.34us  300.00us   9.87ms   90.00%
    Req/Sec     6.10k   400.00     7.00k    70.00%
  Latency Distribution
     50%  756.00us
     75%    0.90ms
     90%    1.10ms
     99%    2.34ms
  121234 requests in 10.00s, 90.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 7
Requests/sec:  12123.40
Transfer/sec:      9.00MB
";

    #[test]
    fn reads_wrk_output() {
        let r = parse_wrk(OUT).unwrap();
        assert_eq!(r.requests, 121234);
        assert!((r.rps - 12123.4).abs() < 1e-9);
        assert!((r.p50_ms - 0.756).abs() < 1e-9);
        assert!((r.p99_ms - 2.34).abs() < 1e-9);
        assert_eq!((r.non_2xx, r.socket_errors), (7, 3));
        assert!(parse_wrk("nothing").is_none());
        assert_eq!(duration_ms("1.50s"), Some(1500.0));
    }
}
