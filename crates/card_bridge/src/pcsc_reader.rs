//! [`Readers`] on the PC/SC service, through the `pcsc` crate.

use std::ffi::CString;
use std::time::Duration;

use pcsc::{Card, Context, Disposition, Error, Protocols, ReaderState, Scope, ShareMode, State, MAX_BUFFER_SIZE};

use crate::reader::{CardError, ReaderInfo, Readers};

pub struct PcscReaders {
    context: Context,
    card: Option<Card>,
}

impl PcscReaders {
    /// Fails with [`CardError::NoService`] when no PC/SC service runs.
    pub fn establish() -> Result<PcscReaders, CardError> {
        let context = Context::establish(Scope::User).map_err(map)?;
        Ok(PcscReaders { context, card: None })
    }
}

impl Readers for PcscReaders {
    fn list(&mut self) -> Result<Vec<ReaderInfo>, CardError> {
        let names = match self.context.list_readers_owned() {
            Ok(names) => names,
            Err(Error::NoReadersAvailable) => return Ok(Vec::new()),
            Err(e) => return Err(map(e)),
        };
        let mut states: Vec<ReaderState> = names.into_iter().map(|n| ReaderState::new(n, State::UNAWARE)).collect();
        match self.context.get_status_change(Duration::ZERO, &mut states) {
            Ok(()) | Err(Error::Timeout) => {}
            Err(e) => return Err(map(e)),
        }
        Ok(states
            .iter()
            .map(|s| {
                let state = s.event_state();
                ReaderInfo {
                    name: s.name().to_string_lossy().into_owned(),
                    card: state.contains(State::PRESENT) && !state.contains(State::MUTE),
                }
            })
            .collect())
    }

    fn connect(&mut self, reader: &str) -> Result<(), CardError> {
        self.disconnect();
        let name = CString::new(reader).map_err(|_| CardError::NoReader)?;
        // Exclusive: no other program on the PC talks to the card while a read is on.
        let card = self.context.connect(&name, ShareMode::Exclusive, Protocols::ANY).map_err(map)?;
        self.card = Some(card);
        Ok(())
    }

    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError> {
        let card = self.card.as_ref().ok_or(CardError::Removed)?;
        let mut buffer = [0u8; MAX_BUFFER_SIZE];
        card.transmit(apdu, &mut buffer).map(<[u8]>::to_vec).map_err(map)
    }

    fn disconnect(&mut self) {
        if let Some(card) = self.card.take() {
            let _ = card.disconnect(Disposition::ResetCard);
        }
    }
}

fn map(e: Error) -> CardError {
    match e {
        Error::NoService | Error::ServiceStopped => CardError::NoService,
        Error::NoReadersAvailable | Error::UnknownReader | Error::ReaderUnavailable => CardError::NoReader,
        Error::RemovedCard | Error::NoSmartcard | Error::ResetCard | Error::UnpoweredCard => CardError::Removed,
        other => CardError::Other(format!("pcsc: {other}")),
    }
}
