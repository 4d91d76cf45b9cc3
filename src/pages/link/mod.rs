//! Linking the portal with the マイナ免許証 (属性連携, manual 2章 ①-1, SPEC §4.2): eleven
//! steps, each its own URL under `/license/link`.
//!
//! | step | URL | screen |
//! |---|---|---|
//! | 1 | `/license` | 「連携をはじめる」 |
//! | 2 | `/license/link` | 「マイナ免許証との連携」 ([`intro`]) |
//! | 3 | `/license/link/consent` | 「同意確認」 |
//! | 4–6 | `/license/link/send` (+ PIN dialog, `?step=card`) | 「アカウント登録用情報の送信」, 「券面情報の読取」, card read |
//! | 7 | `/license/link/read-result` | 「読み取った情報」, 「送信」 runs `/api/link/check` |
//! | 8–10 | `/license/link/terms` (+ PIN dialog, `?step=card`) | 「属性連携開始手続き」, 「電子署名の付与」, card read |
//! | 11 | `/license/link/done` | 「アカウント連携の完了」 |
//!
//! Linking again (2章①-1 補足, issue 30): over a stale link (the licence linked lapsed and a
//! new one was acquired) `/license` says so and its 「連携をはじめる」 enters these same steps
//! at step 2; the server's step 10 replaces the stale link.
//!
//! The step caption says the manual's numbers above (the route table's `steps`): a PIN
//! dialog is part of the screen it opens on, so that screen names two (「手順 4〜5 / 11」).
//!
//! What spans steps (the attributes read at step 6, and whether step 7 sent them) is kept by
//! the server against the session for ten minutes (`/api/link/state`), so a reload — or a
//! tab the phone discarded while the person looked up a PIN — keeps the step without a
//! second card read; [`LinkFlow`], provided by the flow's parent route, holds it in the
//! page. A step that needs it and finds none sends the person back to step 2 with a message.

pub mod consent;
pub mod done;
pub mod help;
pub mod intro;
pub mod read_result;
pub mod send;
pub mod terms;

use domain::link::CardAttributes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

/// The trail of the steps after step 2 (the manual's, less its 「メニュー」 page).
pub(crate) const TRAIL: &[(&str, &str)] =
    &[("ホーム", "/"), ("外部サイトとの連携", "/connections"), ("マイナ免許証との連携", "/license/link")];
/// The trail of step 2 itself.
pub(crate) const INTRO_TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("外部サイトとの連携", "/connections")];
/// Steps 3–11 in the breadcrumbs.
pub(crate) const CURRENT: &str = "マイナ免許証とのアカウント連携";

/// Where the flow began: 「キャンセル」 returns here.
pub(crate) const START: &str = "/license";
/// The flow's first step (where a restart lands).
pub(crate) const FIRST_STEP: &str = "/license/link";

const RESTARTED: &str =
    "ページが再読み込みされたなどの理由で、読み取った情報が失われました。お手数ですが、はじめから手続きしてください。";

/// The state that spans the steps. Memory only (never stored in the browser).
#[derive(Clone, Copy)]
pub struct LinkFlow {
    /// The アカウント登録用情報 read from the card at step 6.
    attributes: RwSignal<Option<CardAttributes>>,
    /// 「送信」 (step 7) was accepted for these attributes.
    sent: RwSignal<bool>,
    /// Shown on step 2 after a restart.
    restart_notice: RwSignal<Option<&'static str>>,
    /// The server linked the person (steps 9–10 done): nothing read is needed any more.
    linked: RwSignal<bool>,
    /// The server's state of the steps has been asked for (after a reload) and has arrived.
    loaded: RwSignal<bool>,
}

impl LinkFlow {
    fn new() -> Self {
        LinkFlow {
            attributes: RwSignal::new(None),
            sent: RwSignal::new(false),
            restart_notice: RwSignal::new(None),
            linked: RwSignal::new(false),
            loaded: RwSignal::new(false),
        }
    }

    /// What the server kept of the steps, unless this page already holds newer.
    fn load(&self) {
        let flow = *self;
        spawn_local(async move {
            let kept = api::link_state().await.unwrap_or_default();
            if flow.loaded.is_disposed() {
                return;
            }
            if flow.attributes.with_untracked(Option::is_none) {
                if let Some(a) = kept.attributes {
                    flow.attributes.set(Some(a));
                    flow.sent.set(kept.sent);
                }
            }
            flow.loaded.set(true);
        });
    }

    /// New attributes from the card (step 6): they have not been sent yet.
    fn set_attributes(&self, attributes: CardAttributes) {
        self.attributes.set(Some(attributes));
        self.sent.set(false);
        self.restart_notice.set(None);
    }

    /// Linked: forget what was read, without sending anyone back to the start.
    fn finish(&self) {
        self.linked.set(true);
        self.clear();
    }

    /// Forget everything read (linked or restarted). Only what is set is changed, so an
    /// effect that reads these may call it without waking itself.
    fn clear(&self) {
        if self.attributes.with_untracked(Option::is_some) {
            self.attributes.set(None);
        }
        if self.sent.get_untracked() {
            self.sent.set(false);
        }
    }
}

pub(crate) fn use_link_flow() -> LinkFlow {
    expect_context::<LinkFlow>()
}

/// Back to step 2, saying why (a reload or a deep link lost what was read).
fn restart(flow: LinkFlow, navigate: impl Fn(&str, NavigateOptions)) {
    flow.clear();
    flow.restart_notice.set(Some(RESTARTED));
    navigate(FIRST_STEP, NavigateOptions { replace: true, ..Default::default() });
}

/// For steps that need what was read: `Some` with the attributes, or a restart.
/// `need_sent` also asks that step 7's 「送信」 was accepted.
fn required_attributes(need_sent: bool) -> Signal<Option<CardAttributes>> {
    let flow = use_link_flow();
    let navigate = use_navigate();
    // A step that needs them asks the server once (help pages and visitors never do).
    if !flow.loaded.get_untracked() && flow.attributes.with_untracked(Option::is_none) {
        flow.load();
    } else {
        flow.loaded.set(true);
    }
    let ok = move || flow.attributes.with(Option::is_some) && (!need_sent || flow.sent.get());
    // Nothing is decided before the server's state has arrived.
    // Linking clears what was read just before moving on to the done step: no restart
    // then. A step opened after linking (the back button) does go back to step 2, which
    // says the person is linked.
    let linked_before = flow.linked.get_untracked();
    Effect::new(move |_| {
        if flow.loaded.get() && !ok() && (linked_before || !flow.linked.get()) {
            untrack(|| restart(flow, &navigate));
        }
    });
    Signal::derive(move || if ok() { flow.attributes.get() } else { None })
}

/// 「キャンセル」 on any step: back to where the flow began; the server forgets what the
/// steps kept, and leaving the flow's routes drops [`LinkFlow`].
fn cancel() -> impl Fn() + Clone {
    let navigate = use_navigate();
    let flow = use_link_flow();
    move || {
        flow.clear();
        let navigate = navigate.clone();
        spawn_local(async move {
            // Best effort: what is kept expires by itself.
            let _ = api::link_forget().await;
            navigate(START, Default::default());
        });
    }
}

/// The flow's parent route: provides [`LinkFlow`] to every step.
#[component]
pub fn LinkFlowLayout() -> impl IntoView {
    provide_context(LinkFlow::new());
    view! { <Outlet/> }
}

/// [`AlreadyLinked`] under the flow's breadcrumbs, for steps that place their own.
#[component]
fn AlreadyLinkedWithTrail() -> impl IntoView {
    view! { <Breadcrumbs trail=TRAIL current=CURRENT/><AlreadyLinked/> }
}

/// What an already linked person sees on a step.
#[component]
fn AlreadyLinked() -> impl IntoView {
    view! {
        <PageHeading text="マイナ免許証との連携"/>
        <p class="link-state"><span class="badge badge--linked">"連携済"</span></p>
        <p role="status">"すでにマイナ免許証と連携しています。連携の手続きは不要です。"</p>
        <p><a class="button button--primary" href=START>"運転免許（運転経歴情報）ページへ"</a></p>
    }
}
