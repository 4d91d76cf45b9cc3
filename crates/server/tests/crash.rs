//! Crash test (issue 5's acceptance): the real `server` binary, in demo mode on loopback,
//! takes demo applications from several clients at once — each with its own idempotency
//! key, retried with the same key when the connection breaks, as a phone would — while a
//! client keeps the worker busy and the server is killed with SIGKILL and restarted
//! several times. Afterwards:
//! - every application that was answered 受付済 still exists, under the id it was given;
//! - each key made exactly one application (retries across a crash included);
//! - every application was processed, with exactly one result notice and one history
//!   row per status.
//!
//! Bounded: 200 submissions, 5 kills, 127.0.0.1 only, about ten seconds.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SUBMISSIONS: u32 = 200;
const KILLS: u32 = 5;
const CLIENTS: u32 = 4;
const DEADLINE: Duration = Duration::from_secs(90);

#[test]
fn applications_survive_sigkill_and_each_result_has_one_notice() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html lang=\"ja\"><title>t</title></html>").unwrap();
    let data = dir.path().join("data");

    let mut server = Server::start(&dist, &data, 0);
    let port = server.port;
    let cookie = login(port, "taro");

    let answered = Arc::new(Mutex::new(BTreeMap::<u32, (String, u16)>::new()));
    let done = Arc::new(AtomicU32::new(0));
    let broken = Arc::new(AtomicU32::new(0)); // requests cut off by a kill, then retried
    let stop = Arc::new(AtomicBool::new(false));

    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (answered, done, broken, cookie) = (answered.clone(), done.clone(), broken.clone(), cookie.clone());
        clients.push(std::thread::spawn(move || {
            for i in (c..SUBMISSIONS).step_by(CLIENTS as usize) {
                let key = format!("crash-{i}");
                let body = format!(r#"{{"kind":"demo","document":"{{\"n\":{i}}}"}}"#);
                loop {
                    assert!(started.elapsed() < DEADLINE, "deadline passed while submitting {key}");
                    let headers = [("Cookie", cookie.as_str()), ("Idempotency-Key", key.as_str())];
                    match http(port, "POST", "/api/applications", &headers, Some(&body)) {
                        Ok(r) => {
                            assert!(r.status == 201 || r.status == 200, "{key}: {} {}", r.status, r.body);
                            let id = json_str(&r.body, "id").unwrap_or_else(|| panic!("{key}: {}", r.body));
                            let status = json_str(&r.body, "status").unwrap();
                            assert!(["受付済", "処理中", "完了"].contains(&status.as_str()), "{key}: {status}");
                            answered.lock().unwrap().insert(i, (id, r.status));
                            done.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        Err(_) => {
                            broken.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
            }
        }));
    }
    // Keeps worker transactions in flight, so kills also land in the middle of processing.
    let processor = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let _ = http(port, "POST", "/api/demo/process", &[], None);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };

    for k in 1..=KILLS {
        let threshold = SUBMISSIONS * k / (KILLS + 1);
        while done.load(Ordering::SeqCst) < threshold {
            assert!(started.elapsed() < DEADLINE, "deadline passed before kill {k}");
            std::thread::sleep(Duration::from_millis(2));
        }
        server.kill();
        server = Server::start(&dist, &data, port);
    }
    for c in clients {
        c.join().expect("a client failed");
    }
    stop.store(true, Ordering::SeqCst);
    processor.join().unwrap();

    // Let the worker finish what the last crash left.
    let list = loop {
        assert!(started.elapsed() < DEADLINE, "applications were not all processed in time");
        let processed = http(port, "POST", "/api/demo/process", &[], None).unwrap();
        assert_eq!(processed.status, 200, "{}", processed.body);
        let list = http(port, "GET", "/api/applications", &[("Cookie", &cookie)], None).unwrap();
        assert_eq!(list.status, 200);
        if list.body.matches("\"status\":\"完了\"").count() == SUBMISSIONS as usize {
            break list.body;
        }
    };

    // Every answered application exists, under the id it was answered with.
    let answered = answered.lock().unwrap().clone();
    assert_eq!(answered.len(), SUBMISSIONS as usize);
    for (i, (id, _)) in &answered {
        assert!(list.contains(&format!("\"id\":\"{id}\"")), "crash-{i}: application {id} was lost");
    }
    let replays = answered.values().filter(|(_, s)| *s == 200).count();
    server.kill();

    // And straight from the database.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let target = server::config::DatabaseTarget::File(data.join("demo.sqlite3"));
        let store = server::store::Store::open(&target).await.unwrap();
        let pool = store.pool();
        let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap() };
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await.unwrap();
        assert_eq!(integrity, "ok");
        assert_eq!(count("SELECT COUNT(*) FROM applications").await, SUBMISSIONS as i64, "one application per key");
        assert_eq!(count("SELECT COUNT(DISTINCT idempotency_key) FROM applications").await, SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(*) FROM applications WHERE status <> 'completed'").await, 0);
        assert_eq!(
            count("SELECT COUNT(*) FROM notices WHERE application_id IS NOT NULL").await,
            SUBMISSIONS as i64,
            "exactly one result notice per application"
        );
        assert_eq!(count("SELECT COUNT(DISTINCT application_id) FROM notices").await, SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(*) FROM application_events").await, 3 * SUBMISSIONS as i64);
        store.close().await;
    });
    eprintln!(
        "crash test: {SUBMISSIONS} submissions from {CLIENTS} clients, {KILLS} SIGKILLs, {} requests refused or cut off by \
         the kills and retried, {replays} answered as replays, 0 lost, 0 duplicate notices, {:.1} s",
        broken.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}

/// The server binary Cargo built for this package's tests.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts it and waits for its "listening on" line (printed after binding).
    fn start(dist: &std::path::Path, data: &std::path::Path, port: u16) -> Server {
        for attempt in 0..50 {
            let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
                .args(["--demo", "--host", "127.0.0.1", "--port", &port.to_string()])
                .arg("--dist")
                .arg(dist)
                .arg("--data-dir")
                .arg(data)
                .env("RUST_LOG", "error")
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("starting target/debug/server");
            let mut line = String::new();
            BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
            if let Some(p) = line.trim().strip_prefix("listening on http://127.0.0.1:") {
                let port = p.split_whitespace().next().unwrap().parse().unwrap();
                return Server { child, port };
            }
            // Could not bind yet (the port of the killed process): try again shortly.
            let _ = child.kill();
            let _ = child.wait();
            assert!(attempt < 49, "server did not start: {line:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
        unreachable!()
    }

    /// SIGKILL: no shutdown code runs, like a power cut for the process.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// One HTTP/1.1 exchange over a fresh connection (`Connection: close`). A connection the
/// server dropped, or an answer cut short, is an `Err`.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>) -> std::io::Result<Reply> {
    use std::io::{Error, ErrorKind};
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    s.set_write_timeout(Some(Duration::from_secs(10)))?;
    let body = body.unwrap_or("");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8(raw).map_err(|e| Error::new(ErrorKind::InvalidData, e))?;
    let (head, rest) = text.split_once("\r\n\r\n").ok_or_else(|| Error::new(ErrorKind::UnexpectedEof, "no headers"))?;
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| Error::new(ErrorKind::InvalidData, "no status"))?;
    let lower = head.to_ascii_lowercase();
    let length =
        lower.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    let body = match length {
        Some(n) if rest.len() == n => rest.to_string(),
        Some(_) => return Err(Error::new(ErrorKind::UnexpectedEof, "body cut short")),
        None if lower.contains("transfer-encoding: chunked") => dechunk(rest)?,
        None => rest.to_string(),
    };
    Ok(Reply { status, headers: head.to_string(), body })
}

fn dechunk(mut rest: &str) -> std::io::Result<String> {
    use std::io::{Error, ErrorKind};
    let cut = || Error::new(ErrorKind::UnexpectedEof, "chunked body cut short");
    let mut out = String::new();
    loop {
        let (size, after) = rest.split_once("\r\n").ok_or_else(cut)?;
        let size = usize::from_str_radix(size.trim(), 16).map_err(|_| cut())?;
        if size == 0 {
            return Ok(out);
        }
        out.push_str(after.get(..size).ok_or_else(cut)?);
        rest = after.get(size + 2..).ok_or_else(cut)?;
    }
}

fn login(port: u16, person: &str) -> String {
    let r = http(port, "POST", "/api/demo/login", &[], Some(&format!(r#"{{"person":"{person}"}}"#))).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let set = r.headers.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).unwrap();
    set.split_once(':').unwrap().1.trim().split(';').next().unwrap().to_string()
}

/// The string value of a top-level field in a flat JSON object.
fn json_str(body: &str, field: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v.get(field)?.as_str().map(str::to_string)
}
