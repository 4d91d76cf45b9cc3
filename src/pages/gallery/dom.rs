//! Finding controls on the screen by what a person reads on them, for the scene player.
//! The rules follow the e2e suites' (role and label): an open dialog is searched alone
//! (the page behind it is inert), otherwise `main`; a label matches exactly, else at its
//! start, else anywhere in the control's text.
//!
//! The DOM is reached through `Reflect` only ([`prop`], [`call`]), never through web-sys
//! bindings: wasm-split moves a binding used by this reviewers-only code and by another
//! lazy group into a chunk of its own, and every chunk and import costs bytes in the first
//! view's loader and glue (the first view's budget has none to spare).

use wasm_bindgen::{JsCast, JsValue};

/// A DOM node, as JavaScript holds it.
pub type Node = JsValue;

/// `target[name]`.
pub fn prop(target: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

pub fn set_prop(target: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(name), value);
}

/// `target[method](arg)`.
pub fn call(target: &JsValue, method: &str, arg: &JsValue) -> JsValue {
    match prop(target, method).dyn_into::<js_sys::Function>() {
        Ok(f) => f.call1(target, arg).unwrap_or(JsValue::UNDEFINED),
        Err(_) => JsValue::UNDEFINED,
    }
}

fn text(target: &JsValue, name: &str) -> String {
    prop(target, name).as_string().unwrap_or_default()
}

fn number(target: &JsValue, name: &str) -> f64 {
    prop(target, name).as_f64().unwrap_or(0.0)
}

fn document() -> JsValue {
    leptos::prelude::document().into()
}

fn attribute(el: &Node, name: &str) -> Option<String> {
    call(el, "getAttribute", &JsValue::from_str(name)).as_string()
}

/// Whitespace collapsed, as a screen reader reads a name.
fn norm(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn name_of(el: &Node) -> String {
    attribute(el, "aria-label").map(|l| norm(&l)).unwrap_or_else(|| norm(&text(el, "textContent")))
}

fn visible(el: &Node) -> bool {
    number(el, "offsetWidth") > 0.0 || number(el, "offsetHeight") > 0.0
}

/// `disabled` (the property, whichever way the page set it) or `aria-disabled="true"`.
pub fn disabled(el: &Node) -> bool {
    prop(el, "disabled").as_bool() == Some(true) || attribute(el, "aria-disabled").as_deref() == Some("true")
}

pub fn invalid(el: &Node) -> bool {
    attribute(el, "aria-invalid").as_deref() == Some("true")
}

pub fn checked(el: &Node) -> bool {
    prop(el, "checked").as_bool() == Some(true)
}

/// Presses it, as a tap does (`el.click()`).
pub fn press(el: &Node) {
    call(el, "click", &JsValue::UNDEFINED);
}

/// Scrolls it to its end (as a finger reading terms does).
pub fn scroll_to_end(el: &Node) {
    set_prop(el, "scrollTop", &prop(el, "scrollHeight"));
}

pub fn scrollable(el: &Node) -> bool {
    number(el, "scrollHeight") > number(el, "clientHeight")
}

fn query(root: &Node, selector: &str) -> Option<Node> {
    Some(call(root, "querySelector", &JsValue::from_str(selector))).filter(|n| n.is_object())
}

fn all(root: &Node, selector: &str) -> Vec<Node> {
    let list = call(root, "querySelectorAll", &JsValue::from_str(selector));
    (0..number(&list, "length") as u32)
        .map(|i| js_sys::Reflect::get(&list, &JsValue::from(i)).unwrap_or(JsValue::UNDEFINED))
        .collect()
}

fn by_id(id: &str) -> Option<Node> {
    Some(call(&document(), "getElementById", &JsValue::from_str(id))).filter(|n| n.is_object())
}

/// Where a person can act now: the open modal dialog, else `main`, else the document.
fn scope() -> Node {
    let doc = document();
    query(&doc, "dialog[open]").or_else(|| query(&doc, "main")).unwrap_or(doc)
}

/// Anything in `main p.loading`: the page is still fetching what it shows.
pub fn loading() -> bool {
    query(&document(), "main p.loading").is_some()
}

/// The best match for `label` among `candidates`: exact, then prefix, then substring.
fn best(candidates: Vec<(Node, String)>, label: &str) -> Option<Node> {
    let label = norm(label);
    let pick = |test: &dyn Fn(&str) -> bool| candidates.iter().find(|(_, n)| test(n)).map(|(e, _)| e.clone());
    pick(&|n| n == label).or_else(|| pick(&|n| n.starts_with(&label))).or_else(|| pick(&|n| n.contains(&label)))
}

/// A visible button or link with this name.
pub fn control(label: &str) -> Option<Node> {
    let candidates = all(&scope(), "button, a[href], [role=button], summary")
        .into_iter()
        .filter(visible)
        .map(|e| {
            let name = name_of(&e);
            (e, name)
        })
        .collect();
    best(candidates, label)
}

/// The form control a `<label>` with this text names (or one with this `aria-label`),
/// inside `root`.
fn field_in(root: &Node, label: &str) -> Option<Node> {
    let labels: Vec<(Node, String)> = all(root, "label")
        .into_iter()
        .map(|l| {
            let name = norm(&text(&l, "textContent"));
            (l, name)
        })
        .collect();
    let from_label = best(labels, label).and_then(|l| match attribute(&l, "for") {
        Some(id) => by_id(&id),
        None => query(&l, "input, select, textarea"),
    });
    from_label.or_else(|| all(root, "input[aria-label]").into_iter().find(|e| name_of(e) == norm(label)))
}

pub fn field(label: &str) -> Option<Node> {
    field_in(&scope(), label)
}

/// The radio `option` inside the fieldset whose legend is `group`.
pub fn radio_in_group(group: &str, option: &str) -> Option<Node> {
    let fieldset = all(&scope(), "fieldset")
        .into_iter()
        .find(|f| query(f, "legend").is_some_and(|l| norm(&text(&l, "textContent")) == norm(group)))?;
    field_in(&fieldset, option)
}

/// The region with this accessible name (`aria-label` or `aria-labelledby`).
pub fn region(name: &str) -> Option<Node> {
    let named = |e: &Node| match attribute(e, "aria-label") {
        Some(l) => norm(&l) == norm(name),
        None => attribute(e, "aria-labelledby")
            .and_then(|id| by_id(&id))
            .is_some_and(|l| norm(&text(&l, "textContent")) == norm(name)),
    };
    all(&scope(), "[aria-label], [aria-labelledby]").into_iter().find(|e| named(e))
}

/// The text a person sees on the whole screen (dialogs included): `body.innerText`.
pub fn screen_text() -> String {
    text(&prop(&document(), "body"), "innerText")
}

/// The path of the page shown.
pub fn path() -> String {
    text(&prop(&document(), "location"), "pathname")
}

/// Types `value` as a keyboard would: the value, then the bubbling `input` event the page
/// listens to (`new Event("input", { bubbles: true })`).
pub fn type_into(input: &Node, value: &str) {
    set_prop(input, "value", &JsValue::from_str(value));
    let init = js_sys::Object::new();
    set_prop(&init, "bubbles", &JsValue::TRUE);
    let args = js_sys::Array::new();
    set_prop(&args, "0", &JsValue::from_str("input"));
    set_prop(&args, "1", &init);
    let Ok(ctor) = prop(&leptos::prelude::window(), "Event").dyn_into::<js_sys::Function>() else { return };
    if let Ok(event) = js_sys::Reflect::construct(&ctor, &args) {
        call(input, "dispatchEvent", &event);
    }
}
