//! The phone signing credential's screen (スマホ用署名用電子証明書, manual 2章①-1 step 9 and
//! 3章② step 11, 補足): shown instead of the signing PIN dialog to a person who registered
//! one. The password (the signing PIN's form) and 「電子署名する」 sign with the phone — its
//! own user verification, no card read; 「お手元のカードを利用する」 goes on to the PIN dialog
//! and the card. The same [`ModalDialog`] as the PIN dialogs: labelled, focus kept inside,
//! Esc and × close it and give focus back to the opener. The server's answers (a wrong
//! password with its tries left, the lock) and the browser's (a cancelled prompt, no
//! WebAuthn) are said in it.

use jpki::{Pin, PinKind};
use leptos::prelude::*;

use super::modal::ModalDialog;
use super::{CardStep, PhoneState};
use crate::components::focus::focus_id_later;

const TITLE_ID: &str = "phone-dialog-title";
const INPUT_ID: &str = "phone-dialog-input";
const HINT_ID: &str = "phone-dialog-hint";
const ERROR_ID: &str = "phone-dialog-error";
const LOCKED_ID: &str = "phone-dialog-locked";
const SHOW_ID: &str = "phone-dialog-show";
const CARD_ID: &str = "phone-dialog-card";
/// Focus on opening: the password, or the lock message.
const FOCUS_FIRST: &str = "#phone-dialog-input, #phone-dialog-locked";

/// The phone screen of `flow`, present while it is open.
#[component]
pub fn PhoneDialog(flow: CardStep) -> impl IntoView {
    view! {
        <Show when=move || flow.phone_state().is_some()>
            <PhoneDialogBox flow=flow/>
        </Show>
    }
}

#[component]
fn PhoneDialogBox(flow: CardStep) -> impl IntoView {
    let input_ref = NodeRef::<leptos::html::Input>::new();
    // A malformed password, refused here before anything is sent.
    let error = RwSignal::new(None::<&'static str>);
    let shown = RwSignal::new(false);
    let state = move || flow.phone_state().unwrap_or(PhoneState::Ready);
    let locked = move || state() == PhoneState::Locked;
    let signing = move || state() == PhoneState::Signing;

    // After a refusal the password is typed again; after the lock, the message is read.
    Effect::new(move |_| match state() {
        PhoneState::Refused(_) => {
            if let Some(input) = input_ref.get_untracked() {
                input.set_value("");
            }
            focus_id_later(INPUT_ID.to_string());
        }
        PhoneState::Locked => focus_id_later(LOCKED_ID.to_string()),
        _ => {}
    });

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
    let refused = move || match state() {
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
        <ModalDialog
            class="pin-dialog phone-dialog"
            title_id=TITLE_ID
            title="電子署名を行います。"
            described_by="phone-dialog-prompt"
            focus_first_of=FOCUS_FIRST
            on_close=Callback::new(move |()| flow.close())
            opener=flow.opener()
        >
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
        </ModalDialog>
    }
}
