//! Configuration (docs/CONTRACT-skeleton.md, README "Production"):
//! `server [--demo] [--config FILE] [--port 8080] [--host localhost] [--dist dist]
//!         [--data-dir data] [--database-url URL] [--worker-delay SECS]
//!         [--trust-anchors PEM] [--crl FILE,…] [--tls-in-front] [--insecure-cookies]`.
//!
//! Every setting has one key, the flag without `--`, and three spellings: the flag, an
//! environment variable `MYNA_<KEY>` (upper case, `-` → `_`: `MYNA_TRUST_ANCHORS`), and a
//! `key = value` line in the `--config` file (crate::config_file; `MYNA_CONFIG` names the
//! file too). Command line > environment > file > defaults, setting by setting. A switch
//! (`--demo`, `--tls-in-front`, `--insecure-cookies`) is bare on the command line, or takes
//! `true`/`false` anywhere (so the command line can turn off what a file turned on).
//! Unknown keys, in any spelling, are errors: a misspelt `MYNA_TRUST_ANCHOR` must not
//! start a server that silently lacks its anchors.
//!
//! Without `--demo` the server runs in production mode; what that refuses is
//! crate::production. Parsing here only checks spelling and values.
//!
//! Parsed by hand: ten settings do not justify clap's build time on a two-core machine.
//! The environment is a parameter ([`Config::parse`]) so tests need not touch the process's.

use std::path::PathBuf;

use crate::config_file;
use crate::limits::{Connections, RateLimits};
use crate::store::DatabaseTarget;

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
    pub rate_limits: RateLimits,
    /// Header-read deadline, connection cap, shutdown deadline (crate::serve).
    pub connections: Connections,
    /// The longest a request may take before it is answered 408 `request_timeout`.
    pub request_timeout: std::time::Duration,
    /// Production: the PEM file of the JPKI CA certificates card certificates must be
    /// issued by (crate::pki::anchors). Ignored in demo mode, which has its demo CA.
    pub trust_anchors: Option<PathBuf>,
    /// Production: the JPKI CAs' certificate revocation lists (crate::pki::crl), each file
    /// reread when it changes. Ignored in demo mode, whose CA keeps its own list.
    pub crls: Vec<PathBuf>,
    /// Production: the operator's word that a TLS-terminating proxy is in front, since this
    /// server speaks plain http while its cookies are `Secure` and it sends HSTS.
    pub tls_in_front: bool,
    /// Addresses of the proxies in front (comma-separated in flags, file and environment):
    /// a request from one of them is limited by the client address it names in
    /// `X-Forwarded-For`, not by the proxy's (crate::rate_limit). Empty: the header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The one origin browsers reach the portal at (crate::origin): the WebAuthn RP ID and
    /// origin, and what the CSRF gate compares `Origin` with. Required in production;
    /// `None` in a demo is `http://localhost:PORT`.
    pub public_origin: Option<crate::origin::PublicOrigin>,
    /// The driver registry's contract endpoint (docs/CONTRACT-registry.md); `None` in a demo
    /// is the demo's table (crate::adapters::registry). Required in production.
    pub registry_url: Option<crate::adapters::http_json::Endpoint>,
    /// The koseki system's contract endpoint (docs/CONTRACT-registry.md "The koseki
    /// system"); `None` in a demo is the demo's table (crate::adapters::koseki). Required
    /// in production.
    pub koseki_url: Option<crate::adapters::http_json::Endpoint>,
    /// The deadline of one request to an external system, the driver registry or the
    /// koseki system (each retry has its own).
    pub external_timeout: std::time::Duration,
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
            rate_limits: RateLimits::default(),
            connections: Connections::default(),
            request_timeout: std::time::Duration::from_secs(30),
            trust_anchors: None,
            crls: Vec::new(),
            tls_in_front: false,
            trusted_proxies: Vec::new(),
            public_origin: None,
            registry_url: None,
            koseki_url: None,
            external_timeout: std::time::Duration::from_secs(5),
        }
    }
}

/// Every setting, once: its key (the flag without `--`, the config file's key, and
/// `MYNA_<KEY>` in the environment), what it takes, its line in the usage and how it is set.
/// The usage ([`usage`]), the parser and the environment's names all derive from this table.
const SETTINGS: [Key; 15] = [
    Key {
        name: "demo",
        takes: Takes::Switch(|c, on| c.demo = on),
        help: "seed the demo people, enable /api/demo/*, the demo clock, the demo\nJPKI CA and the virtual cards",
    },
    Key {
        name: "port",
        takes: Takes::Value("N", |c, v| { c.port = v.parse().map_err(|_| format!("not a port number: {v}"))?; Ok(()) }),
        help: "port to listen on (default 8080)",
    },
    Key {
        name: "host",
        takes: Takes::Value("NAME", |c, v| { c.host = v; Ok(()) }),
        help: "host name or address to listen on (default localhost)",
    },
    Key { name: "dist", takes: Takes::Value("DIR", |c, v| { c.dist = v.into(); Ok(()) }), help: "built SPA to serve (default dist)" },
    Key {
        name: "data-dir",
        takes: Takes::Value("DIR", |c, v| { c.data_dir = v.into(); Ok(()) }),
        help: "directory for the SQLite file (default data)",
    },
    Key {
        name: "database-url",
        takes: Takes::Value("U", |c, v| { c.database_url = Some(v); Ok(()) }),
        help: "sqlite:PATH instead of <data-dir>/{demo,portal}.sqlite3, or\npostgres://USER@HOST:PORT/DB: PostgreSQL, which any number of\ninstances may share (each runs the worker; README)",
    },
    Key {
        name: "worker-delay",
        takes: Takes::Value("S", |c, v| {
            let secs: u64 = v.parse().map_err(|_| format!("not a number of seconds: {v}"))?;
            c.worker_delay = Some(std::time::Duration::from_secs(secs));
            Ok(())
        }),
        help: "seconds from a submission to the worker's own run\n(default 3 in demo mode, 0.5 otherwise)",
    },
    Key {
        name: "trust-anchors",
        takes: Takes::Value("PEM", |c, v| { c.trust_anchors = Some(v.into()); Ok(()) }),
        help: "production: a file of PEM CERTIFICATE blocks, the JPKI CAs that\nissue the cards' certificates; no other CA is trusted",
    },
    Key {
        name: "crl",
        takes: Takes::Value("FILE", |c, v| {
            // One setting like the others (the command line replaces the environment's):
            // several lists are comma-separated, as the trusted proxies are.
            c.crls = v.split(',').map(str::trim).filter(|f| !f.is_empty()).map(PathBuf::from).collect();
            Ok(())
        }),
        help: "production: a JPKI CA's certificate revocation list (DER or PEM),\nreread when the file changes; several comma-separated (one per CA)",
    },
    Key {
        name: "tls-in-front",
        takes: Takes::Switch(|c, on| c.tls_in_front = on),
        help: "production: TLS ends at a proxy in front of this plain-http server",
    },
    Key {
        name: "insecure-cookies",
        takes: Takes::Switch(|c, on| c.insecure_cookies = on),
        help: "demo only: cookies without Secure/__Host- (a demo over plain http\non a LAN; browsers keep Secure cookies on http://localhost without it)",
    },
    Key {
        name: "trusted-proxies",
        takes: Takes::Value("A,B", |c, v| {
            c.trusted_proxies = v
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| a.parse().map_err(|_| format!("not an IP address: {a}")))
                .collect::<Result<_, _>>()?;
            Ok(())
        }),
        help: "the proxies in front: their X-Forwarded-For names the client\naddress the rate limits count (default: none, the header is ignored)",
    },
    Key {
        name: "public-origin",
        takes: Takes::Value("URL", |c, v| { c.public_origin = Some(crate::origin::PublicOrigin::parse(&v)?); Ok(()) }),
        help: "the origin browsers use (https://portal.example.jp): the WebAuthn\nRP ID and origin, and the only Origin state changes are accepted from\n(default in demo mode: http://localhost:PORT)",
    },
    Key {
        name: "registry-url",
        takes: Takes::Value("URL", |c, v| {
            c.registry_url = Some(crate::adapters::http_json::Endpoint::parse(&v)?);
            Ok(())
        }),
        help: "the driver registry's endpoint (http://HOST:PORT/BASE,\ndocs/CONTRACT-registry.md); required in production; without it a\ndemo uses its own table",
    },
    Key {
        name: "koseki-url",
        takes: Takes::Value("URL", |c, v| {
            c.koseki_url = Some(crate::adapters::http_json::Endpoint::parse(&v)?);
            Ok(())
        }),
        help: "the koseki system's endpoint (http://HOST:PORT/BASE,\ndocs/CONTRACT-registry.md); required in production; without it a\ndemo uses its own table",
    },
];

/// One row of [`SETTINGS`].
struct Key {
    name: &'static str,
    takes: Takes,
    /// The usage's text (lines after the first are indented under it).
    help: &'static str,
}

/// A switch (bare on the command line, `true`/`false` elsewhere), or a value (its name in
/// the usage, and how it is parsed into the configuration).
#[derive(Clone, Copy)]
enum Takes {
    Switch(fn(&mut Config, bool)),
    Value(&'static str, fn(&mut Config, String) -> Result<(), String>),
}

/// Every key, for error messages and the documentation test.
pub const KEYS: [&str; SETTINGS.len()] = {
    let mut keys = [""; SETTINGS.len()];
    let mut i = 0;
    while i < SETTINGS.len() {
        keys[i] = SETTINGS[i].name;
        i += 1;
    }
    keys
};

/// `server --help`, made from [`SETTINGS`].
pub fn usage() -> String {
    let flag = |k: &Key| match k.takes {
        Takes::Switch(_) => format!("--{}", k.name),
        Takes::Value(arg, _) => format!("--{} {arg}", k.name),
    };
    let mut out = format!("usage: server [--{CONFIG_KEY} FILE]");
    let mut width = out.len();
    for k in &SETTINGS {
        let item = format!(" [{}]", flag(k));
        if width + item.len() > 80 {
            out.push_str("\n             ");
            width = 13;
        }
        out.push_str(&item);
        width += item.len();
    }
    out.push_str(
        "\n\nWithout --demo the server runs in production mode: it needs --trust-anchors,
--tls-in-front, --trusted-proxies and --public-origin, and refuses --insecure-cookies
and a database that was used in demo mode (and --demo refuses a production one).\n\n",
    );
    let mut line = |flag: String, help: &str| {
        let pad = if flag.len() < 18 { 18 - flag.len() } else { 2 };
        let help = help.replace('\n', &format!("\n{:20}", ""));
        out.push_str(&format!("  {flag}{:pad$}{help}\n", ""));
    };
    line(format!("--{CONFIG_KEY} FILE"), "`key = value` lines, keys as the flags without --, # comments");
    for k in &SETTINGS {
        line(flag(k), k.help);
    }
    out.push_str(
        "
Each setting also comes from the environment as MYNA_<KEY> (MYNA_TRUST_ANCHORS=PEM,
MYNA_TLS_IN_FRONT=true, MYNA_CONFIG=FILE) and from the config file (tls-in-front = true).
Command line > environment > file > defaults. Switches take true/false outside the
command line (and there as --demo=false). Unknown keys and MYNA_ variables are errors.
",
    );
    out
}

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Run(Box<Config>),
    Help,
}

/// The setting `key`; `None` for no such key.
fn key(key: &str) -> Option<&'static Key> {
    SETTINGS.iter().find(|k| k.name == key)
}

/// Names the config file; not a setting (a file cannot name another).
const CONFIG_KEY: &str = "config";
const ENV_PREFIX: &str = "MYNA_";

/// A setting's value as written: a bare switch on the command line, or text.
enum Value {
    Bare,
    Text(String),
}

/// One setting from one source; `origin` names it in errors (`--port`, `MYNA_PORT`,
/// `portal.conf:3: port`).
struct Setting {
    key: String,
    value: Value,
    origin: String,
}

/// The command line's settings, and the config file it names (kept apart: the file is
/// read first and ranks last).
struct CommandLine {
    settings: Vec<Setting>,
    config_file: Option<String>,
}

/// `MYNA_TRUST_ANCHORS` → `trust-anchors`.
fn env_key(var: &str) -> Option<String> {
    Some(var.strip_prefix(ENV_PREFIX)?.to_ascii_lowercase().replace('_', "-"))
}

/// `trust-anchors` → `MYNA_TRUST_ANCHORS`.
pub fn env_var(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.to_ascii_uppercase().replace('-', "_"))
}

/// The process's `MYNA_*` variables, for [`Config::parse`] (main.rs); a value that is not
/// UTF-8 is kept lossily and then fails as a value would.
pub fn environment() -> Vec<(String, String)> {
    std::env::vars_os()
        .filter_map(|(k, v)| {
            let k = k.into_string().ok()?;
            k.starts_with(ENV_PREFIX).then(|| (k, v.to_string_lossy().into_owned()))
        })
        .collect()
}

impl Config {
    /// Parses the arguments after the program name (`--flag value` and `--flag=value`),
    /// with `env` the environment's variables (only `MYNA_*` are read) and the config file
    /// they name, into one configuration: command line > environment > file > defaults.
    pub fn parse<I, S, E, K, V>(args: I, env: E) -> Result<Command, String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
        E: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let Some(CommandLine { settings: flags, config_file: config_flag }) = Self::flags(args)? else {
            return Ok(Command::Help);
        };
        let (vars, config_var) = Self::variables(env)?;
        let file = match config_flag.or(config_var) {
            Some(path) => Self::file(&PathBuf::from(path))?,
            None => Vec::new(),
        };
        let mut config = Config::default();
        for s in file.into_iter().chain(vars).chain(flags) {
            config.set(&s.key, s.value).map_err(|e| format!("{}: {e}", s.origin))?;
        }
        Ok(Command::Run(Box::new(config)))
    }

    /// The command line's settings and `--config`; `None` for `--help`.
    fn flags<I, S>(args: I) -> Result<Option<CommandLine>, String>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut settings = Vec::new();
        let mut config_file = None;
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            if arg == "-h" || arg == "--help" {
                return Ok(None);
            }
            let body = arg.strip_prefix("--").ok_or_else(|| format!("unknown argument: {arg}"))?;
            let (key, inline) = match body.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (body.to_string(), None),
            };
            let origin = format!("--{key}");
            let switch = match (key == CONFIG_KEY, self::key(&key)) {
                (true, _) => false,
                (false, Some(k)) => matches!(k.takes, Takes::Switch(_)),
                (false, None) => return Err(format!("unknown argument: {arg}")),
            };
            let value = match (switch, inline) {
                (true, None) => Value::Bare,
                (_, Some(v)) => Value::Text(v),
                (false, None) => Value::Text(args.next().ok_or_else(|| format!("{origin} needs a value"))?),
            };
            if key == CONFIG_KEY {
                config_file = Some(text(value).map_err(|e| format!("{origin}: {e}"))?);
            } else {
                settings.push(Setting { key, value, origin });
            }
        }
        Ok(Some(CommandLine { settings, config_file }))
    }

    /// The `MYNA_*` settings (in name order, so errors do not depend on the environment's
    /// order) and `MYNA_CONFIG`.
    fn variables<E, K, V>(env: E) -> Result<(Vec<Setting>, Option<String>), String>
    where
        E: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        let mut vars: Vec<(String, String)> = env.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        vars.sort();
        let mut settings = Vec::new();
        let mut config_file = None;
        for (var, value) in vars {
            let Some(key) = env_key(&var) else { continue };
            if key == CONFIG_KEY {
                config_file = Some(text(Value::Text(value)).map_err(|e| format!("{var}: {e}"))?);
            } else if self::key(&key).is_some() {
                settings.push(Setting { key, value: Value::Text(value), origin: var });
            } else {
                let known: Vec<String> = KEYS.iter().map(|k| env_var(k)).collect();
                return Err(format!("{var}: unknown setting (known: {}, {ENV_PREFIX}CONFIG)", known.join(", ")));
            }
        }
        Ok((settings, config_file))
    }

    /// The config file's settings.
    fn file(path: &std::path::Path) -> Result<Vec<Setting>, String> {
        let mut settings = Vec::new();
        for e in config_file::read(path)? {
            let origin = format!("{}:{}: {}", path.display(), e.line, e.key);
            if e.key == CONFIG_KEY {
                return Err(format!("{origin}: a config file cannot name another"));
            }
            if key(&e.key).is_none() {
                return Err(format!("{origin}: unknown key (known: {})", KEYS.join(", ")));
            }
            settings.push(Setting { key: e.key, value: Value::Text(e.value), origin });
        }
        Ok(settings)
    }

    /// Sets one setting; the error is about the value (the caller adds where it came from).
    fn set(&mut self, key: &str, value: Value) -> Result<(), String> {
        match self::key(key).map(|k| k.takes) {
            Some(Takes::Switch(set)) => {
                let on = match value {
                    Value::Bare => true,
                    Value::Text(v) => match v.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(format!("is a switch: true or false, not {v:?}")),
                    },
                };
                set(self, on);
                Ok(())
            }
            Some(Takes::Value(_, set)) => set(self, text(value)?),
            None => unreachable!("the parser keeps only known keys, not {key}"),
        }
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

/// A value setting's text: present and not empty.
fn text(value: Value) -> Result<String, String> {
    match value {
        Value::Text(v) if !v.is_empty() => Ok(v),
        _ => Err("needs a value".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_ENV: [(&str, &str); 0] = [];

    fn run(args: &[&str]) -> Config {
        run_with(args, &[])
    }

    fn run_with(args: &[&str], env: &[(&str, &str)]) -> Config {
        match Config::parse(args.iter().copied(), env.iter().copied()).unwrap() {
            Command::Run(c) => *c,
            Command::Help => panic!("help"),
        }
    }

    fn refused(args: &[&str], env: &[(&str, &str)]) -> String {
        Config::parse(args.iter().copied(), env.iter().copied()).unwrap_err()
    }

    /// A config file with `text` in a fresh temporary directory (kept alive by the guard).
    fn file(text: &str) -> (tempfile::TempDir, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("portal.conf");
        std::fs::write(&path, text).unwrap();
        (dir, path.display().to_string())
    }

    #[test]
    fn defaults_match_the_contract() {
        let c = run(&[]);
        assert_eq!((c.port, c.host.as_str(), c.demo, c.insecure_cookies), (8080, "localhost", false, false));
        assert_eq!((c.trust_anchors.as_deref(), c.tls_in_front), (None, false));
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
        let c = run(&["--trust-anchors", "/etc/myna/jpki-ca.pem", "--tls-in-front"]);
        assert_eq!((c.trust_anchors, c.tls_in_front), (Some(PathBuf::from("/etc/myna/jpki-ca.pem")), true));
        let c = run(&["--crl", "/etc/myna/auth.crl, /etc/myna/sign.crl"]);
        assert_eq!(c.crls, [PathBuf::from("/etc/myna/auth.crl"), PathBuf::from("/etc/myna/sign.crl")]);
    }

    #[test]
    fn mistakes_are_refused() {
        assert!(Config::parse(["--port"], NO_ENV).is_err());
        assert!(Config::parse(["--port", "http"], NO_ENV).is_err());
        assert!(Config::parse(["--port", ""], NO_ENV).is_err());
        assert!(Config::parse(["--bogus"], NO_ENV).is_err());
        assert!(Config::parse(["demo"], NO_ENV).is_err());
        assert!(Config::parse(["--demo=yes"], NO_ENV).is_err(), "a switch takes true or false only");
        assert!(Config::parse(["--worker-delay", "soon"], NO_ENV).is_err());
        assert!(Config::parse(["--config"], NO_ENV).is_err());
        assert_eq!(Config::parse(["--help"], NO_ENV), Ok(Command::Help));
    }

    #[test]
    fn every_key_from_the_environment_and_from_a_file() {
        let env = [
            ("MYNA_DEMO", "true"),
            ("MYNA_PORT", "9001"),
            ("MYNA_HOST", "0.0.0.0"),
            ("MYNA_DIST", "/srv/dist"),
            ("MYNA_DATA_DIR", "/var/lib/myna"),
            ("MYNA_DATABASE_URL", "sqlite:/var/lib/myna/p.db"),
            ("MYNA_WORKER_DELAY", "2"),
            ("MYNA_TRUST_ANCHORS", "/etc/myna/jpki-ca.pem"),
            ("MYNA_TLS_IN_FRONT", "true"),
            ("MYNA_INSECURE_COOKIES", "false"),
            // Not ours: ignored.
            ("PATH", "/usr/bin"),
            ("MYNAX", "1"),
        ];
        let from_env = run_with(&[], &env);
        let text: String = env[..10]
            .iter()
            .map(|(var, value)| {
                format!("{} = {value}\n", var.trim_start_matches("MYNA_").to_lowercase().replace('_', "-"))
            })
            .collect();
        let (_dir, path) = file(&format!("# every key\n{text}"));
        let from_file = run(&["--config", &path]);
        assert_eq!(from_env, from_file);
        let want = Config {
            demo: true,
            port: 9001,
            host: "0.0.0.0".into(),
            dist: "/srv/dist".into(),
            data_dir: "/var/lib/myna".into(),
            database_url: Some("sqlite:/var/lib/myna/p.db".into()),
            worker_delay: Some(std::time::Duration::from_secs(2)),
            trust_anchors: Some("/etc/myna/jpki-ca.pem".into()),
            tls_in_front: true,
            insecure_cookies: false,
            ..Config::default()
        };
        assert_eq!(from_env, want);
        let usage = usage();
        for key in KEYS {
            assert!(usage.contains(&format!("--{key}")), "the usage documents --{key}");
        }
    }

    #[test]
    fn the_readme_and_the_contract_name_every_key() {
        let readme = include_str!("../../../README.md");
        let contract = include_str!("../../../docs/CONTRACT-skeleton.md");
        for key in KEYS {
            assert!(readme.contains(&format!("`{key}`")), "README.md names the key `{key}`");
            assert!(contract.contains(&format!("[--{key}")), "docs/CONTRACT-skeleton.md names --{key}");
        }
    }

    #[test]
    fn command_line_over_environment_over_file_over_defaults() {
        let (_dir, path) = file("port = 1111\nhost = file.example\ndist = file-dist\ntls-in-front = true\n");
        let env = [("MYNA_PORT", "2222"), ("MYNA_HOST", "env.example")];
        // The file alone, then the environment over it, then a flag over both.
        let c = run(&["--config", &path]);
        assert_eq!((c.port, c.host.as_str(), c.dist.to_str().unwrap()), (1111, "file.example", "file-dist"));
        let c = run_with(&["--config", &path], &env);
        assert_eq!((c.port, c.host.as_str(), c.dist.to_str().unwrap()), (2222, "env.example", "file-dist"));
        let c = run_with(&["--port=3333", "--config", &path], &env);
        assert_eq!((c.port, c.host.as_str(), c.dist.to_str().unwrap()), (3333, "env.example", "file-dist"));
        // What is set nowhere keeps its default; a switch can be turned off above the file.
        assert_eq!(c.data_dir, PathBuf::from("data"));
        assert!(c.tls_in_front);
        assert!(!run_with(&["--config", &path], &[("MYNA_TLS_IN_FRONT", "false")]).tls_in_front);
        assert!(!run(&["--config", &path, "--tls-in-front=false"]).tls_in_front);
        // MYNA_CONFIG names the file too; --config wins over it.
        assert_eq!(run_with(&[], &[("MYNA_CONFIG", &path)]).port, 1111);
        let (_other, other) = file("port = 4444\n");
        assert_eq!(run_with(&["--config", &other], &[("MYNA_CONFIG", &path)]).port, 4444);
    }

    #[test]
    fn unknown_keys_are_refused_in_every_spelling() {
        let (_dir, path) = file("port = 8443\n# fine\ntrust-anchor = /etc/myna/jpki-ca.pem\n");
        let e = refused(&["--config", &path], &[]);
        assert!(e.contains(":3: trust-anchor: unknown key"), "{e}");
        let e = refused(&[], &[("MYNA_TRUST_ANCHOR", "/etc/myna/jpki-ca.pem")]);
        assert!(e.starts_with("MYNA_TRUST_ANCHOR: unknown setting"), "{e}");
        assert!(e.contains("MYNA_TRUST_ANCHORS"), "the message lists the right names: {e}");
        assert!(refused(&["--trust-anchor", "x"], &[]).starts_with("unknown argument"));
        // Nor can a file name another file, or be missing.
        let (_dir, nested) = file("config = /etc/other.conf\n");
        assert!(refused(&["--config", &nested], &[]).contains("cannot name another"));
        assert!(refused(&["--config", "/no/such/portal.conf"], &[]).contains("cannot read"));
    }

    #[test]
    fn bad_values_name_their_source() {
        let (_dir, path) = file("\n\nport = http\n");
        assert!(refused(&["--config", &path], &[]).ends_with(":3: port: not a port number: http"));
        assert_eq!(refused(&[], &[("MYNA_PORT", "http")]), "MYNA_PORT: not a port number: http");
        assert_eq!(
            refused(&[], &[("MYNA_TLS_IN_FRONT", "yes")]),
            "MYNA_TLS_IN_FRONT: is a switch: true or false, not \"yes\""
        );
        assert_eq!(refused(&[], &[("MYNA_DIST", "")]), "MYNA_DIST: needs a value");
        assert_eq!(refused(&["--port", "http"], &[]), "--port: not a port number: http");
    }
}
