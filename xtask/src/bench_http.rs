//! Just enough HTTP/1.1 for the bench's setup calls to its own servers on loopback
//! (demo login, the licence JSON, probing a route): one request per connection.

use crate::Result;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// `__Host-session=…` from the Set-Cookie header, ready for a Cookie header.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split(';').next())
            .find(|pair| pair.trim_start().starts_with("__Host-session="))
            .map(|pair| pair.trim().to_string())
    }
}

/// `method path` on 127.0.0.1:port with the given extra headers and body.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Result<Response> {
    let fail = |e: std::io::Error| format!("{method} http://127.0.0.1:{port}{path}: {e}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(fail)?;
    stream.set_read_timeout(Some(Duration::from_secs(30))).map_err(fail)?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).map_err(fail)?;
    stream.write_all(body).map_err(fail)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(fail)?;
    parse(&raw).ok_or_else(|| format!("{method} {path}: malformed answer"))
}

pub fn get(port: u16, path: &str, cookie: Option<&str>) -> Result<Response> {
    match cookie {
        Some(c) => request(port, "GET", path, &[("Cookie", c)], b""),
        None => request(port, "GET", path, &[], b""),
    }
}

/// POST /api/demo/login as `person`; the session cookie.
pub fn demo_login(port: u16, person: &str) -> Result<String> {
    let body = format!("{{\"person\":\"{person}\"}}");
    let res = request(port, "POST", "/api/demo/login", &[("Content-Type", "application/json")], body.as_bytes())?;
    if res.status != 200 {
        return Err(format!("POST /api/demo/login as {person} answered {}: {}", res.status, res.text()));
    }
    res.session_cookie().ok_or_else(|| "POST /api/demo/login set no session cookie".to_string())
}

fn parse(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect();
    let rest = &raw[split + 4..];
    let chunked =
        headers.iter().any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(rest)? } else { rest.to_vec() };
    Some(Response { status, headers, body })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_answers() {
        let r = parse(b"HTTP/1.1 200 OK\r\nSet-Cookie: __Host-session=ab12; Path=/; HttpOnly; Secure\r\nContent-Length: 2\r\n\r\nok")
            .unwrap();
        assert_eq!((r.status, r.text().as_str()), (200, "ok"));
        assert_eq!(r.session_cookie().as_deref(), Some("__Host-session=ab12"));
        let r = parse(b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
            .unwrap();
        assert_eq!((r.status, r.text().as_str()), (201, "abcde"));
    }
}
