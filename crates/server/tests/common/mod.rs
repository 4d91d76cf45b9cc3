//! A whole app on a temporary SQLite file and dist directory, driven with `oneshot`; on a
//! fresh PostgreSQL database of its own instead when `TEST_DATABASE_URL` names a server
//! (`postgres://user@host:port/db`, any database the user may `CREATE DATABASE` from):
//! `cargo xtask test` runs the whole suite once on each.
#![allow(dead_code)] // each test file uses a different part of this

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use server::config::Config;
use server::AppState;
use tempfile::TempDir;
use tower::ServiceExt;

pub mod anchors;
pub mod authz;
pub mod card;
pub mod fuzz;
pub mod phone;
pub mod process;
pub mod registry;
pub mod submit;

/// The inline loader a Trunk build writes into index.html (shape only).
pub const LOADER: &str = "import init, * as bindings from '/myna-license-app-0123456789abcdef.js';\nwindow.wasmBindings = bindings;\ninit('/myna-license-app-0123456789abcdef_bg.wasm');";

pub const HOST: &str = "localhost:8080";

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub dir: TempDir,
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or("")
    }
    /// The `session=…` pair to send back as `Cookie`.
    pub fn session_cookie(&self) -> String {
        let set = self.header("set-cookie");
        set.split(';').next().unwrap().to_string()
    }
    /// Asserts a problem+json answer and returns its `code`.
    pub fn problem_code(&self) -> String {
        assert_eq!(self.header("content-type"), "application/problem+json", "{}", self.text());
        let p = self.json();
        assert_eq!(p["status"], self.status.as_u16(), "{p}");
        assert!(!p["detail"].as_str().unwrap().is_empty());
        p["code"].as_str().unwrap().to_string()
    }
}

pub async fn app(demo: bool) -> TestApp {
    app_with(demo, |_| {}).await
}

/// `tweak` may change the config (e.g. secure cookies) before start. A production app
/// (`demo` false) trusts [`anchors::anchor_ca`] and is told TLS ends in front (and which
/// proxy), as production requires; `tweak` may undo any. Every app's public origin is
/// `http://`[`HOST`].
pub async fn app_with(demo: bool, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), demo).await;
    app_in(dir, config, tweak).await.unwrap()
}

/// The test config for an app in `dir` (dist written there), before any tweak.
pub async fn config_in(dir: &std::path::Path, demo: bool) -> Config {
    // RSA keys (CA, cards) are generated once per test binary, not once per app.
    server::pki::keys::reuse_in_process();
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>マイナポータル</title>\
             <link rel=\"stylesheet\" href=\"/base-0123456789abcdef.css\">\
             <script type=\"module\">{LOADER}</script></head><body>\
             <main id=\"main\" tabindex=\"-1\" data-boot><p class=\"loading\" role=\"status\">読み込み中…</p></main></body></html>"
        ),
    )
    .unwrap();
    std::fs::write(dist.join("base-0123456789abcdef.css"), "body{margin:0}").unwrap();
    std::fs::write(dist.join("myna-license-app-0123456789abcdef_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dist.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    // No rate limits by default: tests call endpoints far faster than a person (the limits
    // are tested in limits_http.rs with their own values).
    let mut config = Config {
        demo,
        port: 0,
        dist,
        data_dir: dir.join("data"),
        rate_limits: server::limits::RateLimits::UNLIMITED,
        database_url: fresh_database_url().await,
        // What the requests below send as Host/Origin (the port is 0: no socket).
        public_origin: Some(server::origin::PublicOrigin::parse(&format!("http://{HOST}")).unwrap()),
        ..Config::default()
    };
    if !demo {
        let ca = anchors::anchor_ca().await;
        config.trust_anchors = Some(anchors::write_anchors(dir, "jpki-ca.pem", &[&ca]));
        // Production needs a revocation list: an empty one, current for the anchor's life.
        config.crls = vec![anchors::write_crl(dir, "jpki.crl", &ca)];
        config.tls_in_front = true;
        // A documentation address (RFC 5737): no test request comes from it.
        config.trusted_proxies = vec!["192.0.2.1".parse().unwrap()];
        // Production needs a driver registry and a koseki system; nothing listens on the
        // discard port, so a test that reaches one sees it unavailable (registry.rs starts
        // a real one).
        config.registry_url = Some(server::adapters::http_json::Endpoint::parse("http://127.0.0.1:9/").unwrap());
        config.koseki_url = Some(server::adapters::http_json::Endpoint::parse("http://127.0.0.1:9/").unwrap());
    }
    config
}

/// The suite runs on PostgreSQL (`TEST_DATABASE_URL` is set).
pub fn on_postgres() -> bool {
    std::env::var("TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty())
}

/// The marker every PostgreSQL-only test carries in its `#[ignore = …]` reason. `cargo
/// xtask test` runs them only in its PostgreSQL pass (`--include-ignored`), where they
/// must pass, and checks that this pass ran exactly these tests more than the SQLite one;
/// without `TEST_DATABASE_URL` they fail (see [`postgres_url_required`]), never pass unrun.
pub const POSTGRES_ONLY: &str = "PostgreSQL only";

/// For a PostgreSQL-only test: fails, saying why, when the suite is not on PostgreSQL.
pub fn require_postgres() {
    assert!(
        on_postgres(),
        "{POSTGRES_ONLY}: this test needs TEST_DATABASE_URL (cargo xtask test's PostgreSQL pass sets it); \
         it is #[ignore]d so the SQLite pass leaves it out"
    );
}

/// For a PostgreSQL-only test: a fresh, empty database (its servers migrate it together), or
/// a failure saying why there is none.
pub async fn postgres_url_required() -> String {
    use sqlx::{Connection, Executor};
    require_postgres();
    let admin = std::env::var("TEST_DATABASE_URL").expect("on PostgreSQL");
    let name = format!("t_{}", server::ids::new_id());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| panic!("TEST_DATABASE_URL: {e}"));
    conn.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
    conn.close().await.unwrap();
    database_url(&admin, &name)
}

/// On PostgreSQL, a new database for one app (so tests stay parallel and independent) and
/// its URL; on SQLite `None` (the app's own temporary file). The new database is a copy of
/// [`migrated_template`]: the app's own migrator then finds nothing left to do, where
/// migrating every test's database from empty took most of the PostgreSQL pass's time.
pub async fn fresh_database_url() -> Option<String> {
    use sqlx::{Connection, Executor};
    let admin = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
    let template = migrated_template(&admin).await;
    let name = format!("t_{}", server::ids::new_id());
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap_or_else(|e| panic!("TEST_DATABASE_URL: {e}"));
    conn.execute(format!("CREATE DATABASE {name} TEMPLATE {template}").as_str()).await.unwrap();
    conn.close().await.unwrap();
    Some(database_url(&admin, &name))
}

/// `admin` with its database replaced by `name`.
fn database_url(admin: &str, name: &str) -> String {
    let (base, query) = admin.split_once('?').map_or((admin, None), |(b, q)| (b, Some(q)));
    let base =
        base.rsplit_once('/').filter(|(host, _)| host.contains("//") && !host.ends_with('/')).map_or(base, |(h, _)| h);
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// A database the server's migrator has run on, named by the migrations' contents (a
/// changed migration makes another), made once per cluster: the test processes take an
/// advisory lock while one of them makes it. A half-made template (a process killed
/// meanwhile) only means the apps' own migrator finishes the work on each copy.
async fn migrated_template(admin: &str) -> String {
    use sqlx::{Connection, Executor};
    static MADE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    MADE.get_or_init(|| async {
        let name = format!("tpl_{}", migrations_fingerprint());
        let mut conn = sqlx::PgConnection::connect(admin).await.unwrap_or_else(|e| panic!("TEST_DATABASE_URL: {e}"));
        conn.execute("SELECT pg_advisory_lock(731532)").await.unwrap();
        let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1")
            .bind(&name)
            .fetch_optional(&mut conn)
            .await
            .unwrap();
        if exists.is_none() {
            conn.execute(format!("CREATE DATABASE {name}").as_str()).await.unwrap();
            let target = server::store::DatabaseTarget::Url(database_url(admin, &name));
            let store = server::store::Store::open(&target).await.expect("migrating the template database");
            // CREATE DATABASE … TEMPLATE needs the template without connections.
            store.pool().close().await;
        }
        conn.execute("SELECT pg_advisory_unlock(731532)").await.unwrap();
        conn.close().await.unwrap();
        name
    })
    .await
    .clone()
}

/// The migrations' names and contents, hashed (crates/server/migrations and its postgres/).
fn migrations_fingerprint() -> String {
    use std::hash::{DefaultHasher, Hasher};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .chain(std::fs::read_dir(dir.join("postgres")).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let mut h = DefaultHasher::new();
    for file in files {
        h.write(file.to_string_lossy().as_bytes());
        h.write(&std::fs::read(&file).unwrap());
    }
    format!("{:016x}", h.finish())
}

/// Drops a database [`fresh_database_url`] made (on PostgreSQL each is some 8 MB, and a
/// suite run makes hundreds). Waits for it; errors are ignored (it may be gone already).
pub fn drop_database(url: &str) {
    let Some(admin) = std::env::var("TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else { return };
    let name = url.rsplit('/').next().unwrap_or("").split('?').next().unwrap_or("").to_string();
    if !name.starts_with("t_") || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return;
    }
    let _ = std::thread::spawn(move || {
        use sqlx::{Connection, Executor};
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                let _ = conn.execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str()).await;
                let _ = conn.close().await;
            }
        });
    })
    .join();
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(url) = &self.state.config.database_url {
            drop_database(url);
        }
    }
}

/// An app on `config` in `dir` after `tweak`; the start's error as text when refused.
pub async fn app_in(dir: TempDir, mut config: Config, tweak: impl FnOnce(&mut Config)) -> Result<TestApp, String> {
    tweak(&mut config);
    let state = AppState::init(config).await.map_err(|e| format!("{e:#}"))?;
    let router = server::router(state.clone());
    Ok(TestApp { state, router, dir })
}

impl TestApp {
    /// A same-origin browser request: Host, and for writes Origin + Sec-Fetch-Site.
    pub async fn send(&self, method: Method, path: &str, cookie: Option<&str>, body: Option<Value>) -> Answer {
        let mut req = Request::builder().method(method.clone()).uri(path).header(header::HOST, HOST);
        if method != Method::GET && method != Method::HEAD {
            req = req.header(header::ORIGIN, format!("http://{HOST}")).header("sec-fetch-site", "same-origin");
        }
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match body {
            Some(v) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string())),
            None => req.body(Body::empty()),
        };
        self.raw(req.unwrap()).await
    }

    pub async fn raw(&self, req: Request<Body>) -> Answer {
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes().to_vec();
        Answer { status, headers, body }
    }

    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Answer {
        self.send(Method::GET, path, cookie, None).await
    }

    /// A signed submission: a same-origin POST with an `Idempotency-Key`.
    pub async fn post_keyed(&self, path: &str, cookie: &str, key: &str, body: &Value) -> Answer {
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, format!("http://{HOST}"))
            .header("sec-fetch-site", "same-origin")
            .header(header::COOKIE, cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", key)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.raw(req).await
    }

    /// Logs in through the demo shortcut and returns the cookie to send.
    pub async fn login(&self, person: &str) -> String {
        let a = self.send(Method::POST, "/api/demo/login", None, Some(serde_json::json!({ "person": person }))).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        a.session_cookie()
    }
}

/// A same-origin POST with `cookie` and a JSON body.
pub async fn post(app: &TestApp, path: &str, cookie: &str, body: Value) -> Answer {
    app.send(Method::POST, path, Some(cookie), Some(body)).await
}
