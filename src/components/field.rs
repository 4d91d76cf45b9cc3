//! One labelled value of a record: `<div class="field"><dt>…</dt><dd>…</dd></div>`.

use leptos::prelude::*;

#[component]
pub fn Field(label: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="field">
            <dt>{label}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

/// A list value (取得済免許, 免許の条件, 備考); an empty list reads 「記載なし」.
#[component]
pub fn ListValue(items: Vec<String>) -> impl IntoView {
    if items.is_empty() {
        return view! { <span>"記載なし"</span> }.into_any();
    }
    view! { <ul class="value-list">{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any()
}
