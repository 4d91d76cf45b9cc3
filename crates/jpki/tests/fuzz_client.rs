//! Property-based fuzzing of the card client (issue 16 §7): whatever answers as a card (a
//! broken reader, a host bridge, a hostile NFC tag) may send anything, so every operation
//! must end in `Ok` or `Err`, never a panic, and what it returns keeps the client's
//! promises. Three kinds of card: one that answers junk from a script, one that answers
//! every command with some status word, and one that serves an arbitrary EF honestly but
//! glitches now and then (which reaches the read loop's every branch); over an honest
//! card, an EF holding one TLV reads back exactly.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::task::{Context, Poll, Waker};

use jpki::apdu::{self, Command, Response};
use jpki::tlv::{self, Parsed};
use jpki::{
    digest_info_sha256, BasicFour, JpkiClient, JpkiError, LocalBoxFuture, PinKind, PinStatus, Sex, Status, Transport,
    TransportError,
};
use proptest::collection::vec;
use proptest::prelude::*;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

/// The client's futures over these transports are ready at once.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("card future pending"),
    }
}

#[derive(Debug, Clone, Copy)]
enum Operation {
    PinTries(PinKind),
    Verify(PinKind),
    ReadBasicFour,
    ReadAuthCert,
    ReadSigningCert,
    SignAuth,
    SignSigning,
}

fn operation() -> impl Strategy<Value = Operation> {
    let kind = prop::sample::select(PinKind::ALL.to_vec());
    prop_oneof![
        kind.clone().prop_map(Operation::PinTries),
        kind.prop_map(Operation::Verify),
        Just(Operation::ReadBasicFour),
        Just(Operation::ReadAuthCert),
        Just(Operation::ReadSigningCert),
        Just(Operation::SignAuth),
        Just(Operation::SignSigning),
    ]
}

/// What an operation gave back, checked outside the future with `prop_assert!`.
enum Outcome {
    Status(PinStatus),
    Verified,
    BasicFour(BasicFour),
    Ef(Vec<u8>),
    Signature(Vec<u8>),
}

async fn run(client: &JpkiClient<'_>, operation: Operation) -> Result<Outcome, JpkiError> {
    let progress = |done: usize, total: usize| assert!(done <= total, "progress {done}/{total}");
    let digest = digest_info_sha256([0xAB; 32]);
    Ok(match operation {
        Operation::PinTries(PinKind::CardInfo) => Outcome::Status(client.card_info_pin_tries().await?),
        Operation::PinTries(PinKind::Auth) => Outcome::Status(client.auth_pin_tries().await?),
        Operation::PinTries(PinKind::Signing) => Outcome::Status(client.signing_pin_tries().await?),
        Operation::Verify(PinKind::CardInfo) => client.verify_card_info_pin("1234").await.map(|_| Outcome::Verified)?,
        Operation::Verify(PinKind::Auth) => client.verify_auth_pin("1234").await.map(|_| Outcome::Verified)?,
        Operation::Verify(PinKind::Signing) => client.verify_signing_pin("ABC123").await.map(|_| Outcome::Verified)?,
        Operation::ReadBasicFour => Outcome::BasicFour(client.read_basic_four(&progress).await?),
        Operation::ReadAuthCert => Outcome::Ef(client.read_auth_certificate(&progress).await?),
        Operation::ReadSigningCert => Outcome::Ef(client.read_signing_certificate(&progress).await?),
        Operation::SignAuth => Outcome::Signature(client.sign_with_auth_key(&digest).await?),
        Operation::SignSigning => Outcome::Signature(client.sign_with_signing_key(&digest).await?),
    })
}

/// The promises every outcome keeps, whatever the card said: a read EF is one whole TLV
/// within READ BINARY's offsets, a signature is not empty, and "tries left" is never 0
/// (0 is reported as locked).
fn check(outcome: &Result<Outcome, JpkiError>) -> Result<(), TestCaseError> {
    match outcome {
        Ok(Outcome::Status(status)) => prop_assert_ne!(*status, PinStatus::Remaining(0)),
        Ok(Outcome::Ef(bytes)) => {
            prop_assert!(bytes.len() <= usize::from(apdu::MAX_READ_OFFSET) + 1);
            match tlv::parse_header(bytes) {
                Parsed::Complete(h) => prop_assert_eq!(h.total_len(), bytes.len()),
                other => prop_assert!(false, "read EF is not one TLV: {other:?}"),
            }
        }
        Ok(Outcome::Signature(signature)) => prop_assert!(!signature.is_empty()),
        Ok(Outcome::Verified | Outcome::BasicFour(_)) => {}
        Err(JpkiError::WrongPin { tries_left, .. }) => prop_assert!(*tries_left >= 1),
        Err(_) => {}
    }
    Ok(())
}

// ---- A card that answers junk ----

/// Answers from a script, then fails like a card taken away.
struct Scripted(RefCell<VecDeque<Vec<u8>>>);

impl Transport for Scripted {
    fn transceive<'a>(&'a self, _apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        let next = self.0.borrow_mut().pop_front().ok_or(TransportError::CardRemoved);
        Box::pin(async move { next })
    }
}

/// Plain 9000, data with 9000 (including DER-like headers), status words, and junk.
fn answer() -> impl Strategy<Value = Vec<u8>> {
    let with_ok = |mut data: Vec<u8>| {
        data.extend_from_slice(&[0x90, 0x00]);
        data
    };
    let header = prop_oneof![
        Just(vec![0x30, 0x82]),
        Just(vec![0x30, 0x83]),
        Just(vec![0xFF, 0x20]),
        Just(vec![0x30]),
        vec(any::<u8>(), 0..4)
    ];
    prop_oneof![
        4 => Just(vec![0x90, 0x00]),
        3 => (header, vec(any::<u8>(), 0..6)).prop_map(move |(h, rest)| with_ok([h, rest].concat())),
        2 => vec(any::<u8>(), 0..260).prop_map(with_ok),
        2 => (0x63C0u16..=0x63CF).prop_map(|sw| sw.to_be_bytes().to_vec()),
        1 => any::<[u8; 2]>().prop_map(|sw| sw.to_vec()),
        1 => vec(any::<u8>(), 0..3),
    ]
}

// ---- A card that answers every status word ----

/// Answers SELECT with 9000 and every other command with the next status word (no data),
/// so each operation meets each status word at the step that reads it.
struct StatusCard(RefCell<VecDeque<u16>>);

impl Transport for StatusCard {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        let answer = if apdu.get(1) == Some(&apdu::INS_SELECT) {
            Ok(vec![0x90, 0x00])
        } else {
            self.0.borrow_mut().pop_front().map(|sw| sw.to_be_bytes().to_vec()).ok_or(TransportError::CardRemoved)
        };
        Box::pin(async move { answer })
    }
}

/// The status words the client tells apart (a uniform u16 would almost never hit them),
/// and any other.
fn status_word() -> impl Strategy<Value = u16> {
    let named = prop::sample::select(vec![
        0x9000, 0x63C0, 0x63C1, 0x63C3, 0x63CF, 0x6983, 0x6984, 0x6982, 0x6A82, 0x6A86, 0x6B00, 0x6700, 0x6C10, 0x6D00,
        0x6E00, 0x6F00,
    ]);
    prop_oneof![3 => named, 1 => any::<u16>()]
}

// ---- A card that serves an arbitrary EF, with glitches ----

/// How one exchange goes wrong.
#[derive(Debug, Clone)]
enum Glitch {
    None,
    Status(u16),
    /// READ BINARY gives fewer bytes than asked (at least one).
    Short(usize),
    /// READ BINARY gives more bytes than asked.
    Long(usize),
    Junk(Vec<u8>),
    Removed,
}

fn glitch() -> impl Strategy<Value = Glitch> {
    prop_oneof![
        12 => Just(Glitch::None),
        1 => any::<u16>().prop_map(Glitch::Status),
        1 => (0x63C0u16..=0x63CF).prop_map(Glitch::Status),
        2 => (1usize..8).prop_map(Glitch::Short),
        1 => (1usize..8).prop_map(Glitch::Long),
        1 => vec(any::<u8>(), 0..4).prop_map(Glitch::Junk),
        1 => Just(Glitch::Removed),
    ]
}

/// Every EF the client reads holds `ef`; every other command succeeds. The glitches
/// apply to the exchanges in order, then the card behaves.
struct FakeCard {
    ef: Vec<u8>,
    glitches: RefCell<VecDeque<Glitch>>,
}

impl FakeCard {
    fn answer(&self, apdu: &[u8]) -> Result<Vec<u8>, TransportError> {
        let command = Command::parse(apdu).expect("the client sends well-formed APDUs");
        let glitch = self.glitches.borrow_mut().pop_front().unwrap_or(Glitch::None);
        let ok = |data: Vec<u8>| Response::new(data, Status::Ok).to_bytes();
        Ok(match glitch {
            Glitch::Removed => return Err(TransportError::CardRemoved),
            Glitch::Junk(bytes) => bytes,
            Glitch::Status(sw) => sw.to_be_bytes().to_vec(),
            _ if command.ins == apdu::INS_SIGN => ok(vec![0x5A; 256]),
            _ if command.ins != apdu::INS_READ_BINARY => ok(Vec::new()),
            glitch => {
                let offset = usize::from(u16::from_be_bytes([command.p1, command.p2]));
                let le = usize::from(command.le.expect("READ BINARY has Le"));
                let want = match glitch {
                    Glitch::Short(less) => le.saturating_sub(less).max(1),
                    Glitch::Long(more) => le + more,
                    _ => le,
                };
                let Some(rest) = self.ef.get(offset..).filter(|r| !r.is_empty()) else {
                    return Ok(0x6B00u16.to_be_bytes().to_vec());
                };
                ok(rest[..want.min(rest.len())].to_vec())
            }
        })
    }
}

impl Transport for FakeCard {
    fn transceive<'a>(&'a self, apdu: &'a [u8]) -> LocalBoxFuture<'a, Result<Vec<u8>, TransportError>> {
        let answer = self.answer(apdu);
        Box::pin(async move { answer })
    }
}

/// An EF's content before the padding: one TLV (of each length form, up to just over
/// what READ BINARY can address), the basic four, or junk.
fn tlv_ef() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop_oneof![Just(vec![0x30]), Just(vec![0xFF, 0x20]), Just(vec![0x04])];
    let len = prop_oneof![0usize..300, 0x7FF0usize..=0x8000];
    (tag, len, any::<u8>()).prop_map(|(tag, len, fill)| tlv::write(&tag, &vec![fill; len]))
}

fn ef() -> impl Strategy<Value = (Vec<u8>, bool)> {
    let person = (".{0,20}", ".{0,40}", any::<bool>()).prop_map(|(name, address, male)| {
        let sex = if male { Sex::Male } else { Sex::Female };
        BasicFour { name, address, birth_date: "19960101".into(), sex }.to_tlv()
    });
    let content = prop_oneof![
        3 => tlv_ef(),
        1 => person,
        1 => vec(any::<u8>(), 0..16),
        1 => prop::sample::select(vec![vec![0x30, 0x83, 0xFF, 0xFF, 0xFF], vec![0x30, 0x80], vec![0x1F, 0xFF, 0xFF]]),
    ];
    (content, 0usize..32, any::<bool>()).prop_map(|(mut ef, pad, glitchy)| {
        ef.extend(std::iter::repeat_n(0u8, pad));
        (ef, glitchy)
    })
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn client_survives_any_card(operation in operation(), answers in vec(answer(), 0..12)) {
        let card = Scripted(RefCell::new(answers.into()));
        check(&block_on(run(&JpkiClient::new(&card), operation)))?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn client_survives_any_status_word(operation in operation(), words in vec(status_word(), 1..4)) {
        let card = StatusCard(RefCell::new(words.into()));
        check(&block_on(run(&JpkiClient::new(&card), operation)))?;
    }

    /// Without glitches, a read returns exactly the EF's one TLV (the padding left out),
    /// and the basic four are what that TLV holds.
    #[test]
    fn client_reads_any_ef((ef, glitchy) in ef(), glitches in vec(glitch(), 0..10), operation in operation()) {
        let card = FakeCard { ef: ef.clone(), glitches: RefCell::new(if glitchy { glitches.into() } else { VecDeque::new() }) };
        let outcome = block_on(run(&JpkiClient::new(&card), operation));
        check(&outcome)?;
        let whole_tlv = match tlv::parse_header(&ef) {
            Parsed::Complete(h) if h.total_len() <= ef.len() && h.total_len() <= 0x8000 => Some(&ef[..h.total_len()]),
            _ => None,
        };
        let (false, Some(tlv)) = (glitchy, whole_tlv) else { return Ok(()) };
        match (operation, &outcome) {
            (Operation::ReadAuthCert | Operation::ReadSigningCert, Ok(Outcome::Ef(read))) => {
                prop_assert_eq!(read.as_slice(), tlv)
            }
            (Operation::ReadAuthCert | Operation::ReadSigningCert, other) => {
                prop_assert!(false, "reading {} bytes: {:?}", tlv.len(), other.as_ref().err())
            }
            (Operation::ReadBasicFour, outcome) => match (BasicFour::from_tlv(tlv), outcome) {
                (Ok(expected), Ok(Outcome::BasicFour(read))) => prop_assert_eq!(read, &expected),
                (Ok(_), other) => prop_assert!(false, "basic four: {:?}", other.as_ref().err()),
                (Err(_), outcome) => prop_assert!(matches!(outcome, Err(JpkiError::Malformed(_)))),
            },
            _ => {}
        }
    }
}
