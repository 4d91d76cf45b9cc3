//! The project's server as a child process: start with its output in a log file, wait
//! for `GET /api/health`, and always stop it (also when the caller fails or panics).

use crate::Result;
use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    child: Child,
    port: u16,
    pub log: PathBuf,
}

/// `GET /api/health` must answer within this after the start.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(60);

/// The server as people run it (issue 25.5): `--profile server` (Cargo.toml: optimised for
/// speed, thin LTO), the one build `cargo xtask demo`, the bench, the screenshots, the e2e
/// suite and the server suite's process tests (`SERVER_BIN`) all run, so none of them
/// tests a binary nobody deploys and none rebuilds what another built.
pub fn build() -> Result {
    crate::run_cmd(crate::cargo().args(["build", "-p", "server", "--profile", "server"]))
}

/// [`build`]'s binary.
pub fn binary() -> PathBuf {
    crate::target_dir().join("server/server")
}

/// The server in demo mode, as the e2e suite and the screenshots use it: on a free
/// port, serving dist/, over a fresh data folder (removed with it), healthy.
pub struct DemoServer {
    // Dropped in this order: the server stops before its data folder goes.
    pub server: Server,
    pub port: u16,
    _data: TempDir,
}

impl DemoServer {
    /// Starts [`build`]'s binary with its output in `log` and waits until it is healthy.
    pub fn start(log: &Path) -> Result<DemoServer> {
        let mut server = DemoServer::spawn(log, free_port()?)?;
        server.server.wait_healthy(HEALTH_TIMEOUT)?;
        Ok(server)
    }

    /// `n` servers started at once (their starts overlap), each with its own port, data
    /// folder and log (`log(i)`), all healthy: one per Playwright worker, so a demo reset
    /// or a moved demo clock never reaches another worker's tests (issue 32).
    pub fn start_many(n: usize, log: impl Fn(usize) -> PathBuf) -> Result<Vec<DemoServer>> {
        // Distinct ports, chosen before any of them binds one.
        let mut ports: Vec<u16> = Vec::new();
        while ports.len() < n {
            let port = free_port()?;
            if !ports.contains(&port) {
                ports.push(port);
            }
        }
        let mut servers =
            ports.iter().enumerate().map(|(i, &port)| DemoServer::spawn(&log(i), port)).collect::<Result<Vec<_>>>()?;
        for s in &mut servers {
            s.server.wait_healthy(HEALTH_TIMEOUT)?;
        }
        Ok(servers)
    }

    fn spawn(log: &Path, port: u16) -> Result<DemoServer> {
        let data = TempDir::new()?;
        let mut cmd = Command::new(binary());
        cmd.current_dir(crate::root())
            .args([
                "--demo",
                "--port",
                &port.to_string(),
                "--dist",
                "dist",
                // Only /api/demo/process moves applications on, so tests see 受付済 and
                // 処理中 without racing the worker's own run (3 s in a normal demo).
                "--worker-delay",
                "3600",
                "--data-dir",
            ])
            .arg(&data.0);
        let server = Server::start(cmd, port, log)?;
        Ok(DemoServer { server, port, _data: data })
    }
}

static NEXT_DIR: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// A fresh directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        let n = NEXT_DIR.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("myna-e2e-{}-{nanos}-{n}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

impl Server {
    /// Starts `cmd` (which must make the server listen on `port`), output into `log`.
    pub fn start(mut cmd: Command, port: u16, log: &Path) -> Result<Server> {
        let out = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let shown = crate::show(&cmd);
        println!("$ {shown}  (log: {})", log.display());
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("could not start `{shown}`: {e}"))?;
        Ok(Server { child, port, log: log.to_path_buf() })
    }

    /// Polls `GET /api/health` until it answers 200; on failure the error holds the log.
    pub fn wait_healthy(&mut self, timeout: Duration) -> Result {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the server exited ({status}) before it was healthy\n{}", self.log_text()));
            }
            if health_ok(self.port) {
                println!("server: healthy on port {} after {:.1?}", self.port, started.elapsed());
                return Ok(());
            }
            if started.elapsed() > timeout {
                return Err(format!(
                    "GET http://localhost:{}/api/health did not answer 200 within {timeout:?}\n{}",
                    self.port,
                    self.log_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The server log, framed for an error message.
    pub fn log_text(&self) -> String {
        let text = fs::read_to_string(&self.log).unwrap_or_else(|e| format!("(cannot read log: {e})"));
        let lines: Vec<&str> = text.lines().collect();
        let tail = &lines[lines.len().saturating_sub(200)..];
        format!("--- server log ({}) ---\n{}\n--- end of server log ---", self.log.display(), tail.join("\n"))
    }

    /// SIGTERM, a few seconds' grace, then SIGKILL.
    fn stop(&mut self) {
        if let Ok(Some(_)) = self.child.try_wait() {
            return;
        }
        terminate(self.child.id());
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                println!("server: stopped");
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        println!("server: killed (did not stop within 5 s of SIGTERM)");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn terminate(pid: u32) {
    extern "C" {
        fn kill(pid: i32, sig: i32) -> i32;
    }
    const SIGTERM: i32 = 15;
    // SAFETY: plain libc call on the pid of a child we own and have not reaped yet.
    unsafe {
        kill(pid as i32, SIGTERM);
    }
}

/// One GET /api/health over plain HTTP/1.1; true on a 200 status line.
pub fn health_ok(port: u16) -> bool {
    let Ok(addrs) = ("localhost", port).to_socket_addrs() else {
        return false;
    };
    addrs.into_iter().any(|addr| {
        let attempt = || -> std::io::Result<bool> {
            let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(1))?;
            stream.set_read_timeout(Some(Duration::from_secs(2)))?;
            stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")?;
            let mut head = [0u8; 16];
            let mut read = 0;
            while read < head.len() {
                match stream.read(&mut head[read..])? {
                    0 => break,
                    n => read += n,
                }
            }
            Ok(head[..read].starts_with(b"HTTP/1.1 200") || head[..read].starts_with(b"HTTP/1.0 200"))
        };
        attempt().unwrap_or(false)
    })
}

/// The first panic a server log reports, for an error message: the line of Rust's panic
/// message (`thread '…' panicked at file:line:col:`), and the message itself when it
/// stands on the next line (Rust 1.73 and later).
pub fn first_panic(log: &str) -> Option<String> {
    let mut lines = log.lines();
    while let Some(line) = lines.next() {
        if line.contains("panicked at") {
            let line = line.trim_end();
            return Some(match lines.next() {
                Some(message) if line.ends_with(':') && !message.trim().is_empty() => {
                    format!("{line} {}", message.trim())
                }
                _ => line.to_string(),
            });
        }
    }
    None
}

/// Fails when the server log at `log` reports a panic, naming the first one.
pub fn check_no_panic(log: &Path) -> Result {
    let text = fs::read_to_string(log).map_err(|e| format!("cannot read {}: {e}", log.display()))?;
    match first_panic(&text) {
        Some(panic) => Err(format!(
            "the server panicked: {panic}
(server log: {})",
            log.display()
        )),
        None => Ok(()),
    }
}

/// A port nothing listens on right now (the OS picks it).
pub fn free_port() -> Result<u16> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("cannot find a free port: {e}"))
}

/// True when something already accepts connections on localhost:port.
pub fn in_use(port: u16) -> bool {
    ("localhost", port)
        .to_socket_addrs()
        .map(|mut addrs| addrs.any(|a| TcpStream::connect_timeout(&a, Duration::from_millis(300)).is_ok()))
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_check_reads_the_status_line() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = listener.local_addr().unwrap().port();
        let answers =
            ["HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n{\"ok\":true}", "HTTP/1.1 503 Service Unavailable\r\n\r\n"];
        let server = std::thread::spawn(move || {
            for answer in answers {
                let (mut s, _) = listener.accept().unwrap();
                let mut buf = [0u8; 1024];
                let _ = s.read(&mut buf).unwrap();
                assert!(buf.starts_with(b"GET /api/health HTTP/1.1\r\n"));
                s.write_all(answer.as_bytes()).unwrap();
            }
        });
        assert!(health_ok(port));
        assert!(!health_ok(port));
        server.join().unwrap();
    }

    #[test]
    fn the_first_panic_in_a_log_is_named() {
        let log = "listening on http://localhost:8080 (demo mode)\n\
            2026-12-15T01:00:00Z  INFO server: seeded the demo people\n\
            thread 'tokio-runtime-worker' panicked at crates/server/src/license/mod.rs:40:9:\n\
            index out of bounds: the len is 0 but the index is 0\n\
            note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
            2026-12-15T01:00:01Z ERROR server::error: internal error error=handler panicked: index out of bounds\n\
            thread 'tokio-runtime-worker' panicked at crates/server/src/notices/mod.rs:1:1:\n\
            second\n";
        assert_eq!(
            first_panic(log).as_deref(),
            Some(
                "thread 'tokio-runtime-worker' panicked at crates/server/src/license/mod.rs:40:9: \
                 index out of bounds: the len is 0 but the index is 0"
            )
        );
        // The message on the same line (Rust before 1.73), and a panic as the last line.
        let old = "thread 'main' panicked at 'boom', src/main.rs:2:5\nnote: run with `RUST_BACKTRACE=1`";
        assert_eq!(first_panic(old).as_deref(), Some("thread 'main' panicked at 'boom', src/main.rs:2:5"));
        assert_eq!(
            first_panic("thread 'x' panicked at a.rs:1:1:").as_deref(),
            Some("thread 'x' panicked at a.rs:1:1:")
        );
        // A clean log, and one that only mentions panics in passing, are fine.
        assert_eq!(first_panic("listening\n INFO server: linked person=ichiro\n"), None);
        assert_eq!(first_panic("INFO a panic-free run\n"), None);
    }

    #[test]
    fn a_log_with_a_panic_fails_the_check() {
        let dir = std::env::temp_dir().join(format!("xtask-panic-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let (clean, panicked) = (dir.join("clean.log"), dir.join("panicked.log"));
        fs::write(&clean, "listening on http://localhost:1\n").unwrap();
        fs::write(&panicked, "ok\nthread 'w' panicked at src/x.rs:1:2:\nboom\n").unwrap();
        assert_eq!(check_no_panic(&clean), Ok(()));
        let err = check_no_panic(&panicked).unwrap_err();
        assert!(err.starts_with("the server panicked: thread 'w' panicked at src/x.rs:1:2: boom\n"), "{err}");
        assert!(check_no_panic(&dir.join("missing.log")).is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn free_port_is_free() {
        let port = free_port().unwrap();
        assert!(!in_use(port));
    }
}
