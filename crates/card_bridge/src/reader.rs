//! The small seam between the bridge's protocol logic and PC/SC, so the logic is tested
//! without pcscd.

/// A reader the PC/SC service lists, and whether a card is on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderInfo {
    pub name: String,
    pub card: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CardError {
    /// No PC/SC service (pcscd, WinSCard) is running.
    NoService,
    /// No reader is attached (or the chosen one is gone).
    NoReader,
    /// The card left the reader (or was never there).
    Removed,
    /// Several readers hold a card and `--reader` does not say which.
    SeveralCards(Vec<String>),
    Other(String),
}

impl CardError {
    /// The `error` text of docs/bridge.md's contract.
    pub fn code(&self) -> String {
        match self {
            CardError::NoService | CardError::NoReader => "no_reader".into(),
            CardError::Removed => "removed".into(),
            CardError::SeveralCards(_) => "several_cards".into(),
            CardError::Other(text) => text.clone(),
        }
    }
}

impl std::fmt::Display for CardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CardError::NoService => f.write_str(
                "no PC/SC service is running (start it: `pcscd` on Linux — `sudo systemctl start pcscd` or \
                 `sudo pcscd`; the Smart Card service on Windows)",
            ),
            CardError::NoReader => f.write_str("no card reader is attached"),
            CardError::Removed => f.write_str("the card left the reader"),
            CardError::SeveralCards(names) => {
                write!(f, "several readers hold a card ({}): choose one with --reader NAME", names.join(", "))
            }
            CardError::Other(text) => f.write_str(text),
        }
    }
}

/// What the bridge needs from PC/SC. Blocking calls; the server runs them off its event loop.
pub trait Readers: Send {
    fn list(&mut self) -> Result<Vec<ReaderInfo>, CardError>;
    /// Connect (exclusively) to the card on this reader.
    fn connect(&mut self, reader: &str) -> Result<(), CardError>;
    /// One command APDU to the connected card; its whole response (data + SW1 SW2).
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, CardError>;
    /// Let go of the card, resetting it: no selected file or verified PIN outlives a read.
    fn disconnect(&mut self);
}
