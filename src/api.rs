//! Typed client for the backend: one async fn per endpoint, one error type.
//! Pages never build URLs or JSON by hand.

use domain::api::{DemoClock, DemoLogin, DemoPerson, Problem, ProcessReport, SessionInfo};
use domain::license::{HistoryClassValue, HonsekiValue, LicenseResponse};
use gloo_net::http::{Request, RequestBuilder, Response};
use routes::api as paths;
use serde::de::DeserializeOwned;

/// Where the person's face photo is served (only to the logged-in person).
pub const PHOTO_URL: &str = paths::LICENSE_PHOTO;

/// Every failure a page may have to show: the server's problem, or no answer at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status; 0 when the request did not reach the server.
    pub status: u16,
    /// The server's stable problem code (`not_logged_in`, …) or `network`.
    pub code: String,
    /// A Japanese sentence to show.
    pub detail: String,
}

impl ApiError {
    pub fn is_unauthorized(&self) -> bool {
        self.status == 401
    }

    fn network() -> Self {
        ApiError {
            status: 0,
            code: "network".into(),
            detail: "サーバーに接続できませんでした。通信環境を確認して、もう一度お試しください。".into(),
        }
    }

    async fn from_response(resp: Response) -> Self {
        let status = resp.status();
        match resp.json::<Problem>().await {
            Ok(p) => ApiError { status, code: p.code, detail: p.detail },
            Err(_) => ApiError {
                status,
                code: "unexpected".into(),
                detail: format!("予期しないエラーが発生しました（{status}）。時間をおいてもう一度お試しください。"),
            },
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

thread_local! {
    /// When the server last answered (the page's clock, ms): what the idle warning counts from.
    static LAST_ANSWER_MS: std::cell::Cell<f64> = std::cell::Cell::new(js_sys::Date::now());
}

/// When the server last answered a request of this page (ms since the epoch, page clock).
pub fn last_answer_ms() -> f64 {
    LAST_ANSWER_MS.with(|t| t.get())
}

/// A response that is not 2xx becomes the server's problem.
async fn checked(resp: Result<Response, gloo_net::Error>) -> ApiResult<Response> {
    let resp = resp.map_err(|_| ApiError::network())?;
    LAST_ANSWER_MS.with(|t| t.set(js_sys::Date::now()));
    if resp.ok() {
        Ok(resp)
    } else {
        Err(ApiError::from_response(resp).await)
    }
}

async fn send(req: RequestBuilder) -> ApiResult<Response> {
    checked(req.send().await).await
}

async fn json<T: DeserializeOwned>(req: RequestBuilder) -> ApiResult<T> {
    send(req).await?.json::<T>().await.map_err(|_| ApiError::network())
}

async fn json_with_body<B: serde::Serialize, T: DeserializeOwned>(req: RequestBuilder, body: &B) -> ApiResult<T> {
    let req = req.json(body).map_err(|_| ApiError::network())?;
    checked(req.send().await).await?.json::<T>().await.map_err(|_| ApiError::network())
}

pub async fn session() -> ApiResult<SessionInfo> {
    json(Request::get(paths::SESSION)).await
}

pub async fn logout() -> ApiResult<()> {
    send(Request::post(paths::LOGOUT)).await.map(|_| ())
}

pub async fn license() -> ApiResult<LicenseResponse> {
    json(Request::get(paths::LICENSE)).await
}

pub async fn honseki() -> ApiResult<HonsekiValue> {
    json(Request::get(paths::LICENSE_HONSEKI)).await
}

pub async fn history_class() -> ApiResult<HistoryClassValue> {
    json(Request::get(paths::LICENSE_HISTORY_CLASS)).await
}

pub async fn demo_people() -> ApiResult<Vec<DemoPerson>> {
    json(Request::get(paths::DEMO_PEOPLE)).await
}

pub async fn demo_reset() -> ApiResult<()> {
    send(Request::post(paths::DEMO_RESET)).await.map(|_| ())
}

pub async fn demo_login(person: &str) -> ApiResult<SessionInfo> {
    json_with_body(Request::post(paths::DEMO_LOGIN), &DemoLogin { person: person.to_string() }).await
}

pub async fn demo_clock() -> ApiResult<DemoClock> {
    json(Request::get(paths::DEMO_CLOCK)).await
}

pub async fn demo_set_clock(clock: &DemoClock) -> ApiResult<DemoClock> {
    json_with_body(Request::put(paths::DEMO_CLOCK), clock).await
}

/// Demo reader control: the next read of `person`'s card loses the card after `after` APDUs.
pub async fn demo_card_removal(person: &str, after: u32) -> ApiResult<()> {
    let body = domain::api::CardRemoval { person: person.to_string(), after };
    let req = Request::post(paths::DEMO_CARD_REMOVAL).json(&body).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// The next read of `person`'s card stops answering after `after` APDUs (the gallery's
/// waiting and reading states).
pub async fn demo_card_hold(person: &str, after: u32) -> ApiResult<()> {
    let body = domain::api::CardHold { person: person.to_string(), after };
    let req = Request::post(paths::DEMO_CARD_HOLD).json(&body).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// One PIN of `person`'s card with `tries_left` tries (0 locks it).
pub async fn demo_card_pin(person: &str, pin: domain::api::DemoPin, tries_left: u8) -> ApiResult<()> {
    let body = domain::api::DemoCardPin { person: person.to_string(), pin, tries_left };
    let req = Request::post(paths::DEMO_CARD_PIN).json(&body).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

pub async fn demo_process() -> ApiResult<ProcessReport> {
    json(Request::post(paths::DEMO_PROCESS)).await
}

/// 「同意して次へ」 on 「アカウント連携解除の同意確認」.
pub async fn unlink() -> ApiResult<()> {
    send(Request::post(paths::LINK_UNLINK)).await.map(|_| ())
}

// ---- The card contract (docs/CONTRACT-card.md) ----

/// Demo remote reader: one APDU for a virtual card (base64 both ways).
pub async fn card_apdu(body: &domain::card::ApduRequest) -> ApiResult<domain::card::ApduResponse> {
    json_with_body(Request::post(paths::CARD_APDU), body).await
}

/// Demo remote reader: a new read starts (the card is "tapped"); answers 204.
pub async fn card_session(body: &domain::card::CardSession) -> ApiResult<()> {
    let req = Request::post(paths::CARD_SESSION).json(body).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// A single-use login challenge: the DigestInfo the card signs.
pub async fn login_challenge() -> ApiResult<domain::card::Challenge> {
    json(Request::post(paths::LOGIN_CHALLENGE)).await
}

/// Log in with the card's authentication certificate and signature (rotates the session).
pub async fn login_card(body: &domain::card::SignedChallenge) -> ApiResult<SessionInfo> {
    json_with_body(Request::post(paths::LOGIN_CARD), body).await
}

// ---- Applications and notices (SPEC §4.10) ----

/// An id from a URL, made safe to put into an API path (ids are hex; anything else is escaped).
fn path_segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub async fn notices() -> ApiResult<Vec<domain::notices::NoticeSummary>> {
    json(Request::get(paths::NOTICES)).await
}

/// The notice, shown to the person now: marked read first (a POST: the GET itself changes
/// nothing), then read back with its read time.
pub async fn notice(id: &str) -> ApiResult<domain::notices::NoticeDetail> {
    let path = paths::notices_id(path_segment(id));
    send(Request::post(&format!("{path}/read"))).await?;
    json(Request::get(&path)).await
}

/// 「ログイン中の端末」: the person's sessions.
pub async fn sessions() -> ApiResult<Vec<domain::api::SessionEntry>> {
    json(Request::get(paths::SESSIONS)).await
}

/// The card certificates' validity (「連携状況」, issue 30).
pub async fn certificates() -> ApiResult<Vec<domain::card::CertificateValidity>> {
    json(Request::get(paths::CERTIFICATES)).await
}

pub async fn end_session(id: &str) -> ApiResult<()> {
    send(Request::delete(&paths::sessions_id(path_segment(id)))).await.map(|_| ())
}

pub async fn end_other_sessions() -> ApiResult<domain::api::SessionsEnded> {
    json(Request::delete(paths::SESSIONS)).await
}

/// The header's facts (who is logged in, unread notices); answers visitors too.
pub async fn header_info() -> ApiResult<domain::api::HeaderInfo> {
    json(Request::get(paths::HEADER)).await
}

pub async fn applications() -> ApiResult<Vec<domain::applications::ApplicationSummary>> {
    json(Request::get(paths::APPLICATIONS)).await
}

pub async fn application(id: &str) -> ApiResult<domain::applications::ApplicationDetail> {
    json(Request::get(&paths::applications_id(path_segment(id)))).await
}

/// A terms-of-use text shipped as a static file (`public/terms/<name>.txt`).
pub async fn terms_text(name: &str) -> ApiResult<String> {
    let resp = send(Request::get(&format!("/terms/{name}.txt"))).await?;
    resp.text().await.map_err(|_| ApiError::network())
}

// ---- Link (属性連携, manual 2章 ①-1) ----

/// What the steps after the first card read kept on the server (empty when none).
pub async fn link_state() -> ApiResult<domain::link::LinkState> {
    json(Request::get(paths::LINK_STATE)).await
}

/// Step 6: the attributes read, kept by the server for the steps after (204).
pub async fn link_keep_read(attributes: &domain::link::CardAttributes) -> ApiResult<()> {
    let req = Request::put(paths::LINK_STATE).json(attributes).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// 「キャンセル」: the server forgets what the steps kept.
pub async fn link_forget() -> ApiResult<()> {
    send(Request::delete(paths::LINK_STATE)).await.map(|_| ())
}

/// Step 7 「送信」: may these attributes be used to link? (204, or the refusal.)
pub async fn link_check(attributes: &domain::link::CardAttributes) -> ApiResult<()> {
    let req = Request::post(paths::LINK_CHECK).json(attributes).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// Step 8 「同意する」: the agreement the signing key signs at steps 9–10.
pub async fn link_challenge(attributes: &domain::link::CardAttributes) -> ApiResult<domain::card::Challenge> {
    json_with_body(Request::post(paths::LINK_CHALLENGE), attributes).await
}

/// Steps 9–10: the signed agreement; answers the session, now linked.
pub async fn link_complete(body: &domain::link::LinkRequest) -> ApiResult<SessionInfo> {
    json_with_body(Request::post(paths::LINK), body).await
}

// ---- 住所変更ワンストップサービス等 (SPEC §4.7) ----

/// 「現在の状況」: the consent in force, its dates, and whether start/renew is open.
pub async fn onestop_status() -> ApiResult<domain::onestop::OnestopStatus> {
    json(Request::get(paths::ONESTOP)).await
}

/// What the server kept of `flow`'s steps, and its newest application.
pub async fn onestop_steps(flow: domain::onestop::OnestopFlow) -> ApiResult<domain::onestop::OnestopSteps> {
    json(Request::get(&paths::onestop_steps_flow(flow.code()))).await
}

/// 「同意する」 under the flow's terms (the server keeps it for the steps after).
pub async fn onestop_agree(flow: domain::onestop::OnestopFlow) -> ApiResult<()> {
    send(Request::post(&paths::onestop_steps_flow_terms(flow.code()))).await.map(|_| ())
}

/// The items chosen so far (kept for a reload).
pub async fn onestop_keep_items(
    flow: domain::onestop::OnestopFlow,
    items: domain::onestop::ConsentItems,
) -> ApiResult<()> {
    let req = Request::put(&paths::onestop_steps_flow_items(flow.code()))
        .json(&domain::onestop::ConsentSelection { items })
        .map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// The challenge for the chosen items (refused unless at least one is 「同意する」).
pub async fn onestop_consent_challenge(items: domain::onestop::ConsentItems) -> ApiResult<domain::card::Challenge> {
    json_with_body(Request::post(paths::ONESTOP_CONSENT_CHALLENGE), &domain::onestop::ConsentSelection { items }).await
}

/// The signed consent → 受付済. The same `idempotency_key` returns the same application.
pub async fn onestop_consent(
    body: &domain::onestop::SignedConsent,
    idempotency_key: &str,
) -> ApiResult<domain::applications::ApplicationReceipt> {
    json_with_body(Request::post(paths::ONESTOP_CONSENT).header("Idempotency-Key", idempotency_key), body).await
}

pub async fn onestop_cancel_challenge() -> ApiResult<domain::card::Challenge> {
    json(Request::post(paths::ONESTOP_CANCEL_CHALLENGE)).await
}

/// The signed cancellation → 受付済.
pub async fn onestop_cancel(
    body: &domain::card::SignedChallenge,
    idempotency_key: &str,
) -> ApiResult<domain::applications::ApplicationReceipt> {
    json_with_body(Request::post(paths::ONESTOP_CANCEL).header("Idempotency-Key", idempotency_key), body).await
}

/// Demo: the municipality changed someone's 住所・氏名・生年月日 (J-LIS forwards it).
pub async fn demo_jlis_change(body: &domain::onestop::JlisChange) -> ApiResult<domain::onestop::JlisChangeReceipt> {
    json_with_body(Request::post(paths::DEMO_JLIS_CHANGE), body).await
}

// ---- 本籍のオンライン変更 (manual 3章②) ----

/// Where the person stands in the flow, and what its steps kept on the server.
pub async fn honseki_status() -> ApiResult<domain::honseki::HonsekiStatus> {
    json(Request::get(paths::HONSEKI)).await
}

/// Steps 4–6: the 本人情報 read from the card (204).
pub async fn honseki_identity(read: &domain::link::CardAttributes) -> ApiResult<()> {
    let req = Request::post(paths::HONSEKI_IDENTITY).json(read).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

/// Step 8: 本籍 and 筆頭者氏名 from the koseki e-certificate.
pub async fn honseki_koseki() -> ApiResult<domain::honseki::KosekiRecord> {
    json(Request::get(paths::HONSEKI_KOSEKI)).await
}

/// Step 9: 「確認事項に同意する」.
pub async fn honseki_agreement() -> ApiResult<()> {
    send(Request::post(paths::HONSEKI_AGREEMENT)).await.map(|_| ())
}

/// Steps 10–11: the document the signing key signs.
pub async fn honseki_challenge() -> ApiResult<domain::card::Challenge> {
    json(Request::post(paths::HONSEKI_CHALLENGE)).await
}

/// Step 12: the signed application → 受付済. The same `idempotency_key` returns the same one.
pub async fn honseki_submit(
    body: &domain::card::SignedChallenge,
    idempotency_key: &str,
) -> ApiResult<domain::applications::ApplicationReceipt> {
    json_with_body(Request::post(paths::HONSEKI).header("Idempotency-Key", idempotency_key), body).await
}

/// 「中断する」: the server forgets what the steps kept.
pub async fn honseki_forget() -> ApiResult<()> {
    send(Request::delete(paths::HONSEKI_STATE)).await.map(|_| ())
}

// ---- オンライン講習 (manual 3章①) ----

/// 「オンライン講習の受講」: available today (and the class), or 受講不可 and why; done or not.
pub async fn lecture_status() -> ApiResult<domain::lecture::LectureStatus> {
    json(Request::get(paths::LECTURE)).await
}

/// 「受講する」: the single-use ticket into the lecture site.
pub async fn lecture_ticket() -> ApiResult<domain::lecture::LectureTicket> {
    json(Request::post(paths::LECTURE_TICKET)).await
}

/// The lecture site: the ticket becomes its own session (a cookie of its own).
pub async fn lecture_enter(ticket: &str) -> ApiResult<()> {
    let body = domain::lecture::EnterLecture { ticket: ticket.to_string() };
    let req = Request::post(paths::LECTURE_SITE_ENTER).json(&body).map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

pub async fn lecture_attendee() -> ApiResult<domain::lecture::Attendee> {
    json(Request::get(paths::LECTURE_SITE_ATTENDEE)).await
}

pub async fn lecture_language(lang: domain::lecture::Lang) -> ApiResult<()> {
    let req = Request::put(paths::LECTURE_SITE_LANGUAGE)
        .json(&domain::lecture::ChooseLang { lang })
        .map_err(|_| ApiError::network())?;
    checked(req.send().await).await.map(|_| ())
}

pub async fn lecture_chapter(n: u32) -> ApiResult<domain::lecture::Chapter> {
    json(Request::get(&paths::lecture_site_chapters_n(n))).await
}

pub async fn lecture_answer(n: u32, choice: u32) -> ApiResult<domain::lecture::AnswerResult> {
    json_with_body(Request::post(&paths::lecture_site_chapters_n_answer(n)), &domain::lecture::Answer { choice }).await
}

/// A fresh `Idempotency-Key`: time and randomness, unique enough per person.
pub fn new_idempotency_key() -> String {
    let now = js_sys::Date::now() as u64;
    let a = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let b = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("{now:x}-{a:08x}{b:08x}")
}

// ---- スマホ用署名用電子証明書 (the phone signing credential, SPEC §7.3) ----

/// The person's phone credentials and the password's tries left.
pub async fn phone_credentials() -> ApiResult<domain::phone::PhoneCredentials> {
    json(Request::get(paths::PHONE_CREDENTIALS)).await
}

/// The registration document the card signs.
pub async fn phone_registration_challenge() -> ApiResult<domain::card::Challenge> {
    json(Request::post(paths::PHONE_CREDENTIALS_CHALLENGE)).await
}

/// The card's signature and the password → what `navigator.credentials.create()` takes.
pub async fn phone_registration_start(
    body: &domain::phone::RegistrationStart,
) -> ApiResult<domain::phone::RegistrationOptions> {
    json_with_body(Request::post(paths::PHONE_CREDENTIALS_REGISTRATION), body).await
}

/// The credential the browser created, stored.
pub async fn phone_registration_finish(
    body: &domain::phone::RegistrationFinish,
) -> ApiResult<domain::phone::PhoneCredentialInfo> {
    json_with_body(Request::post(paths::PHONE_CREDENTIALS), body).await
}

pub async fn phone_delete(id: &str) -> ApiResult<()> {
    send(Request::delete(&paths::phone_credentials_id(path_segment(id)))).await.map(|_| ())
}

/// The password for a signed step's challenge → the WebAuthn request bound to it.
pub async fn phone_assertion(
    body: &domain::phone::AssertionRequest,
) -> ApiResult<domain::phone::webauthn::RequestChallengeResponse> {
    json_with_body(Request::post(paths::PHONE_CREDENTIALS_ASSERTION), body).await
}
