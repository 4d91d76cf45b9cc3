//! `/login` — login with the card. Until card login lands (bridge issue), demo mode
//! lists the demo people, each a button named by 氏名, which log in without a card read.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::page_heading::PageHeading;
use crate::components::status::{LiveStatus, StatusText};

/// Only same-site paths are followed after login (no open redirect).
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/license".to_string(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let people = LocalResource::new(api::demo_people);
    let (status, set_status) = signal(None::<StatusText>);
    let navigate = use_navigate();
    let login = move |id: String| {
        let next = safe_next(query.read_untracked().get("next"));
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::demo_login(&id).await {
                Ok(_) => navigate(&next, NavigateOptions { replace: true, ..Default::default() }),
                Err(e) => set_status.set(Some(StatusText::Error(e.detail))),
            }
        });
    };
    view! {
        <PageHeading text="ログイン"/>
        <p class="lead">"マイナンバーカードを使ってログインします。"</p>
        <p>"カードの読み取りによるログイン（利用者証明用電子証明書）は、カード読み取り機能とともに提供します。"</p>
        {move || people.get().and_then(Result::ok).map(|people| {
            let login = login.clone();
            view! {
                <section class="panel" aria-labelledby="demo-people-heading">
                    <h2 id="demo-people-heading">"デモ利用者でログイン"</h2>
                    <p>"デモ用の利用者を選んでください。"</p>
                    <ul class="person-list">
                        {people.into_iter().map(|p| {
                            let login = login.clone();
                            let id = p.id.clone();
                            view! {
                                <li>
                                    <button type="button" class="button button--secondary" on:click=move |_| login(id.clone())>{p.name}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })}
        <LiveStatus text=status/>
    }
}
