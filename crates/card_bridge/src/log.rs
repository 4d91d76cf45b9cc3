//! The bridge's log. APDUs appear only at `trace`, and never one that carries a PIN:
//! VERIFY (INS 0x20) and CHANGE REFERENCE DATA (INS 0x24) are logged by their header and
//! length alone. Responses are logged by status word and length (they carry personal data:
//! the certificates, 基本4情報). The page's JSON is never logged.

use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Info,
    Debug,
    Trace,
}

impl Level {
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "error" => Some(Level::Error),
            "info" => Some(Level::Info),
            "debug" => Some(Level::Debug),
            "trace" => Some(Level::Trace),
            _ => None,
        }
    }
}

/// Lines to stderr, or (tests) to a shared buffer.
#[derive(Clone)]
pub struct Log {
    level: Level,
    sink: Arc<Mutex<Box<dyn Write + Send>>>,
}

impl Log {
    pub fn stderr(level: Level) -> Log {
        Log { level, sink: Arc::new(Mutex::new(Box::new(std::io::stderr()))) }
    }

    pub fn to_writer(level: Level, writer: impl Write + Send + 'static) -> Log {
        Log { level, sink: Arc::new(Mutex::new(Box::new(writer))) }
    }

    pub fn enabled(&self, level: Level) -> bool {
        level <= self.level
    }

    pub fn write(&self, level: Level, line: &str) {
        if self.enabled(level) {
            let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
            let _ = writeln!(sink, "myna-card-bridge {level:?}: {line}");
            let _ = sink.flush();
        }
    }
}

const INS_VERIFY: u8 = 0x20;
const INS_CHANGE_REFERENCE_DATA: u8 = 0x24;

/// True for the commands that carry a PIN in their data.
pub fn carries_pin(apdu: &[u8]) -> bool {
    matches!(apdu.get(1), Some(&INS_VERIFY | &INS_CHANGE_REFERENCE_DATA))
}

/// A command APDU as the log may show it.
pub fn describe_command(apdu: &[u8]) -> String {
    if carries_pin(apdu) {
        let header = hex::encode_upper(&apdu[..apdu.len().min(4)]);
        return format!(
            "> {header} (+{} bytes: a PIN command, its data is never logged)",
            apdu.len().saturating_sub(4)
        );
    }
    format!("> {}", hex::encode_upper(apdu))
}

/// A response APDU as the log may show it: its status word and length only.
pub fn describe_response(response: &[u8]) -> String {
    match response {
        [.., sw1, sw2] => format!("< {} data bytes, SW {sw1:02X}{sw2:02X}", response.len() - 2),
        _ => format!("< {} bytes (no status word)", response.len()),
    }
}

/// A `Write` into shared memory, for tests that read the log back.
#[derive(Clone, Default)]
pub struct SharedBuffer(pub Arc<Mutex<Vec<u8>>>);

impl SharedBuffer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
