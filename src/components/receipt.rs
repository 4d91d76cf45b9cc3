//! 受付番号 as a person needs it: twelve digits in groups of four at body size, on a row of
//! its own, with 「コピー」. The application's long id stays in URLs only.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use super::status::{LiveStatus, StatusText};

/// Writes `text` to the clipboard; false where the browser refuses (no permission, http).
async fn copy_text(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

#[component]
pub fn ReceiptNumber(#[prop(into)] number: String) -> impl IntoView {
    let status = RwSignal::new(None::<StatusText>);
    let copy = {
        let number = number.clone();
        move |_| {
            let number = number.clone();
            spawn_local(async move {
                let said = if copy_text(&number).await {
                    StatusText::Success("受付番号をコピーしました。".into())
                } else {
                    StatusText::Error("コピーできませんでした。番号を長押しして選択し、コピーしてください。".into())
                };
                if !status.is_disposed() {
                    status.set(Some(said));
                }
            });
        }
    };
    // Read aloud digit group by digit group, not as one large number.
    let spoken = number.replace('-', " ");
    view! {
        <div class="receipt">
            <p class="receipt__row">
                <span class="receipt__label">"受付番号"</span>
                <span class="receipt__number" aria-label=spoken>{number.clone()}</span>
                <button type="button" class="button button--secondary receipt__copy" on:click=copy>"コピー"</button>
            </p>
            <LiveStatus text=status.read_only()/>
        </div>
    }
}
