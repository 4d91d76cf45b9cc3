//! The browser's WebAuthn (`navigator.credentials.create()` / `.get()`) for the phone
//! signing credential. The server's options arrive as the `webauthn-rs-proto` types; they
//! reach the browser through WebAuthn's own JSON forms
//! (`PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON`, and
//! the credential's `toJSON()`), which are the same base64url JSON the proto types read.
//!
//! Why not the proto crate's `wasm` feature (its `web-sys` conversions): wasm-bindgen writes
//! one JS glue file for every lazy group, and those conversions' bindings (web-sys
//! credential types, serde-wasm-bindgen) added about 640 B brotli to the first view, which
//! has no room for them (docs/PERFORMANCE.md). Through `Reflect` and `JSON` the bindings
//! used are ones the app already has.

use domain::phone::webauthn::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};
use js_sys::{Function, Object, Promise, Reflect, JSON};
use leptos::prelude::window;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why the browser gave no credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebauthnError {
    /// No WebAuthn here (an old browser, an insecure page).
    Unsupported,
    /// The person cancelled the phone's prompt, or it timed out.
    Cancelled,
    /// Anything else, for the logs.
    Failed(String),
}

pub const UNSUPPORTED: &str =
    "この端末またはブラウザーでは、スマホ用署名用電子証明書を使えません。マイナンバーカードをご利用ください。";
pub const CANCELLED: &str = "スマートフォンでの本人確認（指紋・顔認証や画面ロックの解除）が取り消されたか、時間内に終わりませんでした。もう一度お試しください。";

impl WebauthnError {
    pub fn message(&self) -> String {
        match self {
            WebauthnError::Unsupported => UNSUPPORTED.into(),
            WebauthnError::Cancelled => CANCELLED.into(),
            WebauthnError::Failed(_) => {
                "スマートフォンの電子証明書を使えませんでした。もう一度お試しいただくか、マイナンバーカードをご利用ください。"
                    .into()
            }
        }
    }
}

/// A rejected promise or a thrown error: its DOMException name says which.
fn js_error(e: JsValue) -> WebauthnError {
    let name = Reflect::get(&e, &JsValue::from_str("name")).ok().and_then(|n| n.as_string());
    match name.as_deref() {
        Some("NotAllowedError" | "AbortError") => WebauthnError::Cancelled,
        Some("NotSupportedError" | "SecurityError") => WebauthnError::Unsupported,
        Some(other) => WebauthnError::Failed(other.to_string()),
        None => WebauthnError::Failed(format!("{e:?}")),
    }
}

fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    property(target, name).filter(JsValue::is_function).map(JsCast::unchecked_into)
}

/// `PublicKeyCredential`, when it has the JSON forms this module needs.
fn public_key_credential() -> Option<JsValue> {
    let class = property(&window(), "PublicKeyCredential")?;
    method(&class, "parseRequestOptionsFromJSON")?;
    method(&class, "parseCreationOptionsFromJSON")?;
    Some(class)
}

/// Does this browser have WebAuthn (with its JSON forms)?
pub fn supported() -> bool {
    public_key_credential().is_some()
}

/// Serde value → JS object, without `null` members (WebIDL refuses `null` for sequences).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, WebauthnError> {
    fn drop_nulls(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(drop_nulls);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(drop_nulls),
            _ => {}
        }
    }
    let mut json = serde_json::to_value(value).map_err(|e| WebauthnError::Failed(e.to_string()))?;
    drop_nulls(&mut json);
    JSON::parse(&json.to_string()).map_err(js_error)
}

fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, WebauthnError> {
    let text: String = JSON::stringify(value).map_err(js_error)?.into();
    serde_json::from_str(&text).map_err(|e| WebauthnError::Failed(e.to_string()))
}

/// `navigator.credentials[call]({publicKey: PublicKeyCredential[parse](public_key)})`, the
/// credential as its `toJSON()`.
async fn ceremony(call: &str, parse: &str, public_key: JsValue) -> Result<JsValue, WebauthnError> {
    let class = public_key_credential().ok_or(WebauthnError::Unsupported)?;
    let parse = method(&class, parse).ok_or(WebauthnError::Unsupported)?;
    let options = parse.call1(&class, &public_key).map_err(js_error)?;
    let wrapper = Object::new();
    Reflect::set(&wrapper, &JsValue::from_str("publicKey"), &options).map_err(js_error)?;
    let credentials = property(&window().navigator(), "credentials").ok_or(WebauthnError::Unsupported)?;
    let run = method(&credentials, call).ok_or(WebauthnError::Unsupported)?;
    let promise: Promise = run.call1(&credentials, &wrapper).map_err(js_error)?.unchecked_into();
    let credential = JsFuture::from(promise).await.map_err(js_error)?;
    let to_json = method(&credential, "toJSON").ok_or(WebauthnError::Unsupported)?;
    to_json.call0(&credential).map_err(js_error)
}

/// `navigator.credentials.create()`: a new credential for the server's options.
pub async fn create(options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, WebauthnError> {
    let public_key = to_js(&options.public_key)?;
    from_js(&ceremony("create", "parseCreationOptionsFromJSON", public_key).await?)
}

/// `navigator.credentials.get()`: an assertion for the server's request.
pub async fn get(request: RequestChallengeResponse) -> Result<PublicKeyCredential, WebauthnError> {
    let public_key = to_js(&request.public_key)?;
    from_js(&ceremony("get", "parseRequestOptionsFromJSON", public_key).await?)
}
