//! Pages that need a logged-in person: loads `/api/session`, sends others to `/login`
//! (coming back to `next` afterwards), and renders `children` with the session.

use domain::api::SessionInfo;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::loading::Loading;
use crate::api;

#[component]
pub fn RequireSession<V, F>(next: &'static str, children: F) -> impl IntoView
where
    F: Fn(SessionInfo) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let session = LocalResource::new(api::session);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Err(e)) = session.get() {
            if e.is_unauthorized() {
                navigate(&format!("/login?next={next}"), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    move || match session.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) if e.is_unauthorized() => ().into_any(),
        Some(Err(e)) => view! { <p class="status-error" role="alert">{e.detail}</p> }.into_any(),
        Some(Ok(s)) => children(s).into_any(),
    }
}
