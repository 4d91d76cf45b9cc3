//! Multi-call READ BINARY: header first, ≤255-byte chunks, progress, card removal.

use std::cell::RefCell;

use jpki::{JpkiClient, JpkiError, PinKind, TransportError};

use crate::support::{block_on, card, profile, Recording};

#[test]
fn certificate_takes_several_reads_with_progress() {
    let sim = card();
    let rec = Recording::new(&sim);
    let client = JpkiClient::new(&rec);
    let seen = RefCell::new(Vec::new());
    let cert = block_on(client.read_auth_certificate(&|read, total| seen.borrow_mut().push((read, total)))).unwrap();
    let total = cert.len();
    assert!(total > 255, "certificate is {total} bytes");
    assert_eq!(cert, profile().auth_cert_der, "exactly the DER, not the EF padding");

    let reads: Vec<Vec<u8>> = rec.sent().into_iter().filter(|a| a[1] == 0xB0).collect();
    // First the 4-byte header, then ceil((total - 4) / 255) chunks.
    assert_eq!(reads[0], [0x00, 0xB0, 0x00, 0x00, 0x04]);
    assert_eq!(reads.len(), 1 + (total - 4).div_ceil(255));
    let mut expected_offset = 4;
    for apdu in &reads[1..] {
        let offset = usize::from(u16::from_be_bytes([apdu[2], apdu[3]]));
        let le = usize::from(apdu[4]);
        assert_eq!(offset, expected_offset);
        assert!((1..=255).contains(&le), "Le {le}");
        expected_offset += le;
    }
    assert_eq!(expected_offset, total);

    let seen = seen.into_inner();
    assert_eq!(seen.len(), reads.len());
    assert!(seen.iter().all(|(_, t)| *t == total));
    assert!(seen.windows(2).all(|w| w[0].0 < w[1].0), "increasing: {seen:?}");
    assert_eq!(seen.first(), Some(&(4, total)));
    assert_eq!(seen.last(), Some(&(total, total)));
}

#[test]
fn card_removed_mid_read_is_a_transport_error_and_resets_the_card() {
    let sim = card();
    let client = JpkiClient::new(&sim);
    block_on(client.verify_signing_pin("ABC123")).unwrap();
    // The card leaves the reader after the first chunk.
    let remove = |read: usize, _total: usize| {
        if read > 4 {
            sim.set_present(false);
        }
    };
    let err = block_on(client.read_signing_certificate(&remove)).unwrap_err();
    assert_eq!(err, JpkiError::Transport(TransportError::CardRemoved));
    assert!(err.message().contains("動かさず"));
    // Brought back, the card has forgotten the verified PIN.
    sim.set_present(true);
    assert_eq!(
        block_on(client.read_signing_certificate(&|_, _| {})),
        Err(JpkiError::NotVerified { pin: PinKind::Signing })
    );
}

#[test]
fn transport_messages_are_japanese() {
    assert!(TransportError::NoReader.message().contains("読み取れません"));
    assert!(TransportError::Io("HTTP 502".into()).to_string().contains("HTTP 502"));
}
