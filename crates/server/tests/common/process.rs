//! The real `server` binary on loopback, and a bare HTTP/1.1 client that tells a
//! connection a SIGKILL broke from an answer (tests/crash.rs, tests/two_instances.rs).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The server binary these tests run: `SERVER_BIN` when set (`cargo xtask test` sets the
/// `--profile server` build, the one the demo and production run, issue 25.5), else the
/// debug binary Cargo built for this package's tests.
pub fn server_bin() -> std::path::PathBuf {
    std::env::var_os("SERVER_BIN")
        .filter(|p| !p.is_empty())
        .map_or_else(|| env!("CARGO_BIN_EXE_server").into(), Into::into)
}

/// A running `server` binary, stopped (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Server {
    /// Starts it and waits for its "listening on" line (printed after binding).
    /// `database_url`: `--database-url` (PostgreSQL), else the data directory's SQLite file.
    pub fn start(dist: &std::path::Path, data: &std::path::Path, port: u16, database_url: Option<&str>) -> Server {
        Server::start_with(dist, data, port, database_url, &[])
    }

    /// [`Server::start`] with more arguments (e.g. `--worker-delay 1`).
    pub fn start_with(
        dist: &std::path::Path,
        data: &std::path::Path,
        port: u16,
        database_url: Option<&str>,
        extra: &[&str],
    ) -> Server {
        let bin = server_bin();
        for attempt in 0..50 {
            let mut child = Command::new(&bin)
                .args(["--demo", "--host", "127.0.0.1", "--port", &port.to_string()])
                .args(extra)
                .arg("--dist")
                .arg(dist)
                .arg("--data-dir")
                .arg(data)
                .args(database_url.map(|u| ["--database-url", u]).into_iter().flatten())
                .env("RUST_LOG", "error")
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
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
    pub fn kill(&mut self) {
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

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// One HTTP/1.1 exchange over a fresh connection (`Connection: close`). A connection the
/// server dropped, or an answer cut short, is an `Err`.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Reply> {
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

pub fn login(port: u16, person: &str) -> String {
    let r = http(port, "POST", "/api/demo/login", &[], Some(&format!(r#"{{"person":"{person}"}}"#))).unwrap();
    assert_eq!(r.status, 200, "{}", r.body);
    let set = r.headers.lines().find(|l| l.to_ascii_lowercase().starts_with("set-cookie:")).unwrap();
    set.split_once(':').unwrap().1.trim().split(';').next().unwrap().to_string()
}

/// The string value of a top-level field in a flat JSON object.
pub fn json_str(body: &str, field: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    v.get(field)?.as_str().map(str::to_string)
}

/// The id in a submission's answer, checked as both crash tests check it: 201 (or 200 for
/// a replayed key) and a status an application can have.
pub fn accepted_id(key: &str, r: &Reply) -> String {
    assert!(r.status == 201 || r.status == 200, "{key}: {} {}", r.status, r.body);
    let id = json_str(&r.body, "id").unwrap_or_else(|| panic!("{key}: {}", r.body));
    let status = json_str(&r.body, "status").unwrap();
    assert!(["受付済", "処理中", "完了"].contains(&status.as_str()), "{key}: {status}");
    id
}
