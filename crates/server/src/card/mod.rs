//! The demo people's virtual cards behind the remote reader (SPEC §5, §7.1c). The card
//! logic itself is `jpki::sim::VirtualCard`; this module only issues each card (keys from
//! [`crate::pki::keys`], certificates from the demo CA), loads it for every APDU, and
//! persists its state right after, one APDU at a time per card.
//!
//! Cards are issued lazily: on a person's first APDU, or by [`pregenerate`], which the
//! demo binary runs in the background after start so the first login does not wait.
//! The remote reader's endpoints are routes.rs. Demo mode only: issuing a card creates the
//! demo CA, which production never has ([`ensure`] refuses outside demo mode).

pub mod removal;
pub mod routes;

pub use routes::routes;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::Utc;
use jpki::sim::{CardProfile, CardState, VirtualCard, DEMO_AUTH_PIN, DEMO_CARD_INFO_PIN, DEMO_SIGNING_PIN};
use jpki::{BasicFour, Sex};

use crate::pki::{self, keys, CertKind};
use crate::store::cards;
use crate::store::persons::{self, Person};
use crate::store::pki::IssuedCert;
use crate::AppState;

/// One lock per card: a card answers one APDU at a time, and its state is read, changed
/// and written back under the lock, so concurrent requests cannot interleave. Across
/// instances (PostgreSQL) a database lock per card (`store::hold_lock`) is taken inside
/// this one.
#[derive(Default)]
pub struct Cards {
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Cards {
    pub fn new() -> Cards {
        Cards::default()
    }

    /// How many cards have a lock (at most one per known person: the routes check the
    /// person before any card is reached).
    pub fn tracked(&self) -> usize {
        self.locks.lock().expect("card locks").len()
    }

    fn lock_for(&self, person_id: &str) -> Arc<tokio::sync::Mutex<()>> {
        self.locks.lock().expect("card locks").entry(person_id.to_string()).or_default().clone()
    }
}

/// The 基本4情報 as the card holds them, from the registry's person.
pub fn basic_four(p: &Person) -> BasicFour {
    BasicFour {
        name: p.name.clone(),
        address: p.address.clone(),
        birth_date: p.birth_date.format("%Y%m%d").to_string(),
        sex: match p.sex.as_str() {
            "男" => Sex::Male,
            "女" => Sex::Female,
            _ => Sex::NotKnown,
        },
    }
}

/// The person's card, issuing it first if needed; `None` for an unknown person.
pub async fn ensure(state: &AppState, person_id: &str) -> anyhow::Result<Option<(CardProfile, CardState)>> {
    let lock = state.cards.lock_for(person_id);
    let _card = lock.lock().await;
    let held = crate::store::hold_lock(&state.store, &format!("card:{person_id}")).await?;
    let card = ensure_locked(state, person_id).await?;
    held.release().await?;
    Ok(card)
}

/// A card issued by `ca` for `person` (new keys, both certificates, the demo PINs), not
/// yet registered or stored. Tests use it to make cards from a CA of their own.
pub struct IssuedCard {
    pub profile: CardProfile,
    pub auth: IssuedCert,
    pub signing: IssuedCert,
}

pub async fn issue(ca: &pki::Authority, person: &Person) -> anyhow::Result<IssuedCard> {
    let auth_key = keys::generate(&format!("{}/auth", person.id)).await?;
    let signing_key = keys::generate(&format!("{}/signing", person.id)).await?;
    let four = basic_four(person);
    let validity = pki::card_validity();
    let auth = ca.issue(CertKind::Auth, &person.id, &auth_key, None, validity)?;
    let signing = ca.issue(CertKind::Signing, &person.id, &signing_key, Some(&four), validity)?;
    let profile = CardProfile {
        basic_four: four,
        auth_key_pkcs8_der: auth_key,
        auth_cert_der: auth.cert_der.clone(),
        signing_key_pkcs8_der: signing_key,
        signing_cert_der: signing.cert_der.clone(),
        card_info_pin: DEMO_CARD_INFO_PIN.into(),
        auth_pin: DEMO_AUTH_PIN.into(),
        signing_pin: DEMO_SIGNING_PIN.into(),
    };
    Ok(IssuedCard { profile, auth, signing })
}

async fn ensure_locked(state: &AppState, person_id: &str) -> anyhow::Result<Option<(CardProfile, CardState)>> {
    // The reader routes exist only in demo mode; this keeps any other caller from creating
    // a demo CA in a production database (which production then refuses to start with).
    anyhow::ensure!(state.config.demo, "virtual cards are demo-only");
    let store = &state.store;
    if let Some(card) = cards::get(store, person_id).await? {
        return Ok(Some(card));
    }
    let Some(person) = persons::get(store, person_id).await? else {
        return Ok(None);
    };
    let started = Instant::now();
    let ca = pki::ensure(store).await?;
    let IssuedCard { profile, auth, signing } = issue(&ca, &person).await?;
    let mut tx = store.begin().await?;
    pki::register(&mut tx, &auth).await?;
    pki::register(&mut tx, &signing).await?;
    cards::insert(&mut tx, person_id, &profile, Utc::now()).await?;
    tx.commit().await?;
    tracing::info!(person = person_id, ms = started.elapsed().as_millis() as u64, "issued a virtual card");
    Ok(Some((profile, CardState::fresh())))
}

/// Runs `f` on the person's card and persists the state it leaves; `None` for an unknown
/// person. The lock is held from load to save.
async fn with_card<T>(
    state: &AppState,
    person_id: &str,
    f: impl FnOnce(&mut VirtualCard) -> T,
) -> anyhow::Result<Option<T>> {
    let lock = state.cards.lock_for(person_id);
    let _card = lock.lock().await;
    // Another instance may hold the same card: the database lock spans load to save there.
    let held = crate::store::hold_lock(&state.store, &format!("card:{person_id}")).await?;
    let Some((profile, card_state)) = ensure_locked(state, person_id).await? else {
        return Ok(None);
    };
    let mut card = VirtualCard::from_parts(profile, card_state)?;
    let out = f(&mut card);
    cards::save_state(&state.store, person_id, card.state(), Utc::now()).await?;
    held.release().await?;
    Ok(Some(out))
}

/// One APDU to the person's card; the response APDU (data + SW).
pub async fn exchange(state: &AppState, person_id: &str, apdu: &[u8]) -> anyhow::Result<Option<Vec<u8>>> {
    with_card(state, person_id, |card| card.process(apdu)).await
}

/// The card is (re)presented to the reader: selection and verified PINs are forgotten.
pub async fn tap(state: &AppState, person_id: &str) -> anyhow::Result<Option<()>> {
    with_card(state, person_id, |card| card.reset_session()).await
}

/// A demo control: one PIN of the person's card with `left` tries (capped at the PIN's
/// maximum; 0 locks it), as mistyping it would leave it. `None` for an unknown person.
pub async fn set_tries(state: &AppState, person_id: &str, pin: jpki::PinKind, left: u8) -> anyhow::Result<Option<()>> {
    with_card(state, person_id, |card| {
        let (profile, mut counters) = (card.profile().clone(), card.state().clone());
        let left = left.min(pin.max_tries());
        match pin {
            jpki::PinKind::CardInfo => counters.card_info_tries = left,
            jpki::PinKind::Auth => counters.auth_tries = left,
            jpki::PinKind::Signing => counters.signing_tries = left,
        }
        VirtualCard::from_parts(profile, counters).map(|c| *card = c)
    })
    .await?
    .transpose()
    .map_err(|e| anyhow::anyhow!("virtual card: {e:?}"))
}

/// Issues every demo person's card that is missing (CA first), in the seed order, so
/// the first card login does not wait for key generation. Errors are logged.
pub async fn pregenerate(state: AppState) {
    let started = Instant::now();
    let result = async {
        pki::ensure(&state.store).await?;
        let mut issued = 0;
        for person in persons::list(&state.store).await? {
            if cards::get(&state.store, &person.id).await?.is_none() {
                ensure(&state, &person.id).await?;
                issued += 1;
            }
        }
        anyhow::Ok(issued)
    }
    .await;
    match result {
        Ok(0) => {}
        Ok(n) => tracing::info!(cards = n, ms = started.elapsed().as_millis() as u64, "virtual cards ready"),
        Err(e) => tracing::error!(error = ?e, "issuing the virtual cards"),
    }
}
