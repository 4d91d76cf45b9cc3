//! The card step every card-using flow shares (SPEC §4.8): PIN dialog → card-read screen
//! (`?step=card`, its own URL) → done, or back to the PIN dialog with the tries the card
//! reported, or the locked state. Flows (login, link, honseki, one-stop) create a
//! [`CardFlow`] with [`CardFlow::with_device_reader`] (the bridge picks this device's reader
//! in the background), give it what to do with the card ([`CardFlow::set_action`]) and wrap
//! their page in [`super::card_flow_view::CardFlowView`]; the action calls
//! [`CardAccess::read_card_info`] or [`CardAccess::answer`] (a server challenge signed),
//! in card_access.rs.
//!
//! A signing step where the manual shows the phone signing credential
//! (スマホ用署名用電子証明書: linking step 9, 本籍 step 11 with koseki history, the one-stop
//! signatures) calls [`CardFlow::offer_phone`]: for a person with a registered credential
//! the step then opens the phone screen (phone_dialog.rs) instead of the PIN dialog, whose
//! 「電子署名する」 runs the same action with the password ([`CardAccess::phone`]) and no
//! card read, and whose 「お手元のカードを利用する」 goes on to the PIN dialog and the card.
//!
//! The PIN lives in memory only, between 「次へ」 and the end of the read; a reload of the
//! card-read URL therefore returns to the flow's page with a message.

use std::rc::Rc;

use jpki::{JpkiError, Pin, PinKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

pub use super::card_access::{CardAccess, CardAction, FlowError};
use super::status::StatusText;
use crate::bridge::{CardReader, ReaderKind, NO_READER};

// ---- The step machine: its states and decisions are pure (crates/domain card_step.rs,
// tested there); this file keeps them in signals and does what they decide. ----

use domain::card_step::{self as step, Open, PhoneNext, ReadEnd, UrlChange};
pub use domain::card_step::{PhoneOffer, PhoneState, PinNotice, ReadState, Screen};

/// The router's navigate function, kept so the flow can move between its URLs.
pub(super) type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// The state of one card step; `Copy`, so closures and child components share it.
#[derive(Clone, Copy)]
pub struct CardFlow {
    pub kind: PinKind,
    pub(super) screen: RwSignal<Screen>,
    pub(super) dialog: RwSignal<bool>,
    pub(super) notice: RwSignal<Option<PinNotice>>,
    pub(super) read: RwSignal<ReadState>,
    /// The card-read screen's live region.
    pub(super) status: RwSignal<Option<StatusText>>,
    /// The flow page's live region.
    pub(super) page_status: RwSignal<Option<StatusText>>,
    pin: StoredValue<Option<Pin>>,
    /// This device's reader as the bridge picked it: `None` while picking, then
    /// `Some(None)` when nothing here can read a card.
    picked: RwSignal<Option<Option<ReaderKind>>>,
    /// The opener of a PIN dialog asked for while the reader was still being picked.
    open_when_picked: StoredValue<Option<Option<String>>>,
    /// The card-read URL was pushed by us (so 「← パスワードの入力」 can go back).
    pushed: StoredValue<bool>,
    /// The `id` of the control that opened the dialog; focus returns there.
    opener: StoredValue<Option<String>>,
    pub(super) phone: RwSignal<PhoneOffer>,
    pub(super) phone_dialog: RwSignal<bool>,
    pub(super) phone_state: RwSignal<PhoneState>,
    /// The opener of a step opened while the phone offer was still being asked.
    open_when_phone: StoredValue<Option<Option<String>>>,
    reader: StoredValue<Option<Rc<dyn CardReader>>, LocalStorage>,
    action: StoredValue<Option<CardAction>, LocalStorage>,
    pub(super) navigate: StoredValue<Option<Navigate>, LocalStorage>,
}

/// The current URL with `step=card` added or removed (other query parameters kept).
fn step_url(card: bool) -> String {
    let location = window().location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let search = location.search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return path };
    if card {
        params.set("step", "card");
    } else {
        params.delete("step");
    }
    let query: String = params.to_string().into();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// The server's refusal code, if the server refused.
fn server_code(e: &FlowError) -> Option<&str> {
    match e {
        FlowError::Server(e) => Some(e.code.as_str()),
        _ => None,
    }
}

/// Focus an element by id (after the DOM has settled).
pub fn focus_id_later(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

impl CardFlow {
    /// A card step with this device's reader, which the bridge picks in the background;
    /// [`CardFlow::open`] waits for it.
    pub fn with_device_reader(kind: PinKind) -> CardFlow {
        let flow = CardFlow::new(kind);
        spawn_local(async move {
            let reader = crate::bridge::reader().await;
            if flow.picked.is_disposed() {
                return;
            }
            flow.picked.set(Some(reader.as_ref().map(|r| r.kind())));
            flow.set_reader(reader);
            if let Some(opener) = flow.open_when_picked.try_update_value(Option::take).flatten() {
                flow.open_card(opener);
            }
        });
        flow
    }

    fn new(kind: PinKind) -> CardFlow {
        CardFlow {
            kind,
            screen: RwSignal::new(Screen::Page),
            dialog: RwSignal::new(false),
            notice: RwSignal::new(None),
            read: RwSignal::new(ReadState::Ready),
            status: RwSignal::new(None),
            page_status: RwSignal::new(None),
            pin: StoredValue::new(None),
            picked: RwSignal::new(None),
            open_when_picked: StoredValue::new(None),
            pushed: StoredValue::new(false),
            opener: StoredValue::new(None),
            phone: RwSignal::new(PhoneOffer::Off),
            phone_dialog: RwSignal::new(false),
            phone_state: RwSignal::new(PhoneState::Ready),
            open_when_phone: StoredValue::new(None),
            reader: StoredValue::new_local(None),
            action: StoredValue::new_local(None),
            navigate: StoredValue::new_local(None),
        }
    }

    fn set_reader(&self, reader: Option<Rc<dyn CardReader>>) {
        self.reader.set_value(reader);
    }

    /// `None` while the bridge is still picking this device's reader, then its kind
    /// (`Some(None)`: nothing here can read a card).
    pub fn device_reader(&self) -> Option<Option<ReaderKind>> {
        self.picked.get()
    }

    pub fn set_action(&self, action: CardAction) {
        self.action.set_value(Some(action));
    }

    pub fn reader_kind(&self) -> Option<ReaderKind> {
        self.reader.with_value(|r| r.as_ref().map(|r| r.kind()))
    }

    /// The URL of the flow's page (where the PIN dialog opens).
    pub(super) fn pin_step_url(&self) -> String {
        step_url(false)
    }

    /// Demo mode: whose virtual card the remote reader uses (see [`CardReader::use_demo_person`]).
    pub fn use_demo_person(&self, person: Option<String>) {
        self.reader.with_value(|r| {
            if let Some(r) = r {
                r.use_demo_person(person)
            }
        });
    }

    pub fn notice(&self) -> Option<PinNotice> {
        self.notice.get()
    }

    pub fn dialog_open(&self) -> bool {
        self.dialog.get()
    }

    /// Forget what the card said (another card was chosen).
    pub fn reset(&self) {
        self.notice.set(None);
        self.pin.set_value(None);
        self.read.set(ReadState::Ready);
        self.status.set(None);
    }

    /// Offer the phone signing credential on this (signing) step: asks the server whether
    /// the person has one; [`CardFlow::open`] then opens the phone screen for them.
    pub fn offer_phone(&self) {
        if self.phone.get_untracked() != PhoneOffer::Off || self.kind != PinKind::Signing {
            return;
        }
        self.phone.set(PhoneOffer::Loading);
        let flow = *self;
        spawn_local(async move {
            let offer = match crate::api::phone_credentials().await {
                Ok(p) if p.registered() => PhoneOffer::Registered { locked: p.locked() },
                _ => PhoneOffer::NotRegistered,
            };
            if flow.phone.is_disposed() {
                return;
            }
            flow.phone.set(offer);
            if let Some(opener) = flow.open_when_phone.try_update_value(Option::take).flatten() {
                flow.open(opener);
            }
        });
    }

    /// Open the step from the control with id `opener`: the phone screen for a person with
    /// a phone credential (when offered), else the PIN dialog.
    pub fn open(&self, opener: Option<String>) {
        self.open_as(step::open(self.phone.get_untracked(), self.reader_state()), opener);
    }

    /// `None` while the reader is being picked, then whether there is one.
    fn reader_state(&self) -> Option<bool> {
        self.picked.get_untracked().map(|_| self.reader.with_value(|r| r.is_some()))
    }

    /// Does what opening the step from `opener` leads to.
    fn open_as(&self, open: Open, opener: Option<String>) {
        match open {
            Open::AwaitPhoneOffer => self.open_when_phone.set_value(Some(opener)),
            Open::AwaitReader => self.open_when_picked.set_value(Some(opener)),
            Open::Phone { locked } => {
                self.opener.set_value(opener);
                self.page_status.set(None);
                self.phone_state.set(if locked { PhoneState::Locked } else { PhoneState::Ready });
                self.phone_dialog.set(true);
            }
            Open::NoReader => {
                self.opener.set_value(opener);
                self.page_status.set(Some(StatusText::Error(NO_READER.into())));
            }
            Open::PinDialog => {
                self.opener.set_value(opener);
                self.page_status.set(None);
                self.dialog.set(true);
            }
        }
    }

    /// 「お手元のカードを利用する」: from the phone screen to the PIN dialog and the card.
    pub fn use_card(&self) {
        self.phone_dialog.set(false);
        self.open_card(self.opener.get_value());
    }

    /// × / Esc on the phone screen: closed, focus back to the opener.
    pub fn close_phone(&self) {
        if !self.phone_dialog.get_untracked() {
            return;
        }
        self.phone_dialog.set(false);
        if let Some(id) = self.opener.get_value() {
            focus_id_later(id);
        }
    }

    /// 「電子署名する」 with a well-formed password: the step's action, answered by the phone.
    pub(super) fn sign_with_phone(&self, password: Pin) {
        if self.phone_state.get_untracked() == PhoneState::Signing {
            return;
        }
        let Some(action) = self.action.get_value() else { return };
        self.phone_state.set(PhoneState::Signing);
        let flow = *self;
        spawn_local(async move {
            let result = action(CardAccess::phone(password)).await;
            // The page may be gone (the action navigated to the next step).
            if flow.phone_state.is_disposed() {
                return;
            }
            let next = step::after_phone_signature(result.as_ref().map(|_| ()).map_err(server_code));
            let state = match next {
                PhoneNext::Ready => PhoneState::Ready,
                PhoneNext::Locked => {
                    flow.phone.set(PhoneOffer::Registered { locked: true });
                    PhoneState::Locked
                }
                PhoneNext::UseCard => {
                    // Deleted meanwhile (on another device): the card, as for anyone without.
                    flow.phone.set(PhoneOffer::NotRegistered);
                    flow.use_card();
                    PhoneState::Ready
                }
                PhoneNext::Refused => PhoneState::Refused(result.err().map(|e| e.message()).unwrap_or_default()),
            };
            flow.phone_state.set(state);
        });
    }

    /// Open the PIN dialog from the control with id `opener` (once the reader is picked);
    /// without a reader, say so.
    fn open_card(&self, opener: Option<String>) {
        self.open_as(step::open_card(self.reader_state()), opener);
    }

    /// × / Esc / 閉じる: close and give focus back to the opener.
    pub fn close_dialog(&self) {
        if !self.dialog.get_untracked() {
            return;
        }
        self.dialog.set(false);
        if let Some(id) = self.opener.get_value() {
            focus_id_later(id);
        }
    }

    /// 「やめる」: close without trying the PIN (the card's tries are untouched) and say so.
    pub fn stop(&self) {
        self.close_dialog();
        self.page_status.set(Some(StatusText::Info(super::pin_texts::STOPPED.into())));
    }

    fn go(&self, url: &str, replace: bool) {
        if let Some(navigate) = self.navigate.get_value() {
            navigate(url, NavigateOptions { replace, ..Default::default() });
        }
    }

    /// 「次へ」 with a well-formed PIN: on to the card-read screen.
    pub(super) fn submit_pin(&self, pin: Pin) {
        self.pin.set_value(Some(pin));
        self.read.set(ReadState::Ready);
        self.status.set(None);
        self.dialog.set(false);
        self.pushed.set_value(true);
        self.go(&step_url(true), false);
    }

    /// Back to the PIN dialog (「← パスワードの入力」, a wrong PIN, a lock).
    pub(super) fn back_to_pin(&self) {
        if self.pushed.get_value() {
            self.pushed.set_value(false);
            if window().history().and_then(|h| h.back()).is_ok() {
                return;
            }
        }
        self.go(&step_url(false), true);
    }

    /// The URL says where we are: keep the screens in step with it (back button, reload).
    pub(super) fn follow_url(&self, on_card: bool) {
        let has_pin = self.pin.with_value(|p| p.is_some());
        match step::follow_url(on_card, has_pin, self.screen.get_untracked(), self.read.get_untracked()) {
            UrlChange::ShowCard => self.screen.set(Screen::Card),
            UrlChange::Reloaded => {
                // A reload or a deep link: the PIN (and the chosen card) are gone.
                self.screen.set(Screen::Page);
                self.page_status.set(Some(StatusText::Info(
                    "ページが再読み込みされたため、カードの読み取りを中断しました。はじめからやり直してください。"
                        .into(),
                )));
                self.go(&step_url(false), true);
            }
            UrlChange::BackFromCard { pin_again } => {
                self.screen.set(Screen::Page);
                self.pushed.set_value(false);
                if pin_again {
                    // Back from the card-read screen: enter the PIN again.
                    self.pin.set_value(None);
                    self.dialog.set(true);
                }
            }
            UrlChange::Stay => {}
        }
    }

    /// 「読み取り開始」.
    pub(super) fn start_read(&self) {
        if !step::may_start_read(self.read.get_untracked()) {
            return;
        }
        let (Some(reader), Some(pin), Some(action)) =
            (self.reader.get_value(), self.pin.get_value(), self.action.get_value())
        else {
            self.status.set(Some(StatusText::Error(NO_READER.into())));
            return;
        };
        let flow = *self;
        self.read.set(ReadState::Waiting);
        self.status.set(Some(StatusText::Info("カードを読み取っています。".into())));
        spawn_local(async move {
            let result = async {
                reader.begin().await?;
                flow.read.set(ReadState::Reading(0, 0));
                let read = flow.read;
                let progress: Rc<dyn Fn(usize, usize)> =
                    Rc::new(move |done, total| read.set(ReadState::Reading(done, total)));
                action(CardAccess::card(reader.clone(), pin, progress)).await
            }
            .await;
            reader.end();
            flow.finish(result);
        });
    }

    fn finish(&self, result: Result<(), FlowError>) {
        // The flow's page may be gone (the action navigated away).
        if self.read.is_disposed() {
            return;
        }
        let end = match &result {
            Ok(()) => ReadEnd::Done,
            Err(FlowError::Card(JpkiError::WrongPin { tries_left, .. })) => ReadEnd::WrongPin(*tries_left),
            Err(FlowError::Card(JpkiError::Locked { .. })) => ReadEnd::Locked,
            Err(_) => ReadEnd::Failed,
        };
        let (read, notice) = step::after_read(end);
        self.read.set(read);
        match (notice, result) {
            (Some(notice), _) => {
                self.notice.set(Some(notice));
                self.back_to_pin();
            }
            (None, Ok(())) => {
                self.pin.try_set_value(None);
                self.status.set(Some(StatusText::Success("読み取りが完了しました。".into())));
            }
            (None, Err(e)) => self.status.set(Some(StatusText::Error(e.message()))),
        }
    }
}
