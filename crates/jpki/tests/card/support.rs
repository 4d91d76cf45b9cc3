//! Shared fixtures: one generated profile, fresh cards, a poll-to-completion executor,
//! and a transport that records every APDU.

use std::cell::RefCell;
use std::future::Future;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use jpki::sim::{test_profile, CardProfile, SimTransport, VirtualCard};
use jpki::{LocalBoxFuture, Transport, TransportError};

pub fn profile() -> CardProfile {
    static PROFILE: OnceLock<CardProfile> = OnceLock::new();
    PROFILE.get_or_init(test_profile).clone()
}

pub fn card() -> SimTransport {
    SimTransport::new(VirtualCard::new(profile()).unwrap())
}

pub fn card_with(profile: CardProfile) -> SimTransport {
    SimTransport::new(VirtualCard::new(profile).unwrap())
}

/// The simulator's futures are ready at once; anything pending would be a bug.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("simulated card future pending"),
    }
}

/// Logs each APDU before passing it on, so tests can prove what was (not) sent.
pub struct Recording<'a> {
    inner: &'a dyn Transport,
    pub log: RefCell<Vec<Vec<u8>>>,
}

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Transport) -> Self {
        Recording { inner, log: RefCell::new(Vec::new()) }
    }

    pub fn sent(&self) -> Vec<Vec<u8>> {
        self.log.borrow().clone()
    }

    /// VERIFY commands that carried a PIN.
    pub fn verifies_with_data(&self) -> usize {
        self.log.borrow().iter().filter(|a| a[1] == 0x20 && a.len() > 4).count()
    }
}

impl Transport for Recording<'_> {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        self.log.borrow_mut().push(apdu.to_vec());
        self.inner.transceive(apdu)
    }
}

/// Sends raw bytes to a virtual card; returns (data, SW).
pub fn raw(card: &mut VirtualCard, apdu: &[u8]) -> (Vec<u8>, u16) {
    let out = card.process(apdu);
    let (data, sw) = out.split_at(out.len() - 2);
    (data.to_vec(), u16::from_be_bytes([sw[0], sw[1]]))
}

pub fn no_progress(_: usize, _: usize) {}
