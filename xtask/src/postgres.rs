//! A throwaway PostgreSQL cluster (issue 17) for `cargo xtask test` (the server suite's
//! second pass) and `cargo xtask bench` (the PostgreSQL figures): Debian's `postgresql`
//! package, installed with apt-get as root when missing (as Chromium is), a cluster made
//! with `initdb` in a temporary directory and started on a free loopback port. PostgreSQL
//! refuses to run as root, so as root the cluster belongs to the package's `postgres`
//! user (`runuser`). Stopped and deleted when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{run_cmd, Result};

/// How the cluster is tuned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Tests: `fsync=off` (nothing of it outlives the run).
    Throwaway,
    /// The bench: PostgreSQL's defaults (fsync, synchronous commit), as SQLite runs with
    /// synchronous=FULL, so the two are compared doing the same work.
    Durable,
}

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    as_postgres: bool,
    pub port: u16,
}

impl Cluster {
    /// The URL of its `postgres` database (a user may `CREATE DATABASE` from there).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The URL of database `name`, created first.
    pub fn database(&self, name: &str) -> Result<String> {
        self.psql(&format!("CREATE DATABASE {name}"))?;
        Ok(format!("postgres://postgres@127.0.0.1:{}/{name}", self.port))
    }

    fn psql(&self, sql: &str) -> Result {
        let mut cmd = self.command("psql");
        cmd.args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "postgres", "-q", "-c", sql, "postgres"]);
        run_cmd(&mut cmd)
    }

    fn command(&self, program: &str) -> Command {
        command(&self.bin, program, self.as_postgres)
    }

    /// Starts a new cluster, installing PostgreSQL first if needed; the error says why not.
    pub fn start(durability: Durability) -> Result<Cluster> {
        let bin = match find_bin() {
            Some(bin) => bin,
            None => {
                crate::tools::apt_install("postgresql", "postgresql", "")?;
                find_bin().ok_or("apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb")?
            }
        };
        let as_postgres = crate::tools::is_root();
        let port = crate::server::free_port()?;
        let dir = std::env::temp_dir().join(format!("myna-pg-{}-{port}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        if as_postgres {
            run_cmd(Command::new("chown").args(["postgres:postgres"]).arg(&dir))
                .map_err(|e| format!("{e} (is there a `postgres` user? the postgresql package makes one)"))?;
        }
        let cluster = Cluster { bin, dir, as_postgres, port };
        let data = cluster.dir.join("data");
        let mut initdb = cluster.command("initdb");
        initdb.args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "-D"]).arg(&data);
        run_quiet(&mut initdb)?;
        let mut options =
            format!("-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=300", cluster.dir.display());
        if durability == Durability::Throwaway {
            options.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        }
        let mut pg_ctl = cluster.command("pg_ctl");
        pg_ctl.arg("-D").arg(&data).arg("-l").arg(cluster.dir.join("log")).args(["-o", &options, "-w", "start"]);
        run_quiet(&mut pg_ctl).map_err(|e| format!("{e}\n{}", cluster.log()))?;
        println!("postgres: a throwaway cluster on 127.0.0.1:{port} ({})", cluster.dir.display());
        Ok(cluster)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut pg_ctl = self.command("pg_ctl");
        pg_ctl.arg("-D").arg(self.dir.join("data")).args(["-m", "immediate", "-w", "stop"]);
        let _ = run_quiet(&mut pg_ctl);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest installed `/usr/lib/postgresql/<version>/bin` that has `initdb`.
fn find_bin() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").is_file())
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn command(bin: &Path, program: &str, as_postgres: bool) -> Command {
    if as_postgres {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(bin.join(program));
        // Its working directory must be one the postgres user may enter.
        cmd.current_dir("/");
        cmd
    } else {
        Command::new(bin.join(program))
    }
}

/// Runs `cmd` with its output kept unless it fails.
fn run_quiet(cmd: &mut Command) -> Result {
    let shown = crate::show(cmd);
    let out = cmd.output().map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{shown}` failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
