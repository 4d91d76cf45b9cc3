//! `/` — the portal home. Every licence service starts from its 「運転免許」 entry (manual 1章②).

use leptos::prelude::*;

use crate::components::page_heading::PageHeading;

#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <PageHeading text="ホーム"/>
        <p class="lead">"マイナポータルで利用できるサービスを選んでください。"</p>
        <ul class="menu-grid">
            <li>
                <a class="menu-tile" href="/license">
                    <svg class="menu-tile__icon" viewBox="0 0 24 24" width="32" height="32" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M3 5h18a1 1 0 0 1 1 1v12a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V6a1 1 0 0 1 1-1Zm1 2v10h16V7H4Zm2 2h5v5H6V9Zm7 0h5v1.5h-5V9Zm0 3h5v1.5h-5V12Z"/>
                    </svg>
                    <span class="menu-tile__label">"運転免許"</span>
                </a>
            </li>
        </ul>
    }
}
