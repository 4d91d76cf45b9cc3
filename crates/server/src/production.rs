//! Production mode (no `--demo`): what the server refuses to start with, and why. Each
//! refusal names what to change; [`crate::AppState::init`] stops on the first that applies
//! (after listing every configuration mistake at once), so `main` exits non-zero before
//! listening.
//!
//! * No `--trust-anchors`: card signatures could not be checked against the real JPKI CAs,
//!   and there is no other CA to fall back on (the demo CA is the demo's).
//! * `--insecure-cookies`: cookies without `Secure` and `__Host-` are for plain-http demos
//!   on a LAN; real sessions would be readable and overwritable on the wire.
//! * No `--tls-in-front`: this server speaks plain http, yet its cookies are `Secure` and
//!   it sends HSTS; only a TLS-terminating proxy in front makes that work, and only the
//!   operator knows one is there.
//! * `--tls-in-front` without `--trusted-proxies`: every request then comes from the proxy's
//!   address, so every client would share one rate-limit bucket and one client could block
//!   everyone's login (issue 24).
//! * No `--public-origin`: the WebAuthn RP ID and the CSRF gate's origin must come from the
//!   operator, never from a request's `Host`/`Origin` (issue 24).
//! * No `--registry-url`: the licence records are the driver registry's; without its
//!   endpoint the worker could not record a change (the demo's table is the demo's).
//! * No `--koseki-url`: the 本籍 change reads the person's koseki record there.
//! * A database with a demo CA (`pki_authority`), or marked as a demo's: it was opened in
//!   demo mode, so its people, cards and certificates are made up, and the CA's private key
//!   sits in it: anyone with the file could issue certificates it trusts. Production keeps
//!   its own database.
//!
//! And the other way: `--demo` refuses a production database (marked so, or with people
//! and no demo CA), where it would log in as real people without a card and write a demo
//! CA that production would then refuse. Each database is marked with the mode that first
//! opened it (`settings.database_mode`).

use crate::config::{env_var, Config};
use crate::store::{persons, pki as pki_db, settings, Store};

/// Every configuration refusal, one per line; `Ok` in demo mode.
pub fn check_config(config: &Config) -> anyhow::Result<()> {
    if config.demo {
        return Ok(());
    }
    let mut refusals = Vec::new();
    if config.trust_anchors.is_none() {
        refusals.push(format!(
            "production mode needs --trust-anchors PEM (config key trust-anchors, {}): the JPKI CA \
             certificates that issue the cards' certificates, so that card signatures can be checked \
             (--demo runs with the demo CA instead)",
            env_var("trust-anchors")
        ));
    }
    if config.crls.is_empty() {
        refusals.push(format!(
            "production mode needs --crl FILE,... (config key crl, {}): the revocation lists J-LIS \
             publishes for the CAs in --trust-anchors (DER or PEM, reread when a file changes), so that \
             a lost or revoked card is refused",
            env_var("crl")
        ));
    }
    if config.insecure_cookies {
        refusals.push(
            "production mode refuses --insecure-cookies: cookies without Secure/__Host- are for demos over \
             plain http only"
                .to_string(),
        );
    }
    if !config.tls_in_front {
        refusals.push(format!(
            "production mode needs --tls-in-front (config key tls-in-front = true, {}=true): this server \
             speaks plain http and must sit behind a TLS-terminating proxy, since its cookies are Secure \
             and it sends HSTS",
            env_var("tls-in-front")
        ));
    }
    if config.tls_in_front && config.trusted_proxies.is_empty() {
        refusals.push(format!(
            "production mode behind a proxy (--tls-in-front) needs --trusted-proxies A,B (config key \
             trusted-proxies, {}): the proxies' addresses, so that rate limits count each client and \
             not the proxy",
            env_var("trusted-proxies")
        ));
    }
    if config.public_origin.is_none() {
        refusals.push(format!(
            "production mode needs --public-origin https://HOST (config key public-origin, {}): the \
             origin browsers use, which WebAuthn and the CSRF check bind to",
            env_var("public-origin")
        ));
    }
    if config.registry_url.is_none() {
        refusals.push(format!(
            "production mode needs --registry-url http://HOST:PORT/BASE (config key registry-url, {}): the \
             driver registry's endpoint (docs/CONTRACT-registry.md), through which the worker records \
             licence changes (--demo uses its own table instead)",
            env_var("registry-url")
        ));
    }
    if config.koseki_url.is_none() {
        refusals.push(format!(
            "production mode needs --koseki-url http://HOST:PORT/BASE (config key koseki-url, {}): the \
             koseki system's endpoint (docs/CONTRACT-registry.md), from which the 本籍 change reads the \
             person's koseki record (--demo uses its own table instead)",
            env_var("koseki-url")
        ));
    }
    match refusals.is_empty() {
        true => Ok(()),
        false => Err(anyhow::anyhow!("{}", refusals.join("\n"))),
    }
}

const MODE_KEY: &str = "database_mode";

/// Refuses a database of the other mode, then marks an unmarked one with this mode.
pub async fn check_database(store: &Store, config: &Config) -> anyhow::Result<()> {
    let mode = if config.demo { "demo" } else { "production" };
    let target = config.database_target();
    let marked = match settings::get(store, MODE_KEY).await? {
        Some(m) => Some(m),
        // Unmarked (from before the mark): a demo CA says demo; people without one say production.
        None if pki_db::has_authority(store).await? => Some("demo".to_string()),
        None if persons::count(store).await? > 0 => Some("production".to_string()),
        None => None,
    };
    match (marked.as_deref(), config.demo) {
        (Some("demo"), false) => anyhow::bail!(
            "production mode refuses the database {target}: it holds a demo JPKI CA (table pki_authority) \
             or was opened with --demo, so its people and certificates are demo data; point --data-dir or \
             --database-url at the production database"
        ),
        (Some("production"), true) => anyhow::bail!(
            "--demo refuses the database {target}: it is a production database (its people are real, \
             without demo cards); point --data-dir or --database-url at a demo database"
        ),
        (Some(m), _) if m != "demo" && m != "production" => {
            anyhow::bail!("the database {target} says it is for {m:?}: neither demo nor production")
        }
        _ => {}
    }
    settings::insert_absent(store, MODE_KEY, mode).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_mode_needs_none_of_it() {
        let demo = Config { demo: true, insecure_cookies: true, ..Config::default() };
        assert!(check_config(&demo).is_ok());
    }

    #[test]
    fn every_configuration_refusal_at_once() {
        let e = check_config(&Config { insecure_cookies: true, ..Config::default() }).unwrap_err().to_string();
        let lines: Vec<&str> = e.lines().collect();
        assert_eq!(lines.len(), 7, "{e}");
        assert!(lines[0].contains("--trust-anchors") && lines[0].contains("MYNA_TRUST_ANCHORS"), "{e}");
        assert!(lines[1].contains("--crl") && lines[1].contains("MYNA_CRL"), "{e}");
        assert!(lines[2].contains("--insecure-cookies"), "{e}");
        assert!(lines[3].contains("--tls-in-front") && lines[3].contains("MYNA_TLS_IN_FRONT=true"), "{e}");
        assert!(lines[4].contains("--public-origin") && lines[4].contains("MYNA_PUBLIC_ORIGIN"), "{e}");
        assert!(lines[5].contains("--registry-url") && lines[5].contains("MYNA_REGISTRY_URL"), "{e}");
        assert!(lines[6].contains("--koseki-url") && lines[6].contains("MYNA_KOSEKI_URL"), "{e}");
        let ready = Config {
            trust_anchors: Some("ca.pem".into()),
            crls: vec!["jpki.crl".into()],
            tls_in_front: true,
            trusted_proxies: vec!["10.0.0.1".parse().unwrap()],
            public_origin: Some(crate::origin::PublicOrigin::parse("https://portal.example.jp").unwrap()),
            registry_url: Some(crate::adapters::http_json::Endpoint::parse("http://127.0.0.1:8443/").unwrap()),
            koseki_url: Some(crate::adapters::http_json::Endpoint::parse("http://127.0.0.1:8444/").unwrap()),
            ..Config::default()
        };
        assert!(check_config(&ready).is_ok());
        // Behind a proxy without naming it: refused (issue 24.3).
        let e = check_config(&Config { trusted_proxies: Vec::new(), ..ready.clone() }).unwrap_err().to_string();
        assert!(e.contains("--trusted-proxies") && e.contains("MYNA_TRUSTED_PROXIES"), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }
}
