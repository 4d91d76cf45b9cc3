//! The page shell around every screen: skip link, header with the notices bell, footer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn SiteHeader() -> impl IntoView {
    // The router would treat "#main" as a navigation; move focus by hand instead.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document().get_element_by_id("main") {
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>"本文へ移動"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-header__brand" href="/">"マイナポータル"</a>
                <a class="site-header__bell" href="/notices" aria-label="お知らせ">
                    <BellIcon/>
                </a>
            </div>
        </header>
    }
}

#[component]
fn BellIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"/>
        </svg>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>"マイナ免許証 関連サービス（デモ実装）"</p>
            <p class="site-footer__note">"この画面は公式サービスではありません。表示される個人情報はすべて架空のものです。"</p>
        </footer>
    }
}
