//! Breadcrumbs: ホーム > … > current page (not a link, marked aria-current).

use leptos::prelude::*;

/// `trail` lists the ancestors as (label, href); `current` is this page.
#[component]
pub fn Breadcrumbs(trail: &'static [(&'static str, &'static str)], current: &'static str) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label="パンくずリスト">
            <ol>
                {trail.iter().map(|(label, href)| view! { <li><a href=*href>{*label}</a></li> }).collect_view()}
                <li aria-current="page">{current}</li>
            </ol>
        </nav>
    }
}

/// The trail every licence page starts with.
pub const HOME: &[(&str, &str)] = &[("ホーム", "/")];
