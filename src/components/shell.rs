//! The page shell around every screen: skip link, header with the notices bell, footer —
//! and the lecture site's own header and footer.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::bell::NoticeBell;

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
        </header>
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

#[component]
pub fn LectureFooter() -> impl IntoView {
    view! {
        <footer class="site-footer lecture-footer">
            <p>"オンライン講習（デモ実装）"</p>
            <p class="site-footer__note">"この画面は公式サービスではありません。講習の内容はデモ用に作成したものです。"</p>
        </footer>
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
