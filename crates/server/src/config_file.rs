//! The `--config FILE` format: one `key = value` a line, keys named like the flags without
//! `--` (`port = 8443`, `trust-anchors = /etc/myna/jpki-ca.pem`, `tls-in-front = true`).
//! Blank lines and lines starting with `#` are ignored; a `#` later in a line is part of
//! the value (paths may hold one). The value is the rest of the line, trimmed, unquoted;
//! a relative path in it is relative to the working directory, as on the command line.
//! Which keys exist and what their values mean is crate::config's business; this only
//! splits lines, and refuses a key given twice (one of the two would be silently lost).
//!
//! Written by hand: a few lines of this format do not justify a TOML dependency.

use std::collections::HashSet;
use std::path::Path;

/// One setting from the file, with its line number for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub line: usize,
    pub key: String,
    pub value: String,
}

/// Reads and splits `path`; errors name the file (and line).
pub fn read(path: &Path) -> Result<Vec<Entry>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--config: cannot read {}: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}:{e}", path.display()))
}

/// Splits `text` into entries; an error starts with its line number (`3: …`).
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(format!("{line}: expected `key = value`, found {trimmed:?}"));
        };
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            return Err(format!("{line}: no key before `=`"));
        }
        if !seen.insert(key.to_string()) {
            return Err(format!("{line}: {key} is set twice"));
        }
        entries.push(Entry { line, key: key.into(), value: value.into() });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_comments_and_spacing() {
        let text = "# production\n\nport = 8443\n  trust-anchors=/etc/myna/jpki ca#1.pem  \r\ntls-in-front = true\n";
        let e = parse(text).unwrap();
        let got: Vec<(usize, &str, &str)> = e.iter().map(|e| (e.line, e.key.as_str(), e.value.as_str())).collect();
        assert_eq!(
            got,
            [(3, "port", "8443"), (4, "trust-anchors", "/etc/myna/jpki ca#1.pem"), (5, "tls-in-front", "true")]
        );
        assert_eq!(parse("").unwrap(), []);
    }

    #[test]
    fn malformed_lines_are_refused_with_their_number() {
        assert!(parse("port 8443").unwrap_err().starts_with("1: expected `key = value`"));
        assert!(parse("# x\n= 3").unwrap_err().starts_with("2: no key"));
        assert!(parse("port = 1\nport = 2").unwrap_err().starts_with("2: port is set twice"));
    }
}
