//! `/account/sessions` 「ログイン中の端末」: where this account is logged in (device, login
//! time, last use), this device marked, and a way to log any other one out — or all of
//! them at once — when a phone was lost or a shared computer left logged in.

use chrono::Utc;
use domain::api::SessionEntry;
use domain::dates::western_date_time;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::loading::Loading;
use crate::components::login_redirect::login_on_unauthorized;
use crate::components::page_heading::PageHeading;
use crate::components::status::{LiveStatus, StatusText};

const TITLE: &str = "ログイン中の端末";

#[component]
pub fn AccountSessionsPage() -> impl IntoView {
    let data = LocalResource::new(api::sessions);
    login_on_unauthorized(data);
    let (status, set_status) = signal(None::<StatusText>);
    // One action at a time: a second tap while one is on its way does nothing.
    let busy = RwSignal::new(false);
    let act = move |what: Action| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let said = match what {
                Action::One(id) => {
                    api::end_session(&id).await.map(|()| "選んだ端末をログアウトさせました。".to_string())
                }
                Action::Others => {
                    api::end_other_sessions().await.map(|r| format!("ほかの端末{}台をログアウトさせました。", r.ended))
                }
            };
            set_status.set(Some(match said {
                Ok(s) => StatusText::Success(s),
                Err(e) => StatusText::Error(e.detail),
            }));
            busy.set(false);
            data.refetch();
        });
    };
    view! {
        <Breadcrumbs trail=HOME current=TITLE/>
        <PageHeading text=TITLE/>
        <p>"このアカウントでログインしている端末です。心当たりのない端末や、使い終わった共用の端末は、ログアウトさせてください。"</p>
        <p>"30分間操作がないとき、またはログインから8時間たったときは、自動的にログアウトします。"</p>
        <LiveStatus text=status/>
        {move || match data.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) if e.is_unauthorized() => ().into_any(),
            Some(Err(e)) => view! { <p class="status-error" role="alert">{e.detail}</p> }.into_any(),
            Some(Ok(list)) => {
                let others = list.iter().filter(|s| !s.current).count();
                view! {
                    <ul class="application-list">
                        {list.into_iter().map(|s| view! { <SessionItem entry=s busy=busy on_end=act/> }).collect_view()}
                    </ul>
                    {(others > 0).then(|| view! {
                        <div class="button-row">
                            <button type="button" class="button button--danger" disabled=move || busy.get()
                                on:click=move |_| act(Action::Others)>
                                "ほかの端末をすべてログアウトさせる"
                            </button>
                        </div>
                    })}
                }
                .into_any()
            }
        }}
    }
}

#[derive(Clone)]
enum Action {
    One(String),
    Others,
}

#[component]
fn SessionItem(entry: SessionEntry, busy: RwSignal<bool>, on_end: impl Fn(Action) + Copy + 'static) -> impl IntoView {
    let heading_id = format!("session-{}", entry.id);
    let label = format!("{}をログアウトさせる", entry.device);
    let id = entry.id.clone();
    view! {
        <li class="session-item">
            <h2 class="session-item__device" id=heading_id>
                {entry.device.clone()}
                {entry.current.then(|| view! { <span class="badge">"この端末"</span> })}
            </h2>
            <dl class="session-item__times">
                <div><dt>"ログイン"</dt><dd>{western_date_time(entry.logged_in_at.with_timezone(&Utc))}</dd></div>
                <div><dt>"最後の操作"</dt><dd>{western_date_time(entry.last_seen_at.with_timezone(&Utc))}</dd></div>
            </dl>
            {(!entry.current).then(|| view! {
                <button type="button" class="button button--secondary" aria-label=label.clone()
                    disabled=move || busy.get() on:click=move |_| on_end(Action::One(id.clone()))>
                    "ログアウトさせる"
                </button>
            })}
        </li>
    }
}
