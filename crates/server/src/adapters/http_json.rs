//! The one HTTP client of the external systems' contracts (docs/CONTRACT-registry.md):
//! JSON over HTTP/1.1, a deadline per request (connect, send and the whole answer), bounded
//! retries with a doubling pause for what a later try can cure (no connection, the
//! deadline, 429/5xx), `Retry-After` honoured up to a bound, and the answer's size capped.
//!
//! Only writes that carry an idempotency key are retried ([`JsonClient::put_idempotent`]),
//! besides reads: a repeated write with the same key is the same write on the other side.
//!
//! Plain `http://` only: no TLS client is built into the server. In production the URL
//! names the operator's TLS gateway on the local host or network (README "Production").

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderValue, Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::rt::TokioIo;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The largest answer read (a licence record is a few kilobytes).
const ANSWER_MAX: usize = 256 * 1024;
/// The longest `Retry-After` pause honoured within one call; a longer outage is the
/// worker's to wait out (its next attempt).
const RETRY_AFTER_MAX: Duration = Duration::from_secs(2);
/// Tries per call, and the pause after the first failed one (doubling).
pub const TRIES: u32 = 3;
pub const FIRST_PAUSE: Duration = Duration::from_millis(250);

/// Where a contract's server is: `http://HOST:PORT/BASE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    host: String,
    port: u16,
    /// The path prefix without its trailing `/` (`""` at the root).
    base: String,
}

impl Endpoint {
    /// An `http://` URL without query, fragment or user info.
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let uri: Uri = url.parse().map_err(|_| format!("not a URL: {url}"))?;
        match uri.scheme_str() {
            Some("http") => {}
            Some("https") => {
                return Err(format!(
                    "{url}: https is not built in; name the TLS gateway in front of the service \
                     (http://HOST:PORT on the local host or network, README \"Production\")"
                ))
            }
            _ => return Err(format!("{url}: an http:// URL is needed")),
        }
        let authority = uri.authority().ok_or_else(|| format!("{url}: no host"))?;
        if authority.as_str().contains('@') || uri.query().is_some() {
            return Err(format!("{url}: no user, password or query, please"));
        }
        let host = authority.host().trim_start_matches('[').trim_end_matches(']').to_string();
        Ok(Endpoint {
            host,
            port: authority.port_u16().unwrap_or(80),
            base: uri.path().trim_end_matches('/').to_string(),
        })
    }

    fn authority(&self) -> String {
        match self.host.contains(':') {
            true => format!("[{}]:{}", self.host, self.port),
            false => format!("{}:{}", self.host, self.port),
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "http://{}{}", self.authority(), self.base)
    }
}

/// A path segment with everything but unreserved characters percent-encoded.
pub fn segment(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Why a call failed, after its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No answer in time, no connection, or 429/5xx on every try.
    Unavailable(String),
    /// A 4xx answer (not 429): the problem's `code` (empty when it sent none).
    Refused { status: u16, code: String },
    /// An answer outside the contract.
    Contract(String),
}

/// A 2xx answer.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, CallError> {
        serde_json::from_slice(&self.body).map_err(|e| CallError::Contract(format!("answer body: {e}")))
    }
}

/// One contract's client; cheap to clone.
#[derive(Clone, Debug)]
pub struct JsonClient {
    endpoint: Endpoint,
    timeout: Duration,
    tries: u32,
    first_pause: Duration,
}

/// One try's failure: whether another try may cure it.
enum Failure {
    Retry { why: String, after: Option<Duration> },
    Final(CallError),
}

impl JsonClient {
    pub fn new(endpoint: Endpoint, timeout: Duration) -> JsonClient {
        JsonClient { endpoint, timeout, tries: TRIES, first_pause: FIRST_PAUSE }
    }

    pub fn with_backoff(mut self, tries: u32, first_pause: Duration) -> JsonClient {
        (self.tries, self.first_pause) = (tries.max(1), first_pause);
        self
    }

    /// A read; retried.
    pub async fn get(&self, path: &str) -> Result<Answer, CallError> {
        self.call(Method::GET, path, None, None).await
    }

    /// A write carrying `Idempotency-Key: key`; retried, since the key makes a repeat the
    /// same write.
    pub async fn put_idempotent(&self, path: &str, key: &str, body: &impl Serialize) -> Result<Answer, CallError> {
        let body = serde_json::to_vec(body).map_err(|e| CallError::Contract(format!("request body: {e}")))?;
        self.call(Method::PUT, path, Some(key), Some(Bytes::from(body))).await
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Bytes>,
    ) -> Result<Answer, CallError> {
        let mut pause = self.first_pause;
        let mut last = String::new();
        for attempt in 1..=self.tries {
            let once = self.once(method.clone(), path, key, body.clone());
            let failure = match tokio::time::timeout(self.timeout, once).await {
                Ok(Ok(answer)) => return Ok(answer),
                Ok(Err(failure)) => failure,
                Err(_) => Failure::Retry { why: format!("no answer within {:?}", self.timeout), after: None },
            };
            match failure {
                Failure::Final(e) => return Err(e),
                Failure::Retry { why, after } => {
                    tracing::warn!(endpoint = %self.endpoint, %path, attempt, %why, "external call failed");
                    last = why;
                    if attempt < self.tries {
                        tokio::time::sleep(after.map_or(pause, |a| a.min(RETRY_AFTER_MAX))).await;
                        pause *= 2;
                    }
                }
            }
        }
        Err(CallError::Unavailable(format!("{} tries: {last}", self.tries)))
    }

    async fn once(
        &self,
        method: Method,
        path: &str,
        key: Option<&str>,
        body: Option<Bytes>,
    ) -> Result<Answer, Failure> {
        let retry = |why: String| Failure::Retry { why, after: None };
        let stream = tokio::net::TcpStream::connect((self.endpoint.host.as_str(), self.endpoint.port))
            .await
            .map_err(|e| retry(format!("connect: {e}")))?;
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| retry(format!("handshake: {e}")))?;
        // Drives the connection; dropped (and closed) with the answer read.
        let driver = tokio::spawn(connection);
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.endpoint.base))
            .header(header::HOST, self.endpoint.authority())
            .header(header::ACCEPT, "application/json");
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        if let Some(key) = key {
            let value = HeaderValue::from_str(key).map_err(|_| Failure::Final(CallError::Contract("key".into())))?;
            request = request.header("idempotency-key", value);
        }
        let request = request
            .body(Full::new(body.unwrap_or_default()))
            .map_err(|e| Failure::Final(CallError::Contract(format!("request: {e}"))))?;
        let response = sender.send_request(request).await.map_err(|e| retry(format!("send: {e}")))?;
        let status = response.status();
        let after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let body = Limited::new(response.into_body(), ANSWER_MAX)
            .collect()
            .await
            .map_err(|e| retry(format!("answer: {e}")))?
            .to_bytes();
        driver.abort();
        if status.is_success() {
            return Ok(Answer { status, body });
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(Failure::Retry { why: format!("answered {status}"), after });
        }
        let code = serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| v.get("code").and_then(|c| c.as_str()).map(str::to_string))
            .unwrap_or_default();
        if status.is_client_error() {
            Err(Failure::Final(CallError::Refused { status: status.as_u16(), code }))
        } else {
            Err(Failure::Final(CallError::Contract(format!("answered {status}"))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoint_is_a_plain_http_url() {
        let e = Endpoint::parse("http://127.0.0.1:9000/registry/").unwrap();
        assert_eq!((e.host.as_str(), e.port, e.base.as_str()), ("127.0.0.1", 9000, "/registry"));
        assert_eq!(e.to_string(), "http://127.0.0.1:9000/registry");
        assert_eq!(Endpoint::parse("http://[::1]:81").unwrap().authority(), "[::1]:81");
        assert!(Endpoint::parse("https://registry.example.jp").unwrap_err().contains("TLS gateway"));
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("http://u:p@x/").is_err());
        assert!(Endpoint::parse("registry").is_err());
    }

    #[test]
    fn segments_are_percent_encoded() {
        assert_eq!(segment("taro"), "taro");
        assert_eq!(segment("a/b c"), "a%2Fb%20c");
    }
}
