//! [`ModalDialog`]: the frame both card-step dialogs (the PIN dialogs, the phone screen)
//! share — a modal `<dialog>` labelled by its title, with the × in its bar. Focus goes in
//! when it opens and is kept inside (Tab and Shift+Tab wrap); Esc, × and the platform's own
//! close (Android's back gesture) call `on_close`; when it goes away, focus goes back to
//! the control that opened it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::focus::focus_id;

/// What Tab moves between inside the dialog.
const FOCUSABLE: &str = "button, [href], input, summary, [tabindex]:not([tabindex='-1'])";

/// The first element `selector` finds in `dialog`, focused.
fn focus_first(dialog: &web_sys::HtmlDialogElement, selector: &str) {
    let target = dialog.query_selector(selector).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// Keeps Tab and Shift+Tab inside the dialog (`showModal` alone lets focus reach the
/// browser's own controls).
fn trap_tab(dialog: &web_sys::HtmlDialogElement, ev: &web_sys::KeyboardEvent) {
    let Ok(nodes) = dialog.query_selector_all(FOCUSABLE) else { return };
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

/// Focus back to the control with id `opener` once the dialog is gone — unless another
/// modal dialog took its place (the phone screen's 「お手元のカードを利用する」 opens the
/// PIN dialog) or the page moved on (the opener is no longer there).
fn return_focus(opener: Option<String>) {
    let Some(id) = opener else { return };
    request_animation_frame(move || {
        if document().query_selector("dialog[open]").ok().flatten().is_none() {
            focus_id(&id);
        }
    });
}

#[component]
pub fn ModalDialog(
    /// The `<dialog>`'s classes.
    class: &'static str,
    /// The title's id (`aria-labelledby`) and text.
    title_id: &'static str,
    #[prop(into)] title: String,
    /// The id of what describes it (`aria-describedby`).
    described_by: &'static str,
    /// What takes focus when it opens: the first element this selector finds.
    focus_first_of: &'static str,
    /// Esc, × or the platform closed it.
    on_close: Callback<()>,
    /// The id of the control that opened it: focus goes back there when it goes away.
    opener: Option<String>,
    children: Children,
) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();

    // Modal from the moment it exists; focus on what it asks first.
    Effect::new(move |_| {
        if let Some(dialog) = dialog_ref.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            focus_first(&dialog, focus_first_of);
        }
    });
    on_cleanup(move || return_focus(opener));

    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            // Handled here (not by the browser's cancel) so the state and focus follow.
            ev.prevent_default();
            on_close.run(());
        }
        "Tab" => {
            if let Some(dialog) = dialog_ref.get_untracked() {
                trap_tab(&dialog, &ev);
            }
        }
        _ => {}
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class=class
            role="dialog"
            aria-modal="true"
            aria-labelledby=title_id
            aria-describedby=described_by
            on:keydown=on_keydown
            on:close=move |_| on_close.run(())
        >
            <div class="pin-dialog__bar">
                <h2 id=title_id class="pin-dialog__title">{title}</h2>
                <button type="button" class="pin-dialog__close" aria-label="閉じる" on:click=move |_| on_close.run(())>
                    <span aria-hidden="true">"×"</span>
                </button>
            </div>
            {children()}
        </dialog>
    }
}
