//! The browser's WebAuthn (`navigator.credentials.create()` / `.get()`) for the phone
//! signing credential, with the `webauthn-rs-proto` conversions: the server's options in,
//! the credential or assertion out, as the server's webauthn-rs reads them.

use domain::phone::webauthn::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential, RequestChallengeResponse,
};
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

fn js_error(e: JsValue) -> WebauthnError {
    match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
        Some(name) if name == "NotAllowedError" || name == "AbortError" => WebauthnError::Cancelled,
        Some(name) if name == "NotSupportedError" || name == "SecurityError" => WebauthnError::Unsupported,
        Some(name) => WebauthnError::Failed(name),
        None => WebauthnError::Failed(format!("{e:?}")),
    }
}

/// Does this browser have WebAuthn at all?
pub fn supported() -> bool {
    js_sys::Reflect::has(&leptos::prelude::window(), &JsValue::from_str("PublicKeyCredential")).unwrap_or(false)
}

fn container() -> Result<web_sys::CredentialsContainer, WebauthnError> {
    if !supported() {
        return Err(WebauthnError::Unsupported);
    }
    Ok(leptos::prelude::window().navigator().credentials())
}

/// `navigator.credentials.create()`: a new credential for the server's options.
pub async fn create(options: CreationChallengeResponse) -> Result<RegisterPublicKeyCredential, WebauthnError> {
    let container = container()?;
    let options: web_sys::CredentialCreationOptions = options.into();
    let promise = container.create_with_options(&options).map_err(js_error)?;
    let value = JsFuture::from(promise).await.map_err(js_error)?;
    let credential: web_sys::PublicKeyCredential =
        value.dyn_into().map_err(|_| WebauthnError::Failed("not a PublicKeyCredential".into()))?;
    Ok(RegisterPublicKeyCredential::from(credential))
}

/// `navigator.credentials.get()`: an assertion for the server's request.
pub async fn get(request: RequestChallengeResponse) -> Result<PublicKeyCredential, WebauthnError> {
    let container = container()?;
    let options: web_sys::CredentialRequestOptions = request.into();
    let promise = container.get_with_options(&options).map_err(js_error)?;
    let value = JsFuture::from(promise).await.map_err(js_error)?;
    let credential: web_sys::PublicKeyCredential =
        value.dyn_into().map_err(|_| WebauthnError::Failed("not a PublicKeyCredential".into()))?;
    Ok(PublicKeyCredential::from(credential))
}
