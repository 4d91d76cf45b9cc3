//! The card step every card-using flow shares (SPEC §4.8): PIN dialog → card-read screen
//! (`?step=card`, its own URL) → done, or back to the PIN dialog with the tries the card
//! reported, or the locked state. Flows (login, link, honseki, one-stop) create a
//! [`CardStep`] with [`CardStep::with_device_reader`] (the bridge picks this device's reader
//! in the background), say what to do with the card ([`CardStep::on_read`]) and wrap their
//! page in [`CardStepView`]; the action calls [`CardAccess::read_attributes`] or
//! [`CardAccess::answer`] (a server challenge signed), in access.rs, and ends with
//! [`CardStep::go_on`] to the flow's next page.
//!
//! A signing step where the manual shows the phone signing credential
//! (スマホ用署名用電子証明書: linking step 9, 本籍 step 11 with koseki history, the one-stop
//! signatures) calls [`CardStep::offer_phone`]: for a person with a registered credential
//! the step then opens the phone screen (phone_dialog.rs) instead of the PIN dialog, whose
//! 「電子署名する」 runs the same action with the password ([`CardAccess::phone`]) and no
//! card read, and whose 「お手元のカードを利用する」 goes on to the PIN dialog and the card.
//!
//! What is shown is one [`Stage`] (page, PIN dialog, phone screen, card-read screen) in one
//! signal; its transitions are pure functions in `crates/domain/src/card_step.rs`, unit-tested
//! there. Both dialogs are a [`modal::ModalDialog`] (focus kept inside, Esc, focus back to
//! the opener).
//!
//! The PIN lives in memory only, between 「次へ」 and the end of the read; a reload of the
//! card-read URL therefore returns to the flow's page with a message.

mod access;
mod card_read;
mod modal;
mod phone_dialog;
mod pin_dialog;
mod pin_texts;
mod view;

use std::future::Future;
use std::rc::Rc;

use jpki::{JpkiError, Pin, PinKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;

pub use self::access::{CardAccess, CardAction, FlowError};
pub use self::view::CardStepView;
use super::status::StatusText;
use crate::bridge::{CardReader, ReaderKind, NO_READER};

use domain::card_step::{self as step, Open, PhoneNext, ReadEnd};
pub use domain::card_step::{PhoneOffer, PhoneState, PinNotice, ReadState, Stage};

/// The router's navigate function, kept so the step can move between its URLs.
type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

/// This device's reader as the bridge picked it: `None` while picking, then `Some(None)`
/// when nothing here can read a card.
type Picked = Option<Option<Rc<dyn CardReader>>>;

/// What the step remembers between its screens (none of it is shown).
#[derive(Default)]
struct Memory {
    /// The PIN, between 「次へ」 and the end of the read.
    pin: Option<Pin>,
    /// The `id` of the control that opened the step; focus returns there.
    opener: Option<String>,
    /// A step opened before the phone offer or the reader was known
    /// ([`Open::AwaitPhoneOffer`], [`Open::AwaitReader`]), with its opener.
    waiting: Option<(Open, Option<String>)>,
    /// The card-read URL was pushed by us (so 「← パスワードの入力」 can go back).
    pushed: bool,
}

/// The state of one card step; `Copy`, so closures and child components share it.
#[derive(Clone, Copy)]
pub struct CardStep {
    pub kind: PinKind,
    /// What is shown: the page, a dialog over it, or the card-read screen.
    stage: RwSignal<Stage>,
    /// What the PIN dialog says of the card's last answer (tries left, the lock).
    notice: RwSignal<Option<PinNotice>>,
    /// The card-read screen's live region.
    status: RwSignal<Option<StatusText>>,
    /// The flow page's live region.
    page_status: RwSignal<Option<StatusText>>,
    phone: RwSignal<PhoneOffer>,
    reader: RwSignal<Picked, LocalStorage>,
    memory: StoredValue<Memory>,
    action: StoredValue<Option<CardAction>, LocalStorage>,
    navigate: StoredValue<Option<Navigate>, LocalStorage>,
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

impl CardStep {
    /// A card step with this device's reader, which the bridge picks in the background;
    /// [`CardStep::open`] waits for it.
    pub fn with_device_reader(kind: PinKind) -> CardStep {
        let flow = CardStep {
            kind,
            stage: RwSignal::new(Stage::Page),
            notice: RwSignal::new(None),
            status: RwSignal::new(None),
            page_status: RwSignal::new(None),
            phone: RwSignal::new(PhoneOffer::Off),
            reader: RwSignal::new_local(None),
            memory: StoredValue::new(Memory::default()),
            action: StoredValue::new_local(None),
            navigate: StoredValue::new_local(None),
        };
        spawn_local(async move {
            let reader = crate::bridge::reader().await;
            if flow.reader.is_disposed() {
                return;
            }
            flow.reader.set(Some(reader));
            if let Some(opener) = flow.take_waiting(Open::AwaitReader) {
                flow.open_card(opener);
            }
        });
        flow
    }

    /// The opener of a step waiting for `what`, if one is.
    fn take_waiting(&self, what: Open) -> Option<Option<String>> {
        self.memory.try_update_value(|m| match m.waiting.take() {
            Some((w, opener)) if w == what => Some(opener),
            other => {
                m.waiting = other;
                None
            }
        })?
    }

    /// `None` while the bridge is still picking this device's reader, then its kind
    /// (`Some(None)`: nothing here can read a card).
    pub fn device_reader(&self) -> Option<Option<ReaderKind>> {
        self.reader.with(|r| r.as_ref().map(|r| r.as_ref().map(|r| r.kind())))
    }

    /// What the step does once 「読み取り開始」 is pressed (and the card tapped), or once
    /// the phone screen's 「電子署名する」 is: `action` gets the card (or the phone) and
    /// usually ends with [`CardStep::go_on`].
    pub fn on_read<F, R>(&self, action: F)
    where
        F: Fn(CardAccess) -> R + 'static,
        R: Future<Output = Result<(), FlowError>> + 'static,
    {
        let action: CardAction = Rc::new(move |access| Box::pin(action(access)));
        self.action.set_value(Some(action));
    }

    /// On to the flow's next page (replacing the card step's URL in the history).
    pub fn go_on(&self, url: &str) {
        self.go(url, true);
    }

    pub fn reader_kind(&self) -> Option<ReaderKind> {
        self.reader.with_untracked(|r| r.as_ref().and_then(|r| r.as_ref().map(|r| r.kind())))
    }

    /// The URL of the flow's page (where the PIN dialog opens).
    fn pin_step_url(&self) -> String {
        step_url(false)
    }

    /// Demo mode: whose virtual card the remote reader uses (see [`CardReader::use_demo_person`]).
    pub fn use_demo_person(&self, person: Option<String>) {
        self.reader.with_untracked(|r| {
            if let Some(Some(r)) = r {
                r.use_demo_person(person)
            }
        });
    }

    pub fn notice(&self) -> Option<PinNotice> {
        self.notice.get()
    }

    /// Is the PIN dialog open?
    pub fn dialog_open(&self) -> bool {
        self.stage.with(|s| *s == Stage::PinDialog)
    }

    /// The phone screen's state, while it is open.
    fn phone_state(&self) -> Option<PhoneState> {
        self.stage.with(|s| s.phone().cloned())
    }

    /// The card-read screen's read (`Ready` off that screen).
    fn read(&self) -> ReadState {
        self.stage.with(|s| s.read()).unwrap_or(ReadState::Ready)
    }

    fn read_untracked(&self) -> ReadState {
        self.stage.with_untracked(|s| s.read()).unwrap_or(ReadState::Ready)
    }

    /// The read moved on (shown only while the card-read screen is).
    fn set_read(&self, read: ReadState) {
        self.stage.try_update(|s| s.set_read(read));
    }

    /// The `id` focus returns to when a dialog closes.
    fn opener(&self) -> Option<String> {
        self.memory.with_value(|m| m.opener.clone())
    }

    /// Forget what the card said (another card was chosen).
    pub fn reset(&self) {
        self.notice.set(None);
        self.memory.update_value(|m| m.pin = None);
        self.status.set(None);
    }

    /// Offer the phone signing credential on this (signing) step: asks the server whether
    /// the person has one; [`CardStep::open`] then opens the phone screen for them.
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
            if let Some(opener) = flow.take_waiting(Open::AwaitPhoneOffer) {
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
        self.reader.with_untracked(|r| r.as_ref().map(Option::is_some))
    }

    /// Does what opening the step from `opener` leads to.
    fn open_as(&self, open: Open, opener: Option<String>) {
        if matches!(open, Open::AwaitPhoneOffer | Open::AwaitReader) {
            self.memory.update_value(|m| m.waiting = Some((open, opener)));
            return;
        }
        self.memory.update_value(|m| m.opener = opener);
        match open.stage() {
            Some(stage) => {
                self.page_status.set(None);
                self.stage.set(stage);
            }
            // Open::NoReader: said on the page.
            None => self.page_status.set(Some(StatusText::Error(NO_READER.into()))),
        }
    }

    /// 「お手元のカードを利用する」: from the phone screen to the PIN dialog and the card.
    pub fn use_card(&self) {
        self.close();
        self.open_card(self.opener());
    }

    /// 「電子署名する」 with a well-formed password: the step's action, answered by the phone.
    fn sign_with_phone(&self, password: Pin) {
        if self.stage.with_untracked(|s| s.phone() == Some(&PhoneState::Signing)) {
            return;
        }
        let Some(action) = self.action.get_value() else { return };
        self.stage.update(|s| s.set_phone(PhoneState::Signing));
        let flow = *self;
        spawn_local(async move {
            let result = action(CardAccess::phone(password)).await;
            // The page may be gone (the action navigated to the next step).
            if flow.stage.is_disposed() {
                return;
            }
            let state = match step::after_phone_signature(result.as_ref().map(|_| ()).map_err(server_code)) {
                PhoneNext::Ready => PhoneState::Ready,
                PhoneNext::Locked => {
                    flow.phone.set(PhoneOffer::Registered { locked: true });
                    PhoneState::Locked
                }
                PhoneNext::UseCard => {
                    // Deleted meanwhile (on another device): the card, as for anyone without.
                    flow.phone.set(PhoneOffer::NotRegistered);
                    flow.use_card();
                    return;
                }
                PhoneNext::Refused => PhoneState::Refused(result.err().map(|e| e.message()).unwrap_or_default()),
            };
            flow.stage.update(|s| s.set_phone(state));
        });
    }

    /// Open the PIN dialog from the control with id `opener` (once the reader is picked);
    /// without a reader, say so.
    fn open_card(&self, opener: Option<String>) {
        self.open_as(step::open_card(self.reader_state()), opener);
    }

    /// × / Esc / the platform's close on either dialog: the page again (the dialog gives
    /// focus back to its opener as it goes).
    pub fn close(&self) {
        if let Some(page) = self.stage.with_untracked(Stage::closed) {
            self.stage.set(page);
        }
    }

    /// 「やめる」: close without trying the PIN (the card's tries are untouched) and say so.
    fn stop(&self) {
        self.close();
        self.page_status.set(Some(StatusText::Info(pin_texts::STOPPED.into())));
    }

    fn go(&self, url: &str, replace: bool) {
        if let Some(Some(navigate)) = self.navigate.try_get_value() {
            navigate(url, NavigateOptions { replace, ..Default::default() });
        }
    }

    /// 「次へ」 with a well-formed PIN: on to the card-read screen.
    fn submit_pin(&self, pin: Pin) {
        self.memory.update_value(|m| {
            m.pin = Some(pin);
            m.pushed = true;
        });
        self.status.set(None);
        self.close();
        self.go(&step_url(true), false);
    }

    /// Back to the PIN dialog (「← パスワードの入力」, a wrong PIN, a lock).
    fn back_to_pin(&self) {
        if self.memory.try_update_value(|m| std::mem::take(&mut m.pushed)) == Some(true)
            && window().history().and_then(|h| h.back()).is_ok()
        {
            return;
        }
        self.go(&step_url(false), true);
    }

    /// The URL says where we are: keep the screens in step with it (back button, reload).
    fn follow_url(&self, on_card: bool) {
        let has_pin = self.memory.with_value(|m| m.pin.is_some());
        let stage = self.stage.get_untracked();
        let change = step::follow_url(on_card, has_pin, &stage);
        match change {
            step::UrlChange::Reloaded => {
                // A reload or a deep link: the PIN (and the chosen card) are gone.
                self.page_status.set(Some(StatusText::Info(
                    "ページが再読み込みされたため、カードの読み取りを中断しました。はじめからやり直してください。"
                        .into(),
                )));
                self.go(&step_url(false), true);
            }
            step::UrlChange::BackFromCard { pin_again } => {
                self.memory.update_value(|m| {
                    m.pushed = false;
                    if pin_again {
                        // Back from the card-read screen: enter the PIN again.
                        m.pin = None;
                    }
                });
            }
            step::UrlChange::ShowCard | step::UrlChange::Stay => {}
        }
        if let Some(next) = change.stage(&stage) {
            self.stage.set(next);
        }
    }

    /// 「読み取り開始」.
    fn start_read(&self) {
        if !step::may_start_read(self.read_untracked()) {
            return;
        }
        let reader = self.reader.with_untracked(|r| r.clone().flatten());
        let pin = self.memory.with_value(|m| m.pin.clone());
        let (Some(reader), Some(pin), Some(action)) = (reader, pin, self.action.get_value()) else {
            self.status.set(Some(StatusText::Error(NO_READER.into())));
            return;
        };
        let flow = *self;
        self.set_read(ReadState::Waiting);
        self.status.set(Some(StatusText::Info("カードを読み取っています。".into())));
        spawn_local(async move {
            // The PC bridge's connection closed since the page picked it (a removal was shown):
            // this read connects again; with no bridge back, the closed one says removal again.
            let reader = match reader.closed() {
                true => match crate::bridge::reader().await {
                    Some(again) if !flow.reader.is_disposed() => {
                        flow.reader.set(Some(Some(again.clone())));
                        again
                    }
                    _ => reader,
                },
                false => reader,
            };
            let result = async {
                reader.begin().await?;
                flow.set_read(ReadState::Reading(0, 0));
                let progress: Rc<dyn Fn(usize, usize)> =
                    Rc::new(move |done, total| flow.set_read(ReadState::Reading(done, total)));
                action(CardAccess::card(reader.clone(), pin, progress)).await
            }
            .await;
            reader.end();
            flow.finish(result);
        });
    }

    fn finish(&self, result: Result<(), FlowError>) {
        // The flow's page may be gone (the action navigated away).
        if self.stage.is_disposed() {
            return;
        }
        let end = match &result {
            Ok(()) => ReadEnd::Done,
            Err(FlowError::Card(JpkiError::WrongPin { tries_left, .. })) => ReadEnd::WrongPin(*tries_left),
            Err(FlowError::Card(JpkiError::Locked { .. })) => ReadEnd::Locked,
            Err(_) => ReadEnd::Failed,
        };
        let (read, notice) = step::after_read(end);
        self.set_read(read);
        match (notice, result) {
            (Some(notice), _) => {
                self.notice.set(Some(notice));
                self.back_to_pin();
            }
            (None, Ok(())) => {
                self.memory.try_update_value(|m| m.pin = None);
                self.status.set(Some(StatusText::Success("読み取りが完了しました。".into())));
            }
            (None, Err(e)) => self.status.set(Some(StatusText::Error(e.message()))),
        }
    }
}
