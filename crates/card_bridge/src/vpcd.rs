//! A card for vsmartcard's virtual PC/SC reader (`vsmartcard-vpcd`): pcscd's vpcd driver
//! listens on a TCP port; the card connects to it. Each frame is a 2-byte big-endian length
//! and its bytes. A 1-byte frame is a control: 0 power off, 1 power on, 2 reset, 4 "send
//! your ATR"; anything longer is a command APDU to answer. Closing the socket is the card
//! leaving the reader.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A T=1 ATR (vsmartcard's own virtual cards use it).
pub const ATR: [u8; 15] = [0x3B, 0x8A, 0x80, 0x01, 0x80, 0x31, 0xF8, 0x73, 0xF7, 0x41, 0xE0, 0x82, 0x90, 0x00, 0x75];

/// What a card does with each command APDU, and with a reset.
pub trait Card {
    fn process(&mut self, apdu: &[u8]) -> Vec<u8>;
    fn reset(&mut self);
}

/// Connects to vpcd at `addr`, retrying until `wait` has passed (pcscd may still be starting).
pub fn connect(addr: SocketAddr, wait: Duration) -> std::io::Result<TcpStream> {
    let deadline = Instant::now() + wait;
    loop {
        match TcpStream::connect(addr) {
            Ok(stream) => {
                stream.set_nodelay(true)?;
                return Ok(stream);
            }
            Err(e) if Instant::now() >= deadline => return Err(e),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    }
}

/// Never pulled off the reader (see [`serve`]'s `remove_after`).
pub const NEVER: usize = usize::MAX;

/// Answers vpcd until it closes the socket, or until `apdus` reaches `remove_after` (then
/// the card is pulled off the reader: the socket is closed, the next APDU unanswered).
/// `apdus` counts every command APDU that came through pcscd.
pub fn serve(
    mut stream: TcpStream,
    card: &mut dyn Card,
    apdus: &AtomicUsize,
    remove_after: &AtomicUsize,
) -> std::io::Result<()> {
    loop {
        let mut len = [0u8; 2];
        match stream.read_exact(&mut len) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let mut frame = vec![0u8; u16::from_be_bytes(len) as usize];
        stream.read_exact(&mut frame)?;
        match frame.as_slice() {
            // Power off and reset both end the card's session; power on needs nothing.
            [0] | [2] => card.reset(),
            [4] => send(&mut stream, &ATR)?,
            [_] => {}
            apdu => {
                if apdus.load(Ordering::SeqCst) >= remove_after.load(Ordering::SeqCst) {
                    return Ok(()); // dropped: the card leaves mid-read
                }
                apdus.fetch_add(1, Ordering::SeqCst);
                let response = card.process(apdu);
                send(&mut stream, &response)?;
            }
        }
    }
}

fn send(stream: &mut TcpStream, bytes: &[u8]) -> std::io::Result<()> {
    let len = u16::try_from(bytes.len()).map_err(|_| std::io::Error::other("response too long"))?;
    let mut frame = Vec::with_capacity(bytes.len() + 2);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(bytes);
    stream.write_all(&frame)
}

/// A card on vpcd, served from a thread of its own.
pub struct Placed {
    /// Command APDUs answered so far.
    pub apdus: Arc<AtomicUsize>,
    /// Set it to a count to pull the card off once that many APDUs were answered.
    pub remove_after: Arc<AtomicUsize>,
    pub thread: std::thread::JoinHandle<std::io::Result<()>>,
}

/// Places `card` on the vpcd reader at `addr` (waiting up to 10 s for pcscd's driver).
pub fn place(addr: SocketAddr, mut card: Box<dyn Card + Send>) -> std::io::Result<Placed> {
    let stream = connect(addr, Duration::from_secs(10))?;
    let apdus = Arc::new(AtomicUsize::new(0));
    let remove_after = Arc::new(AtomicUsize::new(NEVER));
    let (counter, limit) = (apdus.clone(), remove_after.clone());
    let thread = std::thread::spawn(move || serve(stream, card.as_mut(), &counter, &limit));
    Ok(Placed { apdus, remove_after, thread })
}

#[cfg(feature = "virtual-card")]
impl Card for jpki::sim::VirtualCard {
    fn process(&mut self, apdu: &[u8]) -> Vec<u8> {
        jpki::sim::VirtualCard::process(self, apdu)
    }
    fn reset(&mut self) {
        self.reset_session();
    }
}
