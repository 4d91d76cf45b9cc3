//! The PIN dialogs (SPEC §4.8, manual 2章 ①-1 steps 5 and 9): a modal `<dialog>` labelled
//! by its title, focus kept inside, Esc and × close it and give focus back to the opener.
//! The input is checked with `jpki::Pin::parse` (full-width and lower case normalised)
//! before the card is touched; the card's answer comes back as tries left or the lock.

use jpki::{Pin, PinKind};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::card_flow::{CardFlow, PinNotice};

/// The dialog's title, as the manual's screens name them.
pub fn title(kind: PinKind) -> &'static str {
    match kind {
        PinKind::CardInfo => "券面情報の読取",
        PinKind::Auth => "利用者証明用電子証明書",
        PinKind::Signing => "電子署名の付与",
    }
}

/// The certificate/PIN named in the prompt and the help.
fn subject(kind: PinKind) -> &'static str {
    match kind {
        PinKind::CardInfo => "券面事項入力補助用",
        PinKind::Auth => "利用者証明用電子証明書",
        PinKind::Signing => "署名用電子証明書",
    }
}

/// The format hint under the label.
pub fn hint(kind: PinKind) -> &'static str {
    if kind.is_numeric() {
        "数字4桁"
    } else {
        "6～16桁の英大文字と数字"
    }
}

/// Our own explanation in 「…のパスワードとは」.
fn help_text(kind: PinKind) -> [&'static str; 2] {
    match kind {
        PinKind::CardInfo => [
            "カードの交付を受けたときに市区町村の窓口で決めた数字4桁です。カードに記録された氏名・住所・生年月日・性別（基本4情報）を読み取るときに使います。免許センター等で一体化の手続きをしたときに登録した暗証番号とは別のものです。",
            "3回続けて間違えるとロックされます。ロックの解除は、住民票のある市区町村の窓口でできます。",
        ],
        PinKind::Auth => [
            "マイナンバーカードを受け取るときに設定した4桁の数字で、マイナポータルへのログインなど、ご本人であることを確かめるときに使います。運転免許センター等で登録した暗証番号とは異なります。",
            "3回続けて間違えるとロックされます。ロックの解除は、住民票のある市区町村の窓口でできます。",
        ],
        PinKind::Signing => [
            "署名用電子証明書の発行を申請したときに設定した、英大文字と数字を組み合わせた6～16桁のパスワードです。申請や届出に電子署名を付けるときに使います。小文字や全角で入力しても、半角の英大文字として扱います。",
            "5回続けて間違えるとロックされます。ロックの解除やパスワードの再設定は、住民票のある市区町村の窓口か、コンビニエンスストア等のキオスク端末でできます。",
        ],
    }
}

const INPUT_ID: &str = "pin-dialog-input";
const HINT_ID: &str = "pin-dialog-hint";
const NOTICE_ID: &str = "pin-dialog-notice";
const ERROR_ID: &str = "pin-dialog-error";
const LOCKED_ID: &str = "pin-dialog-locked";

/// The dialog of `flow`, present while it is open.
#[component]
pub fn PinDialog(flow: CardFlow) -> impl IntoView {
    view! {
        <Show when=move || flow.dialog_open()>
            <PinDialogBox flow=flow/>
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

/// Keeps Tab and Shift+Tab inside the dialog (`showModal` alone lets focus reach the
/// browser's own controls).
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
fn PinDialogBox(flow: CardFlow) -> impl IntoView {
    let kind = flow.kind;
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<&'static str>);
    let locked = move || flow.notice() == Some(PinNotice::Locked);

    // Modal from the moment it exists; focus on the input (or the lock message).
    Effect::new(move |_| {
        if let Some(dialog) = dialog_ref.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            focus_first(&dialog);
        }
    });

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            // Handled here (not by the browser's cancel) so the state and focus follow.
            ev.prevent_default();
            flow.close_dialog();
        }
        "Tab" => {
            if let Some(dialog) = dialog_ref.get_untracked() {
                trap_tab(&dialog, &ev);
            }
        }
        _ => {}
    };
    // Closed by the platform (e.g. Android's back gesture): keep the state in step.
    let on_close = move |_| flow.close_dialog();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(input) = input_ref.get_untracked() else { return };
        match Pin::parse(kind, &input.value()) {
            Ok(pin) => {
                error.set(None);
                flow.submit_pin(pin);
            }
            Err(e) => {
                // Refused here: nothing was sent to the card.
                error.set(Some(e.message()));
                let _ = input.focus();
            }
        }
    };
    // Show what will be used: full-width made half-width, lower case upper-cased.
    let normalise = move |_| {
        if let Some(input) = input_ref.get_untracked() {
            let normalised = jpki::pin::normalize(kind, &input.value());
            if normalised != input.value() {
                input.set_value(&normalised);
            }
        }
    };

    let notice_text = move || match flow.notice() {
        Some(PinNotice::WrongPin(n)) => Some(format!("暗証番号が違います。あと{n}回間違えるとロックされます。")),
        _ => None,
    };
    let described_by = move || {
        let mut ids = vec![HINT_ID];
        if notice_text().is_some() {
            ids.push(NOTICE_ID);
        }
        if error.get().is_some() {
            ids.push(ERROR_ID);
        }
        ids.join(" ")
    };
    let [help_what, help_lock] = help_text(kind);

    view! {
        <dialog
            node_ref=dialog_ref
            class="pin-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="pin-dialog-title"
            aria-describedby="pin-dialog-prompt"
            on:keydown=on_keydown
            on:close=on_close
        >
            <div class="pin-dialog__bar">
                <h2 id="pin-dialog-title" class="pin-dialog__title">{title(kind)}</h2>
                <button type="button" class="pin-dialog__close" aria-label="閉じる" on:click=move |_| flow.close_dialog()>
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            <p id="pin-dialog-prompt" class="pin-dialog__prompt">
                "マイナンバーカードの"<br/><strong>{subject(kind)}</strong><br/>"のパスワードを入力してください"
            </p>
            {move || if locked() {
                view! {
                    <div id=LOCKED_ID class="pin-dialog__locked" tabindex="-1">
                        <p class="pin-dialog__locked-title">"暗証番号がロックされています"</p>
                        <p>{kind.locked_message()}</p>
                        <p>"ロックが解除されるまで、この暗証番号は入力できません。"</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <form class="pin-dialog__form" novalidate on:submit=submit>
                        {move || notice_text().map(|t| view! { <p id=NOTICE_ID class="pin-dialog__notice">{t}</p> })}
                        <label class="pin-dialog__label" for=INPUT_ID>"パスワード"</label>
                        <p id=HINT_ID class="pin-dialog__hint">{hint(kind)}</p>
                        <input
                            node_ref=input_ref
                            id=INPUT_ID
                            class="pin-dialog__input"
                            type="password"
                            inputmode=if kind.is_numeric() { "numeric" } else { "text" }
                            autocomplete="off"
                            autocapitalize=if kind.is_numeric() { "off" } else { "characters" }
                            spellcheck="false"
                            maxlength=kind.max_len().to_string()
                            placeholder=hint(kind)
                            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                            aria-describedby=described_by
                            on:change=normalise
                        />
                        {move || error.get().map(|e| view! { <p id=ERROR_ID class="pin-dialog__error">{e}</p> })}
                        <button type="submit" class="button button--primary pin-dialog__next">"次へ"</button>
                    </form>
                }.into_any()
            }}
            <details class="pin-dialog__help">
                <summary>{format!("{}のパスワードとは", subject(kind))}</summary>
                <p>{help_what}</p>
                <p>{help_lock}</p>
            </details>
        </dialog>
    }
}
