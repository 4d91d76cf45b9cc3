//! WCAG 2.2.1 (timing adjustable): the server ends a login after 30 minutes without a
//! request (`session::IDLE_SECS`). Someone reading or filling in a long form sends none, so
//! three minutes before that end this warns and offers 「ログインを続ける」 (one request,
//! which counts as use), with the focus on it. If nobody answers, it logs out on this side
//! too at the end and says so, rather than letting the next press fail on a dead session
//! (on a shared phone, a page with 本籍 on it should not stay open either).
//!
//! The times are counted from the last answer of the server (`api::last_answer_ms`), on
//! the page's clock; `domain::idle` says when to warn and when to take it as ended.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;

use domain::idle::{idle_state, Idle};

use super::bell::UnreadNotices;
use crate::api;

const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(15);
const KEEP_ID: &str = "idle-keep";
const ENDED_ID: &str = "idle-ended";

#[component]
pub fn IdleWarning() -> impl IntoView {
    let header = use_context::<UnreadNotices>().unwrap_or_else(UnreadNotices::provide);
    let state = RwSignal::new(Idle::Active);
    let location = use_location();
    let check = move || {
        let logged_in = untrack(|| matches!(header.name(), Some(Some(_))));
        let next = if logged_in { idle_state(js_sys::Date::now() - api::last_answer_ms()) } else { Idle::Active };
        if next == state.get_untracked() {
            return;
        }
        state.set(next);
        if next == Idle::Ended {
            spawn_local(async move {
                let _ = api::logout().await;
                header.forget();
            });
        }
        let focus = match next {
            Idle::Warned => KEEP_ID,
            Idle::Ended => ENDED_ID,
            Idle::Active => return,
        };
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            if let Some(el) =
                document().get_element_by_id(focus).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    };
    if let Ok(handle) = set_interval_with_handle(check, CHECK_EVERY) {
        on_cleanup(move || handle.clear());
    }
    let keep = move |_| {
        spawn_local(async move {
            // Any answer as this person counts as use; a refusal means it has ended already.
            match api::session().await {
                Ok(_) => state.set(Idle::Active),
                Err(e) if e.is_unauthorized() => {
                    header.forget();
                    state.set(Idle::Ended);
                }
                Err(_) => {}
            }
        });
    };
    move || {
        match state.get() {
        Idle::Active => ().into_any(),
        Idle::Warned => view! {
            <section class="idle-warning notice notice--warning" role="alertdialog"
                aria-labelledby="idle-warning-title" aria-describedby="idle-warning-text">
                <h2 id="idle-warning-title">"まもなく自動的にログアウトします"</h2>
                <p id="idle-warning-text">
                    "しばらく操作がないため、約3分後にログアウトします。入力中の内容を残して続けるときは、「ログインを続ける」を押してください。"
                </p>
                <button type="button" id=KEEP_ID class="button button--primary" on:click=keep>"ログインを続ける"</button>
            </section>
        }
        .into_any(),
        Idle::Ended => {
            let next = location.pathname.get_untracked();
            view! {
                <section class="idle-warning notice notice--warning" role="alert" aria-labelledby=ENDED_ID>
                    <h2 id=ENDED_ID tabindex="-1">"一定時間操作がなかったため、ログアウトしました"</h2>
                    <p>"続けるときは、もう一度ログインしてください。"</p>
                    <a class="button button--primary" href=format!("/login?next={next}")>"ログイン"</a>
                </section>
            }
            .into_any()
        }
    }
    }
}
