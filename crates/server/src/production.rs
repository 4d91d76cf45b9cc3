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
//! * A database with a demo CA (`pki_authority`): it was opened in demo mode, so its people,
//!   cards and certificates are made up, and the CA's private key sits in it: anyone with
//!   the file could issue certificates it trusts. Production keeps its own database.

use crate::config::{env_var, Config};
use crate::store::{pki as pki_db, Store};

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
    match refusals.is_empty() {
        true => Ok(()),
        false => Err(anyhow::anyhow!("{}", refusals.join("\n"))),
    }
}

/// Refuses a database that ever held the demo CA. Reads only whether the row exists.
pub async fn check_database(store: &Store, config: &Config) -> anyhow::Result<()> {
    if config.demo || !pki_db::has_authority(store).await? {
        return Ok(());
    }
    anyhow::bail!(
        "production mode refuses the database {}: it holds a demo JPKI CA (table pki_authority), \
         so it was used with --demo and its people and certificates are demo data; point --data-dir or \
         --database-url at the production database",
        config.database_target()
    )
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
        assert_eq!(lines.len(), 3, "{e}");
        assert!(lines[0].contains("--trust-anchors") && lines[0].contains("MYNA_TRUST_ANCHORS"), "{e}");
        assert!(lines[1].contains("--insecure-cookies"), "{e}");
        assert!(lines[2].contains("--tls-in-front") && lines[2].contains("MYNA_TLS_IN_FRONT=true"), "{e}");
        let ready = Config { trust_anchors: Some("ca.pem".into()), tls_in_front: true, ..Config::default() };
        assert!(check_config(&ready).is_ok());
    }
}
