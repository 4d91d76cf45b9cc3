//! `ApiJson<T>`: axum's `Json` extractor whose failures are problem+json like every other
//! API error, instead of axum's plain-text rejections — and which refuses JSON nested
//! deeper than [`MAX_DEPTH`] before parsing it (no body of ours nests past a handful of
//! levels; a deep one only costs parse time and stack).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::Json;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Arrays and objects inside one another, at most.
pub const MAX_DEPTH: usize = 16;

pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !crate::security::is_json(req.headers()) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| match e.status() {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            _ => ApiError::InvalidBody(e.body_text()),
        })?;
        if depth(&bytes) > MAX_DEPTH {
            return Err(ApiError::InvalidBody(format!("JSON nested deeper than {MAX_DEPTH}")));
        }
        let Json(value) = Json::<T>::from_bytes(&bytes)?;
        Ok(ApiJson(value))
    }
}

/// The deepest nesting of `[`/`{` in `json`, strings skipped (a malformed text gets some
/// number; the parser refuses it afterwards anyway).
pub fn depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in json {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn counts_nesting_outside_strings() {
        assert_eq!(depth(b"{}"), 1);
        assert_eq!(depth(br#"{"a":[1,{"b":[]}]}"#), 4);
        assert_eq!(depth(br#"{"a":"[[[[{{{{"}"#), 1, "brackets in a string do not count");
        assert_eq!(depth(br#"{"a":"\"[[[["}"#), 1, "nor after an escaped quote");
        assert_eq!(depth(br#"["\\",[[]]]"#), 3, "an escaped backslash ends the escape");
        assert_eq!(depth(&[b'['; 100_000]), 100_000);
        assert_eq!(depth(b"12"), 0);
    }
}
