//! The PIN dialogs (SPEC §4.8, manual 2章 ①-1 steps 5 and 9): a [`ModalDialog`] labelled
//! by its title, focus kept inside, Esc and × close it and give focus back to the opener.
//! The input is checked with `jpki::Pin::parse` (full-width and lower case normalised)
//! before the card is touched; the card's answer comes back as tries left or the lock.
//!
//! A mistyped PIN costs a try, so the dialog helps to get it right: 「パスワードを表示する」
//! shows what was typed; with one try left a warning says what a lock means and 「やめる」
//! leaves without using the try; 「次へ」 is kept in view when the on-screen keyboard
//! takes the lower half of the screen (the page asks for `interactive-widget=resizes-content`).

use jpki::Pin;
use leptos::prelude::*;

use super::modal::ModalDialog;
use super::pin_texts::{help_text, hint, last_try, subject, title, wrong, LAST_TRY_TITLE};
use super::{CardStep, PinNotice};

const INPUT_ID: &str = "pin-dialog-input";
const HINT_ID: &str = "pin-dialog-hint";
const NOTICE_ID: &str = "pin-dialog-notice";
const ERROR_ID: &str = "pin-dialog-error";
const LOCKED_ID: &str = "pin-dialog-locked";
const SHOW_ID: &str = "pin-dialog-show";
const NEXT_ID: &str = "pin-dialog-next";
/// Focus on opening: the input, or the lock message.
const FOCUS_FIRST: &str = "#pin-dialog-input, #pin-dialog-locked";

/// The dialog of `flow`, present while it is open.
#[component]
pub fn PinDialog(flow: CardStep) -> impl IntoView {
    view! {
        <Show when=move || flow.dialog_open()>
            <PinDialogBox flow=flow/>
        </Show>
    }
}

/// Scrolls the dialog so that 「次へ」 is in view (the keyboard just took part of the screen).
fn keep_next_in_view() {
    let Some(next) = document().get_element_by_id(NEXT_ID) else { return };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    next.scroll_into_view_with_scroll_into_view_options(&options);
}

#[component]
fn PinDialogBox(flow: CardStep) -> impl IntoView {
    let kind = flow.kind;
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let error = RwSignal::new(None::<&'static str>);
    let locked = move || flow.notice() == Some(PinNotice::Locked);

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
        Some(PinNotice::WrongPin(n)) if n > 1 => Some(wrong(n)),
        _ => None,
    };
    let last_try_left = move || flow.notice() == Some(PinNotice::WrongPin(1));
    let described_by = move || {
        let mut ids = vec![HINT_ID];
        if notice_text().is_some() || last_try_left() {
            ids.push(NOTICE_ID);
        }
        if error.get().is_some() {
            ids.push(ERROR_ID);
        }
        ids.join(" ")
    };
    let shown = RwSignal::new(false);
    // The keyboard opening resizes the page (or the visual viewport): keep 「次へ」 in view.
    let typing =
        move || input_ref.get_untracked().is_some_and(|i| document().active_element().is_some_and(|a| a == **i));
    let on_resize = window_event_listener(leptos::ev::resize, move |_| {
        if typing() {
            keep_next_in_view();
        }
    });
    on_cleanup(move || on_resize.remove());
    let on_focus = move |_| {
        // After the keyboard has had a moment to open.
        set_timeout(keep_next_in_view, std::time::Duration::from_millis(300));
    };
    let [help_what, help_lock] = help_text(kind);

    view! {
        <ModalDialog
            class="pin-dialog"
            title_id="pin-dialog-title"
            title=title(kind)
            described_by="pin-dialog-prompt"
            focus_first_of=FOCUS_FIRST
            on_close=Callback::new(move |()| flow.close())
            opener=flow.opener()
        >
            <p id="pin-dialog-prompt" class="pin-dialog__prompt">
                "マイナンバーカードの"<br/><strong>{subject(kind)}</strong><br/>"のパスワードを入力してください"
            </p>
            {move || if locked() {
                view! {
                    <div id=LOCKED_ID class="pin-dialog__locked" tabindex="-1">
                        <p class="pin-dialog__locked-title">"パスワードがロックされています"</p>
                        <p>{kind.locked_message()}</p>
                        <p>"ロックが解除されるまで、このパスワードは入力できません。"</p>
                    </div>
                }.into_any()
            } else {
                view! {
                    <form class="pin-dialog__form" novalidate on:submit=submit>
                        {move || notice_text().map(|t| view! { <p id=NOTICE_ID class="pin-dialog__notice">{t}</p> })}
                        {move || last_try_left().then(|| {
                            let [what, stop] = last_try(kind);
                            view! {
                                <div id=NOTICE_ID class="pin-dialog__last-try" role="alert">
                                    <p class="pin-dialog__last-try-title">
                                        <span aria-hidden="true">"⚠ "</span>{LAST_TRY_TITLE}
                                    </p>
                                    <p>{what}</p>
                                    <p>{stop}</p>
                                </div>
                            }
                        })}
                        <label class="pin-dialog__label" for=INPUT_ID>"パスワード"</label>
                        <p id=HINT_ID class="pin-dialog__hint">{hint(kind)}</p>
                        <input
                            node_ref=input_ref
                            id=INPUT_ID
                            class="pin-dialog__input"
                            type=move || if shown.get() { "text" } else { "password" }
                            inputmode=if kind.is_numeric() { "numeric" } else { "text" }
                            autocomplete="off"
                            autocapitalize=if kind.is_numeric() { "off" } else { "characters" }
                            spellcheck="false"
                            maxlength=kind.max_len().to_string()
                            aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                            aria-describedby=described_by
                            on:change=normalise
                            on:focus=on_focus
                        />
                        <div class="checkbox pin-dialog__show">
                            <input type="checkbox" id=SHOW_ID
                                prop:checked=move || shown.get()
                                on:change=move |ev| shown.set(event_target_checked(&ev))/>
                            <label for=SHOW_ID>"パスワードを表示する"</label>
                        </div>
                        {move || error.get().map(|e| view! { <p id=ERROR_ID class="pin-dialog__error" role="alert">{e}</p> })}
                        <button type="submit" id=NEXT_ID class="button button--primary pin-dialog__next">"次へ"</button>
                        <button type="button" class="button button--secondary pin-dialog__stop"
                            on:click=move |_| flow.stop()>"やめる"</button>
                    </form>
                }.into_any()
            }}
            <details class="pin-dialog__help">
                <summary>{format!("{}のパスワードとは", subject(kind))}</summary>
                <p>{help_what}</p>
                <p>{help_lock}</p>
            </details>
        </ModalDialog>
    }
}
