//! [`Transport`] over an in-process [`VirtualCard`].

use core::cell::{Cell, Ref, RefCell, RefMut};

use super::VirtualCard;
use crate::transport::{LocalBoxFuture, Transport, TransportError};

/// Single-threaded like the browser transports; `set_present(false)` simulates the card
/// leaving the reader (every exchange then fails with `CardRemoved`).
pub struct SimTransport {
    card: RefCell<VirtualCard>,
    present: Cell<bool>,
}

impl SimTransport {
    pub fn new(card: VirtualCard) -> SimTransport {
        SimTransport { card: RefCell::new(card), present: Cell::new(true) }
    }

    pub fn card(&self) -> Ref<'_, VirtualCard> {
        self.card.borrow()
    }

    pub fn card_mut(&self) -> RefMut<'_, VirtualCard> {
        self.card.borrow_mut()
    }

    /// Taking the card away and bringing it back powers it up afresh, as a real card
    /// does: selection and verified PINs are gone, counters stay.
    pub fn set_present(&self, present: bool) {
        if present && !self.present.get() {
            self.card.borrow_mut().reset_session();
        }
        self.present.set(present);
    }
}

impl Transport for SimTransport {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        Box::pin(async move {
            if !self.present.get() {
                return Err(TransportError::CardRemoved);
            }
            Ok(self.card.borrow_mut().process(apdu))
        })
    }
}
