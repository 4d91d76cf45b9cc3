//! The page shell around every screen: skip link, header with the notices bell, footer —
//! and the lecture site's own header and footer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::bell::{NoticeBell, UnreadNotices};
use crate::api;

/// 「本文へ移動」: the first thing a keyboard reaches.
#[component]
fn SkipLink() -> impl IntoView {
    // The router would treat "#main" as a navigation; move focus by hand instead.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };
    view! { <a class="skip-link" href="#main" on:click=skip>"本文へ移動"</a> }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <SkipLink/>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/">"マイナポータル"</a>
                <NoticeBell/>
            </div>
            <Account/>
        </header>
        <IdleWarningOnceLoggedIn/>
    }
}

/// The idle warning's code is a lazy file of its own, fetched once someone is logged in:
/// it is needed 27 minutes later at the earliest, and in the first view it cost 3.2 kB of
/// brotli. Once mounted it stays (after the idle end it is what says so, logged out).
#[component]
fn IdleWarningOnceLoggedIn() -> impl IntoView {
    let header = use_context::<UnreadNotices>().unwrap_or_else(UnreadNotices::provide);
    let wanted =
        Memo::new(move |before: Option<&bool>| before == Some(&true) || matches!(header.name(), Some(Some(_))));
    move || wanted.get().then(|| Suspend::new(async { idle_warning_view().await.unwrap_or_else(|_| ().into_any()) }))
}

/// The split point (wasm-split, as leptos `#[lazy]` makes one; `fallible`: a file that
/// cannot be fetched leaves the warning out rather than stopping the app).
#[::leptos::wasm_split::wasm_split(idle_warning, wasm_split_path = ::leptos::wasm_split, fallible)]
fn idle_warning_view() -> Result<AnyView, ::leptos::wasm_split::SplitLoaderError> {
    Ok(view! { <super::idle_warning::IdleWarning/> }.into_any())
}

/// Who is logged in, with 「ログアウト」 — or 「ログイン」 for a visitor. On what may be a
/// shared phone, a page showing 本籍 and the face photo says whose it is and how to leave.
#[component]
fn Account() -> impl IntoView {
    let header = use_context::<UnreadNotices>().unwrap_or_else(UnreadNotices::provide);
    let navigate = use_navigate();
    let busy = RwSignal::new(false);
    let logout = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            // The server ends the session; whatever it answers, this page forgets it.
            let _ = api::logout().await;
            header.forget();
            busy.set(false);
            navigate("/", Default::default());
        });
    };
    move || match header.name() {
        // Not known yet: nothing, rather than a 「ログイン」 that turns into a name.
        None => view! { <div class="site-account" aria-hidden="true"></div> }.into_any(),
        Some(None) => view! {
            <div class="site-account">
                <a class="site-account__login" href="/login">"ログイン"</a>
            </div>
        }
        .into_any(),
        Some(Some(name)) => view! {
            <div class="site-account">
                <p class="site-account__name">{format!("{name} さん")}</p>
                <button type="button" class="site-account__logout" on:click=logout.clone()>"ログアウト"</button>
            </div>
        }
        .into_any(),
    }
}

/// The lecture site's own header (manual 3章① step 3: 「オンライン講習」), no portal bell.
#[component]
pub fn LectureHeader() -> impl IntoView {
    view! {
        <SkipLink/>
        <header class="lecture-header">
            <div class="lecture-header__inner"><span class="lecture-header__brand">"オンライン講習"</span></div>
        </header>
    }
}

/// The accessibility policy and its results (issue 33.3; JIS X 8341-3 asks for them to be
/// published), in the same place at the foot of every page, the lecture site's included.
#[component]
fn FooterLinks() -> impl IntoView {
    view! {
        <ul class="site-footer__links">
            <li><a href="/accessibility">"ウェブアクセシビリティ方針"</a></li>
            <li><a href="/accessibility/results">"試験結果"</a></li>
        </ul>
    }
}

#[component]
pub fn LectureFooter() -> impl IntoView {
    view! {
        <footer class="site-footer lecture-footer">
            <p>"オンライン講習（デモ実装）"</p>
            <p class="site-footer__note">"この画面は公式サービスではありません。講習の内容はデモ用に作成したものです。"</p>
            <FooterLinks/>
        </footer>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"マイナ免許証 関連サービス（デモ実装）"</p>
            <p class="site-footer__note">"この画面は公式サービスではありません。表示される個人情報はすべて架空のものです。"</p>
            <FooterLinks/>
        </footer>
    }
}
