//! Command-line configuration (docs/CONTRACT-skeleton.md):
//! `server [--demo] [--port 8080] [--host localhost] [--dist dist] [--data-dir data]
//!         [--database-url URL] [--insecure-cookies] [--worker-delay SECS]`.
//!
//! Parsed by hand: seven flags do not justify clap's build time on a two-core machine.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Seed demo people, expose `/api/demo/*`, use the settable demo clock.
    pub demo: bool,
    pub port: u16,
    pub host: String,
    /// The SPA build (Trunk's output, with xtask's `.br`/`.gz` beside each file).
    pub dist: PathBuf,
    /// Where the SQLite file lives unless `--database-url` says otherwise.
    pub data_dir: PathBuf,
    pub database_url: Option<String>,
    /// Cookies without `Secure` (and so without the `__Host-` prefix): only for a demo
    /// served over plain http to another device (a phone on the LAN). Browsers keep Secure
    /// cookies on http://localhost, so the default needs no TLS there.
    pub insecure_cookies: bool,
    /// How long after a submission the worker runs by itself; `None` = the mode's default
    /// (3 s in demo mode so reviewers see 受付済 before the result, 0.5 s otherwise). The e2e run
    /// sets it high so that only `/api/demo/process` moves applications on and tests can
    /// see 受付済 without racing the worker.
    pub worker_delay: Option<std::time::Duration>,
    /// Requests per client address and per person (crate::rate_limit).
    pub rate_limits: crate::rate_limit::Limits,
    /// Header-read deadline, connection cap, shutdown deadline (crate::serve).
    pub connections: crate::serve::Limits,
    /// The longest a request may take before it is answered 408 `request_timeout`.
    pub request_timeout: std::time::Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            demo: false,
            port: 8080,
            host: "localhost".into(),
            dist: PathBuf::from("dist"),
            data_dir: PathBuf::from("data"),
            database_url: None,
            insecure_cookies: false,
            worker_delay: None,
            rate_limits: crate::rate_limit::Limits::default(),
            connections: crate::serve::Limits::default(),
            request_timeout: std::time::Duration::from_secs(30),
        }
    }
}

pub const USAGE: &str = "\
usage: server [--demo] [--port 8080] [--host localhost] [--dist dist] [--data-dir data]
              [--database-url URL] [--insecure-cookies]

  --demo            seed the demo people, enable /api/demo/* and the demo clock
  --port N          port to listen on (default 8080)
  --host NAME       host name or address to listen on (default localhost)
  --dist DIR        built SPA to serve (default dist)
  --data-dir DIR    directory for the SQLite file (default data)
  --database-url U  sqlite:PATH instead of <data-dir>/{demo,portal}.sqlite3
  --insecure-cookies  cookies without Secure/__Host- (a demo over plain http on a LAN;
                    browsers keep Secure cookies on http://localhost without it)
  --worker-delay S  seconds from a submission to the worker's own run
                    (default 3 in demo mode, 0.5 otherwise)
";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run(Box<Config>),
    Help,
}

impl Config {
    /// Parses the arguments after the program name. Accepts `--flag value` and `--flag=value`.
    pub fn parse<I, S>(args: I) -> Result<Command, String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut config = Config::default();
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
                _ => (arg.clone(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                match inline.clone().or_else(|| args.next()) {
                    Some(v) if !v.is_empty() => Ok(v),
                    _ => Err(format!("{name} needs a value")),
                }
            };
            match flag.as_str() {
                "--demo" => config.demo = true,
                "--insecure-cookies" => config.insecure_cookies = true,
                "--port" => {
                    let v = value("--port")?;
                    config.port = v.parse().map_err(|_| format!("--port: not a port number: {v}"))?;
                }
                "--host" => config.host = value("--host")?,
                "--dist" => config.dist = value("--dist")?.into(),
                "--data-dir" => config.data_dir = value("--data-dir")?.into(),
                "--database-url" => config.database_url = Some(value("--database-url")?),
                "--worker-delay" => {
                    let v = value("--worker-delay")?;
                    let secs: u64 = v.parse().map_err(|_| format!("--worker-delay: not a number of seconds: {v}"))?;
                    config.worker_delay = Some(std::time::Duration::from_secs(secs));
                }
                "-h" | "--help" => return Ok(Command::Help),
                other => return Err(format!("unknown argument: {other}")),
            }
            // Boolean flags must not swallow an `=value`.
            if inline.is_some() && matches!(flag.as_str(), "--demo" | "--insecure-cookies") {
                return Err(format!("{flag} takes no value"));
            }
        }
        Ok(Command::Run(Box::new(config)))
    }

    /// The database to open: `--database-url`, or a file in the data directory whose
    /// name keeps demo data apart from real data.
    pub fn database_target(&self) -> DatabaseTarget {
        match &self.database_url {
            Some(url) => DatabaseTarget::Url(url.clone()),
            None => {
                let file = if self.demo { "demo.sqlite3" } else { "portal.sqlite3" };
                DatabaseTarget::File(self.data_dir.join(file))
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseTarget {
    File(PathBuf),
    Url(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Config {
        match Config::parse(args.iter().copied()).unwrap() {
            Command::Run(c) => *c,
            Command::Help => panic!("help"),
        }
    }

    #[test]
    fn defaults_match_the_contract() {
        let c = run(&[]);
        assert_eq!((c.port, c.host.as_str(), c.demo, c.insecure_cookies), (8080, "localhost", false, false));
        assert_eq!(c.dist, PathBuf::from("dist"));
        assert_eq!(c.database_target(), DatabaseTarget::File(PathBuf::from("data/portal.sqlite3")));
    }

    #[test]
    fn every_flag_in_both_spellings() {
        let c =
            run(&["--demo", "--port", "9000", "--host=127.0.0.1", "--dist", "d", "--data-dir=x", "--insecure-cookies"]);
        assert!(c.demo && c.insecure_cookies);
        assert_eq!((c.port, c.host.as_str()), (9000, "127.0.0.1"));
        assert_eq!(c.database_target(), DatabaseTarget::File(PathBuf::from("x/demo.sqlite3")));
        assert_eq!(c.worker_delay, None);
        let c = run(&["--database-url", "sqlite:/tmp/a.db", "--worker-delay=600"]);
        assert_eq!(c.worker_delay, Some(std::time::Duration::from_secs(600)));
        assert_eq!(c.database_target(), DatabaseTarget::Url("sqlite:/tmp/a.db".into()));
    }

    #[test]
    fn mistakes_are_refused() {
        assert!(Config::parse(["--port"]).is_err());
        assert!(Config::parse(["--port", "http"]).is_err());
        assert!(Config::parse(["--bogus"]).is_err());
        assert!(Config::parse(["--demo=yes"]).is_err());
        assert!(Config::parse(["--worker-delay", "soon"]).is_err());
        assert_eq!(Config::parse(["--help"]), Ok(Command::Help));
    }
}
