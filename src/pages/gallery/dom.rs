//! Finding controls on the screen by what a person reads on them, for the scene player.
//! The rules follow the e2e suites' (role and label): an open dialog is searched alone
//! (the page behind it is inert), otherwise `main`; a label matches exactly, else at its
//! start, else anywhere in the control's text.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// Whitespace collapsed, as a screen reader reads a name.
fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_of(el: &Element) -> String {
    el.get_attribute("aria-label").map(|l| norm(&l)).unwrap_or_else(|| norm(&el.text_content().unwrap_or_default()))
}

fn visible(el: &Element) -> bool {
    el.dyn_ref::<HtmlElement>().is_some_and(|h| h.offset_width() > 0 || h.offset_height() > 0)
}

pub fn disabled(el: &Element) -> bool {
    el.has_attribute("disabled") || el.get_attribute("aria-disabled").as_deref() == Some("true")
}

/// Where a person can act now: the open modal dialog, else `main`, else the document.
fn scope() -> Option<Element> {
    let doc = document();
    doc.query_selector("dialog[open]")
        .ok()
        .flatten()
        .or_else(|| doc.query_selector("main").ok().flatten())
        .or_else(|| doc.document_element())
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<Element>().ok()).collect()
}

/// The best match for `label` among `candidates`: exact, then prefix, then substring.
fn best(candidates: Vec<(Element, String)>, label: &str) -> Option<Element> {
    let label = norm(label);
    let pick = |test: &dyn Fn(&str) -> bool| candidates.iter().find(|(_, n)| test(n)).map(|(e, _)| e.clone());
    pick(&|n| n == label).or_else(|| pick(&|n| n.starts_with(&label))).or_else(|| pick(&|n| n.contains(&label)))
}

/// A visible button or link with this name.
pub fn control(label: &str) -> Option<HtmlElement> {
    let root = scope()?;
    let candidates = all(&root, "button, a[href], [role=button], summary")
        .into_iter()
        .filter(visible)
        .map(|e| {
            let name = name_of(&e);
            (e, name)
        })
        .collect();
    best(candidates, label)?.dyn_into().ok()
}

/// The form control a `<label>` with this text names (or one with this `aria-label`),
/// inside `within` or the current scope.
pub fn field_in(within: Option<&Element>, label: &str) -> Option<HtmlInputElement> {
    let root = match within {
        Some(el) => el.clone(),
        None => scope()?,
    };
    let labels: Vec<(Element, String)> = all(&root, "label")
        .into_iter()
        .map(|l| {
            let name = norm(&l.text_content().unwrap_or_default());
            (l, name)
        })
        .collect();
    let from_label = best(labels, label).and_then(|l| match l.get_attribute("for") {
        Some(id) => document().get_element_by_id(&id),
        None => l.query_selector("input, select, textarea").ok().flatten(),
    });
    let from_aria = || all(&root, "input[aria-label]").into_iter().find(|e| name_of(e) == norm(label));
    from_label.or_else(from_aria)?.dyn_into().ok()
}

pub fn field(label: &str) -> Option<HtmlInputElement> {
    field_in(None, label)
}

/// The radio `option` inside the fieldset whose legend is `group`.
pub fn radio_in_group(group: &str, option: &str) -> Option<HtmlInputElement> {
    let root = scope()?;
    let fieldset = all(&root, "fieldset").into_iter().find(|f| {
        f.query_selector("legend")
            .ok()
            .flatten()
            .is_some_and(|l| norm(&l.text_content().unwrap_or_default()) == norm(group))
    })?;
    field_in(Some(&fieldset), option)
}

/// The scrolling region with this accessible name (`aria-label` or `aria-labelledby`).
pub fn region(name: &str) -> Option<HtmlElement> {
    let root = scope()?;
    let named = |e: &Element| {
        if let Some(l) = e.get_attribute("aria-label") {
            return norm(&l) == norm(name);
        }
        e.get_attribute("aria-labelledby")
            .and_then(|id| document().get_element_by_id(&id))
            .is_some_and(|l| norm(&l.text_content().unwrap_or_default()) == norm(name))
    };
    all(&root, "[aria-label], [aria-labelledby]").into_iter().find(|e| named(e))?.dyn_into().ok()
}

/// The text a person sees on the whole screen (dialogs included).
pub fn screen_text() -> String {
    document().body().map(|b| b.inner_text()).unwrap_or_default()
}

/// Types `value` as a keyboard would: the value, then the `input` event the page listens to.
pub fn type_into(input: &HtmlInputElement, value: &str) {
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = input.dispatch_event(&event);
    }
}

fn document() -> web_sys::Document {
    leptos::prelude::document()
}
