//! The phone signing credential's screen (スマホ用署名用電子証明書, manual 2章①-1 step 9 and
//! 3章② step 11, 補足): shown instead of the signing PIN dialog to a person who registered
//! one. The password (the signing PIN's form) and 「電子署名する」 sign with the phone — its
//! own user verification, no card read; 「お手元のカードを利用する」 goes on to the PIN dialog
//! and the card. A modal dialog like the PIN dialogs: labelled, focus kept inside, Esc and
//! × close it. The server's answers (a wrong password with its tries left, the lock) and
//! the browser's (a cancelled prompt, no WebAuthn) are said in it.

use jpki::{Pin, PinKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::card_flow::{focus_id_later, CardFlow, PhoneState};

const TITLE_ID: &str = "phone-dialog-title";
const INPUT_ID: &str = "phone-dialog-input";
const HINT_ID: &str = "phone-dialog-hint";
const ERROR_ID: &str = "phone-dialog-error";
const LOCKED_ID: &str = "phone-dialog-locked";
const SHOW_ID: &str = "phone-dialog-show";
const CARD_ID: &str = "phone-dialog-card";

/// The phone screen of `flow`, present while it is open.
#[component]
pub fn PhoneDialog(flow: CardFlow) -> impl IntoView {
    view! {
        <Show when=move || flow.phone_dialog.get()>
            <PhoneDialogBox flow=flow/>
        </Show>
    }
}

fn focus_first(dialog: &web_sys::HtmlDialogElement) {
    let target = dialog
        .query_selector(&format!("#{INPUT_ID}, #{LOCKED_ID}"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// Keeps Tab and Shift+Tab inside the dialog.
fn trap_tab(dialog: &web_sys::HtmlDialogElement, ev: &web_sys::KeyboardEvent) {
    let Ok(nodes) = dialog.query_selector_all("button, [href], input, summary, [tabindex]:not([tabindex='-1'])") else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.get(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| !e.has_attribute("disabled"))
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = document().active_element();
    let is = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>());
    let inside = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    if ev.shift_key() && (is(first) || !inside) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && (is(last) || !inside) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

#[component]
fn PhoneDialogBox(flow: CardFlow) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    // A malformed password, refused here before anything is sent.
    let error = RwSignal::new(None::<&'static str>);
    let shown = RwSignal::new(false);
    let state = flow.phone_state;
    let locked = move || state.get() == PhoneState::Locked;
    let signing = move || state.get() == PhoneState::Signing;

    Effect::new(move |_| {
        if let Some(dialog) = dialog_ref.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            focus_first(&dialog);
        }
    });
    // After a refusal the password is typed again; after the lock, the message is read.
    Effect::new(move |_| match state.get() {
        PhoneState::Refused(_) => {
            if let Some(input) = input_ref.get_untracked() {
                input.set_value("");
            }
            focus_id_later(INPUT_ID.to_string());
        }
        PhoneState::Locked => focus_id_later(LOCKED_ID.to_string()),
        _ => {}
    });

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            flow.close_phone();
        }
        "Tab" => {
            if let Some(dialog) = dialog_ref.get_untracked() {
                trap_tab(&dialog, &ev);
            }
        }
        _ => {}
    };
    let on_close = move |_| flow.close_phone();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if signing() {
            return;
        }
        let Some(input) = input_ref.get_untracked() else { return };
        match Pin::parse(PinKind::Signing, &input.value()) {
            Ok(password) => {
                error.set(None);
                flow.sign_with_phone(password);
            }
            Err(_) => {
                error.set(Some(domain::phone::PASSWORD_FORMAT));
                let _ = input.focus();
            }
        }
    };
    let normalise = move |_| {
        if let Some(input) = input_ref.get_untracked() {
            let normalised = jpki::pin::normalize(PinKind::Signing, &input.value());
            if normalised != input.value() {
                input.set_value(&normalised);
            }
        }
    };
    let refused = move || match state.get() {
        PhoneState::Refused(text) => Some(text),
        _ => None,
    };
    let described_by = move || {
        let mut ids = vec![HINT_ID];
        if error.get().is_some() || refused().is_some() {
            ids.push(ERROR_ID);
        }
        ids.join(" ")
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class="pin-dialog phone-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby=TITLE_ID
            aria-describedby="phone-dialog-prompt"
            on:keydown=on_keydown
            on:close=on_close
        >
            <div class="pin-dialog__bar">
                <h2 id=TITLE_ID class="pin-dialog__title">"電子署名を行います。"</h2>
                <button type="button" class="pin-dialog__close" aria-label="閉じる" on:click=move |_| flow.close_phone()>
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            <p id="phone-dialog-prompt" class="pin-dialog__prompt">
                "スマホ用 "<strong>"署名用電子証明書"</strong>" のパスワードを入力してください。"
            </p>
            {move || if locked() {
                view! {
                    <div id=LOCKED_ID class="pin-dialog__locked" tabindex="-1" role="alert">
                        <p class="pin-dialog__locked-title">"パスワードがロックされています"</p>
                        <p>{domain::phone::LOCKED}</p>
                        <p><a href="/account/phone-credential">"スマホ用電子証明書"</a></p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <form class="pin-dialog__form" novalidate on:submit=submit>
                        <p id=HINT_ID class="pin-dialog__hint phone-dialog__hint">
                            <span class="phone-dialog__info" aria-hidden="true">"i"</span>
                            "6～16ケタ、英大文字と数字の組み合わせ"
                        </p>
                        <label class="pin-dialog__label" for=INPUT_ID>"パスワード"</label>
                        <input
                            node_ref=input_ref
                            id=INPUT_ID
                            class="pin-dialog__input"
                            type=move || if shown.get() { "text" } else { "password" }
                            inputmode="text"
                            autocomplete="off"
                            autocapitalize="characters"
                            spellcheck="false"
                            maxlength="16"
                            aria-invalid=move || if error.get().is_some() || refused().is_some() { "true" } else { "false" }
                            aria-describedby=described_by
                            on:change=normalise
                        />
                        <div class="checkbox pin-dialog__show">
                            <input type="checkbox" id=SHOW_ID
                                prop:checked=move || shown.get()
                                on:change=move |ev| shown.set(event_target_checked(&ev))/>
                            <label for=SHOW_ID>"パスワードを表示する"</label>
                        </div>
                        <div id=ERROR_ID role="alert" class="phone-dialog__alert">
                            {move || error.get().map(|e| view! { <p class="pin-dialog__error">{e}</p> })}
                            {move || refused().map(|e| view! { <p class="pin-dialog__error">{e}</p> })}
                        </div>
                        <p role="status" class="phone-dialog__status">
                            {move || signing().then_some("電子署名しています。スマートフォンの画面の案内に従って本人確認をしてください。")}
                        </p>
                        <details class="pin-dialog__help">
                            <summary>"パスワードがわからない場合"</summary>
                            <p>"スマホ用署名用電子証明書のパスワードは、この端末を登録したときに決めた英大文字と数字の6～16桁です。わからないときは「お手元のカードを利用する」を押してマイナンバーカードで電子署名してください。「スマホ用電子証明書」の画面で登録を削除し、マイナンバーカードで登録し直すと、新しいパスワードを決められます。"</p>
                        </details>
                        <details class="pin-dialog__help">
                            <summary>"スマホ用署名用電子証明書のパスワードとは"</summary>
                            <p>"スマートフォンに登録した署名用電子証明書（スマホ用署名用電子証明書）を使うときのパスワードです。マイナンバーカードの署名用電子証明書のパスワードとは別のものです。5回続けて間違えるとロックされ、登録し直すまで使えなくなります。"</p>
                        </details>
                        <button type="submit" class="button button--primary pin-dialog__next"
                            aria-disabled=move || if signing() { "true" } else { "false" }>"電子署名する"</button>
                    </form>
                }.into_any()
            }}
            <button type="button" id=CARD_ID class="button button--secondary phone-dialog__card"
                on:click=move |_| flow.use_card()>"お手元のカードを利用する"</button>
        </dialog>
    }
}
