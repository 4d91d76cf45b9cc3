//! The portal's public origin (`--public-origin`, issue 24): the one scheme, host and port
//! browsers reach it at. The WebAuthn RP ID and allowed origin come from it and the CSRF
//! gate compares a request's `Origin` with it exactly — never with the request's own
//! `Host`/`Origin`, which a client writes. Required in production; a demo is its own
//! `http://localhost:PORT`.

use webauthn_rs::prelude::Url;

/// A configured origin: parsed once, with its serialisation for exact comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicOrigin {
    url: Url,
    /// `scheme://host[:port]`, lower case, the scheme's default port left out (what a
    /// browser sends as `Origin`).
    text: String,
}

impl PublicOrigin {
    /// `http(s)://host[:port]`, nothing more (a trailing `/` is allowed).
    pub fn parse(text: &str) -> Result<PublicOrigin, String> {
        let url = Url::parse(text.trim()).map_err(|e| format!("not an origin ({e}): {text}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!("an origin is http:// or https://, not {text}"));
        }
        if url.host().is_none()
            || !url.username().is_empty()
            || url.password().is_some()
            || url.path() != "/"
            || url.query().is_some()
            || url.fragment().is_some()
        {
            return Err(format!("an origin is scheme://host[:port] only: {text}"));
        }
        let text = url.origin().ascii_serialization();
        Ok(PublicOrigin { url, text })
    }

    /// The demo's own origin: `http://localhost:PORT`.
    pub fn localhost(port: u16) -> PublicOrigin {
        PublicOrigin::parse(&format!("http://localhost:{port}")).expect("a valid origin")
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Does an `Origin` header name exactly this origin (scheme, host and port)?
    pub fn matches(&self, origin_header: &str) -> bool {
        match PublicOrigin::parse(origin_header) {
            Ok(o) => o.text == self.text && !origin_header.trim_end().ends_with('/'),
            Err(_) => false,
        }
    }
}

impl std::fmt::Display for PublicOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_is_scheme_host_and_port_only() {
        assert_eq!(PublicOrigin::parse("https://Portal.Example.JP").unwrap().as_str(), "https://portal.example.jp");
        assert_eq!(
            PublicOrigin::parse("https://portal.example.jp:443/").unwrap().as_str(),
            "https://portal.example.jp"
        );
        assert_eq!(PublicOrigin::localhost(8097).as_str(), "http://localhost:8097");
        for bad in ["portal.example.jp", "ftp://x.jp", "https://x.jp/path", "https://u@x.jp", "https://x.jp?q", "null"]
        {
            assert!(PublicOrigin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_the_exact_origin_matches() {
        let o = PublicOrigin::parse("http://localhost:8080").unwrap();
        assert!(o.matches("http://localhost:8080"));
        assert!(o.matches("HTTP://LOCALHOST:8080"));
        for other in [
            "http://localhost:9999",
            "https://localhost:4444",
            "https://localhost:8080",
            "http://localhost",
            "http://evil.example:8080",
            "http://127.0.0.1:8080",
            "http://localhost:8080/",
            "null",
            "",
        ] {
            assert!(!o.matches(other), "{other}");
        }
        let https = PublicOrigin::parse("https://portal.example.jp").unwrap();
        assert!(https.matches("https://portal.example.jp"));
        assert!(https.matches("https://portal.example.jp:443"), "the default port written out is the same origin");
        assert!(!https.matches("http://portal.example.jp"));
    }
}
