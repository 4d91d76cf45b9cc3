//! The remote reader (demo mode): every APDU goes to the server's virtual card over
//! `POST /api/card/apdu`, base64 both ways (docs/CONTRACT-card.md). With a session the
//! server uses the logged-in person's card; on `/login` the chosen demo person's.

use std::cell::RefCell;

use domain::card::{ApduRequest, CardSession};
use jpki::{LocalBoxFuture, Transport, TransportError};

use super::{b64, BeginError, CardReader, ReaderKind};
use crate::api::{self, ApiError};

#[derive(Default)]
pub struct RemoteReader {
    /// Set on `/login` only (there is no session to name the card yet).
    person: RefCell<Option<String>>,
}

fn io(e: ApiError) -> TransportError {
    // The demo's reader control took the card away mid-read.
    if e.code == "card_removed" {
        return TransportError::CardRemoved;
    }
    TransportError::Io(format!("{} {}: {}", e.status, e.code, e.detail))
}

impl Transport for RemoteReader {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        let request = ApduRequest { apdu: b64::encode(apdu), person: self.person.borrow().clone() };
        Box::pin(async move {
            let answer = api::card_apdu(&request).await.map_err(io)?;
            b64::decode(&answer.response).ok_or_else(|| TransportError::Io("response is not base64".into()))
        })
    }
}

impl CardReader for RemoteReader {
    fn kind(&self) -> ReaderKind {
        ReaderKind::Remote
    }

    fn transport(&self) -> &dyn Transport {
        self
    }

    fn begin(&self) -> LocalBoxFuture<'_, Result<(), BeginError>> {
        let body = CardSession { person: self.person.borrow().clone() };
        Box::pin(async move {
            match api::card_session(&body).await {
                // `/login` while someone else is logged in: the server serves only the
                // session person's card, so end that session and tap the chosen card.
                Err(e) if e.code == "card_person_mismatch" && body.person.is_some() => {
                    api::logout().await.map_err(|e| BeginError::Transport(io(e)))?;
                    api::card_session(&body).await
                }
                other => other,
            }
            .map_err(|e| BeginError::Transport(io(e)))
        })
    }

    fn use_demo_person(&self, person: Option<String>) {
        *self.person.borrow_mut() = person;
    }
}
