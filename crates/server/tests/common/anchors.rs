//! Production apps in tests: the CA they trust (`--trust-anchors`), a look-alike nobody
//! trusts, and cards issued by either and registered for a person, as an enrolment would.

use std::path::{Path, PathBuf};

use jpki::sim::CardProfile;
use server::pki::{self, anchors, Authority};
use server::store::persons;

use super::TestApp;

/// The CA every production test app trusts; one key per test binary (the label is memoised
/// by `reuse_in_process`), and the certificate is deterministic, so every call is the same CA.
pub async fn anchor_ca() -> Authority {
    // Before any app is made too (a test writing a CRL first): the same key as the apps'.
    pki::keys::reuse_in_process();
    Authority::generate("test/anchor-ca").await.unwrap()
}

/// Same name and profile as [`anchor_ca`], another key: trusted by no test app.
pub async fn other_ca() -> Authority {
    pki::keys::reuse_in_process();
    Authority::generate("test/other-ca").await.unwrap()
}

/// Writes the CAs' certificates, as PEM blocks in this order, to `dir/name`.
pub fn write_anchors(dir: &Path, name: &str, cas: &[&Authority]) -> PathBuf {
    let path = dir.join(name);
    let pem: String = cas.iter().map(|ca| anchors::to_pem(&ca.cert_der)).collect();
    std::fs::write(&path, pem).unwrap();
    path
}

/// An empty revocation list of `ca`, current for the CA's whole validity, at `dir/name`.
pub fn write_crl(dir: &Path, name: &str, ca: &Authority) -> PathBuf {
    let (from, to) = pki::ca_validity();
    let path = dir.join(name);
    std::fs::write(&path, ca.crl(from, Some(to), &[]).unwrap()).unwrap();
    path
}

/// `person` (a seeded demo person's record) in the app's registry, with a card issued by
/// `ca` whose two certificates are registered to them; the card, for signing.
pub async fn registered_card(app: &TestApp, ca: &Authority, person: &str) -> CardProfile {
    let record = server::demo::seed::people().into_iter().find(|p| p.id == person).expect("a seeded person");
    let store = &app.state.store;
    let mut tx = store.begin().await.unwrap();
    if persons::get(store, person).await.unwrap().is_none() {
        persons::insert(&mut tx, &record).await.unwrap();
    }
    let card = server::card::issue(ca, &record).await.unwrap();
    pki::register(&mut tx, &card.auth).await.unwrap();
    pki::register(&mut tx, &card.signing).await.unwrap();
    tx.commit().await.unwrap();
    card.profile
}
