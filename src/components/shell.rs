//! The page shell around every screen: skip link, header with the notices bell, footer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::bell::NoticeBell;

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
                <NoticeBell/>
            </div>
        </header>
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
