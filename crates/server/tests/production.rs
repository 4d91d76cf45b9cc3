//! Production mode (no `--demo`, crate::production): every refusal to start, through
//! `AppState::init` and through the binary (which must exit non-zero naming the fix), and
//! card signatures checked against exactly the configured trust anchors.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use axum::http::{Method, StatusCode};
use common::anchors::{anchor_ca, other_ca, registered_card, write_anchors};
use common::card::{login_challenge, signed_body, LocalCard};
use common::{app, app_in, config_in, TestApp};
use server::store::pki as pki_db;
use server::AppState;

/// A production start in a fresh directory after `tweak`; the refusal's text.
async fn refused(tweak: impl FnOnce(&mut server::config::Config)) -> String {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), false).await;
    let data = config.data_dir.clone();
    let err = app_in(dir, config, tweak).await.err().expect("production start refused");
    assert!(!data.join("portal.sqlite3").exists(), "refused before the database was created: {err}");
    err
}

#[tokio::test]
async fn production_needs_a_revocation_list() {
    let err = refused(|c| c.crls.clear()).await;
    assert!(err.contains("--crl"), "{err}");
}

#[tokio::test]
async fn production_needs_trust_anchors() {
    let err = refused(|c| c.trust_anchors = None).await;
    assert!(err.contains("--trust-anchors") && err.contains("MYNA_TRUST_ANCHORS"), "{err}");
    // The file must exist and hold CA certificates.
    let err = refused(|c| c.trust_anchors = Some("/no/such/jpki-ca.pem".into())).await;
    assert!(err.contains("--trust-anchors: cannot read /no/such/jpki-ca.pem"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.pem");
    std::fs::write(&empty, "# nothing here yet\n").unwrap();
    let err = refused(|c| c.trust_anchors = Some(empty)).await;
    assert!(err.contains("no PEM CERTIFICATE block"), "{err}");
}

#[tokio::test]
async fn production_refuses_insecure_cookies() {
    let err = refused(|c| c.insecure_cookies = true).await;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("refuses --insecure-cookies"), "{err}");
}

#[tokio::test]
async fn production_needs_tls_in_front() {
    let err = refused(|c| c.tls_in_front = false).await;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--tls-in-front") && err.contains("TLS-terminating proxy"), "{err}");
}

/// Issue 24.3: production needs --tls-in-front but did not need --trusted-proxies, so
/// every client behind the proxy shared one rate-limit bucket.
#[tokio::test]
async fn production_behind_a_proxy_needs_trusted_proxies() {
    let err = refused(|c| c.trusted_proxies = Vec::new()).await;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--trusted-proxies") && err.contains("MYNA_TRUSTED_PROXIES"), "{err}");
}

/// Issue 24.2: the WebAuthn RP ID and the CSRF origin come from configuration only.
/// Issue 26.4: the licence records are the driver registry's, the koseki records the koseki
/// system's; production does not start without their endpoints, and an https:// or malformed one is a usage error naming the fix.
#[tokio::test]
async fn production_needs_the_registry_and_koseki_endpoints() {
    let err = refused(|c| c.registry_url = None).await;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--registry-url") && err.contains("MYNA_REGISTRY_URL"), "{err}");
    let err = refused(|c| c.koseki_url = None).await;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--koseki-url") && err.contains("MYNA_KOSEKI_URL"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), false).await;
    let dist = config.dist.display().to_string();
    let base = ["--host", "127.0.0.1", "--port", "0", "--dist", &dist];
    let (code, stderr, _) = binary(&base, &[("MYNA_REGISTRY_URL", "https://registry.example.jp/")]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("registry-url") && stderr.contains("TLS gateway"), "{stderr}");
    let (code, stderr, _) = binary(&[&base[..], &["--registry-url", "registry"]].concat(), &[]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("registry-url"), "{stderr}");
}

#[tokio::test]
async fn production_needs_a_public_origin() {
    let err = refused(|c| c.public_origin = None).await;
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("--public-origin") && err.contains("MYNA_PUBLIC_ORIGIN"), "{err}");
}

#[tokio::test]
async fn demo_mode_needs_none_of_it() {
    let a = common::app_with(true, |c| c.insecure_cookies = true).await;
    assert!(a.state.config.trust_anchors.is_none() && !a.state.config.tls_in_front);
}

/// A database that a demo run used (its demo CA created by issuing taro's virtual card),
/// reached at `url` from `dir`.
async fn demo_database(dir: &std::path::Path) -> String {
    let url = format!("sqlite:{}", dir.join("shared.sqlite3").display());
    let mut demo = config_in(dir, true).await;
    demo.database_url = Some(url.clone());
    let state = AppState::init(demo).await.unwrap();
    server::card::ensure(&state, "taro").await.unwrap().unwrap();
    assert!(pki_db::has_authority(&state.store).await.unwrap());
    state.store.close().await;
    url
}

#[tokio::test]
async fn production_refuses_a_database_used_in_demo_mode() {
    let dir = tempfile::tempdir().unwrap();
    let url = demo_database(dir.path()).await;
    let mut config = config_in(dir.path(), false).await;
    config.database_url = Some(url);
    let err = app_in(dir, config, |_| {}).await.err().expect("refused");
    assert!(err.contains("holds a demo JPKI CA (table pki_authority)") && err.contains("shared.sqlite3"), "{err}");

    // The same data directory without --database-url is fine: demo data lives in
    // demo.sqlite3, production's in portal.sqlite3.
    let dir = tempfile::tempdir().unwrap();
    let mut demo = config_in(dir.path(), true).await;
    demo.data_dir = dir.path().join("data");
    let state = AppState::init(demo).await.unwrap();
    server::card::ensure(&state, "taro").await.unwrap().unwrap();
    state.store.close().await;
    let config = config_in(dir.path(), false).await;
    let prod = app_in(dir, config, |_| {}).await.unwrap();
    assert!(!pki_db::has_authority(&prod.state.store).await.unwrap());
}

/// Issue 24.9: `--demo` refuses a production database (it logged in as a real person with
/// no card and wrote a demo CA into it), and production refuses a demo database even
/// before any demo card made its CA.
#[tokio::test]
async fn demo_refuses_a_production_database_and_production_a_demo_one() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("real.sqlite3").display());
    let mut prod = config_in(dir.path(), false).await;
    prod.database_url = Some(url.clone());
    let state = AppState::init(prod).await.unwrap();
    state.store.close().await;
    let mut demo = config_in(dir.path(), true).await;
    demo.database_url = Some(url.clone());
    let err = format!("{:#}", AppState::init(demo).await.err().expect("demo refused"));
    assert!(err.contains("--demo refuses the database") && err.contains("real.sqlite3"), "{err}");
    // Nothing was written: no demo people, no demo CA.
    let mut prod = config_in(dir.path(), false).await;
    prod.database_url = Some(url);
    let state = AppState::init(prod).await.unwrap();
    assert_eq!(server::store::persons::count(&state.store).await.unwrap(), 0);
    assert!(!pki_db::has_authority(&state.store).await.unwrap());
    state.store.close().await;

    // A demo database no card was ever issued from (so no demo CA yet): refused too.
    let url = format!("sqlite:{}", dir.path().join("fresh-demo.sqlite3").display());
    let mut demo = config_in(dir.path(), true).await;
    demo.database_url = Some(url.clone());
    let state = AppState::init(demo).await.unwrap();
    assert!(!pki_db::has_authority(&state.store).await.unwrap());
    state.store.close().await;
    let mut prod = config_in(dir.path(), false).await;
    prod.database_url = Some(url);
    let err = format!("{:#}", AppState::init(prod).await.err().expect("production refused"));
    assert!(err.contains("production mode refuses the database"), "{err}");
}

/// `POST /api/login/card` with `card`'s authentication signature over a fresh challenge.
async fn log_in_with(app: &TestApp, card: &LocalCard) -> (StatusCode, String) {
    let (id, _, digest_info) = login_challenge(app).await;
    let (cert, sig) = card.auth_sign(&digest_info).await;
    let a = app.send(Method::POST, "/api/login/card", None, Some(signed_body(&id, &cert, &sig))).await;
    match a.status {
        StatusCode::OK => (a.status, a.json()["person"].as_str().unwrap().to_string()),
        _ => (a.status, a.problem_code()),
    }
}

#[tokio::test]
async fn only_cards_from_the_trust_anchors_log_in() {
    let app = app(false).await;
    let (anchor, other) = (anchor_ca().await, other_ca().await);
    let trusted = LocalCard::new(registered_card(&app, &anchor, "taro").await);
    assert_eq!(log_in_with(&app, &trusted).await, (StatusCode::OK, "taro".into()));
    // Another CA of the same name and profile, its certificate registered to a person all
    // the same: its signature over the certificate does not verify with the anchor's key.
    let forged = LocalCard::new(registered_card(&app, &other, "hanako").await);
    assert_eq!(log_in_with(&app, &forged).await, (StatusCode::FORBIDDEN, "cert_untrusted".into()));
    // A virtual card cannot be had here, and no demo CA was made along the way.
    assert!(server::card::ensure(&app.state, "taro").await.is_err());
    assert!(!pki_db::has_authority(&app.state.store).await.unwrap());
}

#[tokio::test]
async fn every_anchor_in_the_file_is_trusted() {
    let (anchor, other) = (anchor_ca().await, other_ca().await);
    let app = common::app_with(false, |c| {
        let dir = c.data_dir.parent().unwrap().to_path_buf();
        c.trust_anchors = Some(write_anchors(&dir, "two.pem", &[&other, &anchor]));
        // Each anchor's own list: a card of an anchor without one cannot be checked.
        c.crls.push(common::anchors::write_crl(&dir, "other.crl", &other));
    })
    .await;
    let taro = LocalCard::new(registered_card(&app, &anchor, "taro").await);
    let hanako = LocalCard::new(registered_card(&app, &other, "hanako").await);
    assert_eq!(log_in_with(&app, &taro).await, (StatusCode::OK, "taro".into()));
    assert_eq!(log_in_with(&app, &hanako).await, (StatusCode::OK, "hanako".into()));
}

/// Issue 24.8: an anchor past its own validity vouches for nothing (its cards were accepted).
#[tokio::test]
async fn an_anchor_past_its_own_validity_is_refused() {
    use chrono::TimeZone;
    let anchor = anchor_ca().await;
    let at = |y| chrono::Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
    let retired = server::pki::Authority::generate_valid("test/retired-ca", (at(2015), at(2025))).await.unwrap();
    let app = common::app_with(false, |c| {
        let dir = c.data_dir.parent().unwrap().to_path_buf();
        c.trust_anchors = Some(write_anchors(&dir, "with-retired.pem", &[&retired, &anchor]));
    })
    .await;
    let hanako = LocalCard::new(registered_card(&app, &retired, "hanako").await);
    assert_eq!(log_in_with(&app, &hanako).await, (StatusCode::FORBIDDEN, "cert_untrusted".into()));
    let taro = LocalCard::new(registered_card(&app, &anchor, "taro").await);
    assert_eq!(log_in_with(&app, &taro).await, (StatusCode::OK, "taro".into()));
}

/// The server binary with `args` and only `env` for environment; (exit status, stderr,
/// the child if it printed its "listening on" line — then it runs until killed).
fn binary(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting the server binary");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    if line.starts_with("listening on ") {
        // Started: stop the child we started, by its handle.
        child.kill().unwrap();
        child.wait().unwrap();
        return (None, String::new(), line);
    }
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned(), line)
}

#[tokio::test]
async fn the_binary_exits_non_zero_naming_what_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), false).await;
    let (dist, data) = (config.dist.display().to_string(), config.data_dir.display().to_string());
    let base = ["--host", "127.0.0.1", "--port", "0", "--dist", &dist, "--data-dir", &data];
    // Nothing production needs: every refusal listed, exit 1.
    let (code, stderr, _) = binary(&base, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("--trust-anchors") && stderr.contains("--tls-in-front"), "{stderr}");
    assert!(stderr.contains("--crl"), "{stderr}");
    // A demo database.
    let url = demo_database(dir.path()).await;
    let anchors = config.trust_anchors.as_ref().unwrap().display().to_string();
    let crl = config.crls[0].display().to_string();
    let ready = [
        "--tls-in-front",
        "--trusted-proxies",
        "192.0.2.1",
        "--public-origin",
        "https://portal.example.jp",
        "--registry-url",
        "http://127.0.0.1:9/",
        "--koseki-url",
        "http://127.0.0.1:9/",
    ];
    let args = [&base[..], &ready, &["--trust-anchors", &anchors, "--crl", &crl, "--database-url", &url]].concat();
    let (code, stderr, _) = binary(&args, &[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("pki_authority"), "{stderr}");
    // A misspelt variable is a usage error (2), before anything starts.
    let (code, stderr, _) = binary(&base, &[("MYNA_TRUST_ANCHOR", &anchors)]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("MYNA_TRUST_ANCHOR: unknown setting"), "{stderr}");
}

#[tokio::test]
async fn the_binary_starts_from_a_config_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let config = config_in(dir.path(), false).await;
    let file = dir.path().join("portal.conf");
    std::fs::write(
        &file,
        format!(
            "# production\nport = 1\nhost = 127.0.0.1\ndist = {}\ndata-dir = {}\ntrust-anchors = {}\n\
             crl = {}\ntrusted-proxies = 192.0.2.1\npublic-origin = https://portal.example.jp\n\
             registry-url = http://127.0.0.1:9/registry\nkoseki-url = http://127.0.0.1:9/koseki\n",
            config.dist.display(),
            config.data_dir.display(),
            config.trust_anchors.as_ref().unwrap().display(),
            config.crls[0].display()
        ),
    )
    .unwrap();
    let file = file.display().to_string();
    // tls-in-front from the environment, the port from the command line over the file's.
    let (code, stderr, line) = binary(&["--config", &file, "--port", "0"], &[("MYNA_TLS_IN_FRONT", "true")]);
    assert_eq!(code, None, "started: {stderr}");
    assert!(
        line.starts_with("listening on http://127.0.0.1:") && line.trim_end().ends_with("(production mode)"),
        "{line}"
    );
    assert!(!line.contains("127.0.0.1:1 "), "{line}");
}

/// Issue 26.2: revocation in production comes from the operator's CRL (`--crl`), reread
/// when the file changes; a list past its nextUpdate refuses every card as "cannot check"
/// (503) rather than letting a lost one through.
#[tokio::test]
async fn a_card_on_the_crl_is_refused_and_a_stale_crl_refuses_every_card() {
    use x509_cert::ext::pkix::CrlReason;
    let anchor = anchor_ca().await;
    let (now, day) = (chrono::Utc::now(), chrono::Duration::days(1));
    let dir = tempfile::tempdir().unwrap();
    let crl = dir.path().join("jpki.crl");
    std::fs::write(&crl, anchor.crl(now - day, Some(now + day), &[]).unwrap()).unwrap();
    let configured = crl.clone();
    let app = common::app_with(false, move |c| c.crls = vec![configured]).await;
    let taro = LocalCard::new(registered_card(&app, &anchor, "taro").await);
    let hanako = registered_card(&app, &anchor, "hanako").await;
    let serial = server::pki::x509::parse(&hanako.auth_cert_der).unwrap().serial;
    let hanako = LocalCard::new(hanako);
    assert_eq!(log_in_with(&app, &hanako).await, (StatusCode::OK, "hanako".into()));

    // The operator's job puts the next list in place: no restart, her card is refused.
    std::fs::write(&crl, anchor.crl(now - day, Some(now + day), &[(&serial, CrlReason::KeyCompromise)]).unwrap())
        .unwrap();
    assert_eq!(log_in_with(&app, &hanako).await, (StatusCode::FORBIDDEN, "cert_revoked".into()));
    assert_eq!(log_in_with(&app, &taro).await, (StatusCode::OK, "taro".into()));

    // The job stops: the list in place is past its nextUpdate.
    std::fs::write(&crl, anchor.crl(now - day * 8, Some(now - day), &[]).unwrap()).unwrap();
    assert_eq!(log_in_with(&app, &taro).await, (StatusCode::SERVICE_UNAVAILABLE, "cert_revocation_unknown".into()));
}

/// Issue 26.2: a CRL that cannot be read or that no anchor signed stops the start.
#[tokio::test]
async fn production_refuses_a_crl_it_cannot_use() {
    let err = refused(|c| c.crls = vec!["/no/such/jpki.crl".into()]).await;
    assert!(err.contains("--crl /no/such/jpki.crl"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let forged = dir.path().join("forged.crl");
    let now = chrono::Utc::now();
    std::fs::write(&forged, other_ca().await.crl(now, Some(now + chrono::Duration::days(1)), &[]).unwrap()).unwrap();
    let err = refused(|c| c.crls = vec![forged]).await;
    assert!(err.contains("no trust anchor signed this CRL"), "{err}");
}
