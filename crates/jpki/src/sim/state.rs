//! What a virtual card remembers between APDUs. Serde-serializable so the server can
//! persist it: the counters must survive restarts (a locked PIN stays locked), while
//! [`Session`] is the transient part a real card forgets when it leaves the reader.

use serde::{Deserialize, Serialize};

use crate::pin::PinKind;

/// The two applications of the card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Df {
    Jpki,
    CardInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardState {
    /// Tries left; 0 = locked for good (only a 窓口 could reset it).
    pub card_info_tries: u8,
    pub auth_tries: u8,
    pub signing_tries: u8,
    #[serde(default)]
    pub session: Session,
}

/// Selection and security status; reset by [`crate::sim::VirtualCard::reset_session`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub current_df: Option<Df>,
    pub current_ef: Option<u16>,
    pub card_info_verified: bool,
    pub auth_verified: bool,
    pub signing_verified: bool,
}

impl CardState {
    /// A new card: every counter at its maximum, nothing selected.
    pub fn fresh() -> CardState {
        CardState {
            card_info_tries: PinKind::CardInfo.max_tries(),
            auth_tries: PinKind::Auth.max_tries(),
            signing_tries: PinKind::Signing.max_tries(),
            session: Session::default(),
        }
    }

    pub fn tries(&self, kind: PinKind) -> u8 {
        match kind {
            PinKind::CardInfo => self.card_info_tries,
            PinKind::Auth => self.auth_tries,
            PinKind::Signing => self.signing_tries,
        }
    }

    pub fn tries_mut(&mut self, kind: PinKind) -> &mut u8 {
        match kind {
            PinKind::CardInfo => &mut self.card_info_tries,
            PinKind::Auth => &mut self.auth_tries,
            PinKind::Signing => &mut self.signing_tries,
        }
    }

    pub fn is_locked(&self, kind: PinKind) -> bool {
        self.tries(kind) == 0
    }
}

impl Default for CardState {
    fn default() -> Self {
        CardState::fresh()
    }
}

impl Session {
    pub fn is_verified(&self, kind: PinKind) -> bool {
        match kind {
            PinKind::CardInfo => self.card_info_verified,
            PinKind::Auth => self.auth_verified,
            PinKind::Signing => self.signing_verified,
        }
    }

    pub fn set_verified(&mut self, kind: PinKind, verified: bool) {
        match kind {
            PinKind::CardInfo => self.card_info_verified = verified,
            PinKind::Auth => self.auth_verified = verified,
            PinKind::Signing => self.signing_verified = verified,
        }
    }

    pub fn clear_verified(&mut self) {
        for kind in PinKind::ALL {
            self.set_verified(kind, false);
        }
    }
}
