//! 受講完了 on the lecture site: what it means (the centre visit remains), and the way back
//! to the portal. Only for a lecture the server holds as complete.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::attendee::Refused;
use super::texts::texts;
use crate::api;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

#[component]
pub fn LectureCompletePage() -> impl IntoView {
    let attendee = LocalResource::new(api::lecture_attendee);
    let navigate = use_navigate();
    // Not complete yet (an address typed in): to where the lecture stands.
    Effect::new(move |_| {
        if let Some(Ok(a)) = attendee.get() {
            if !a.completed {
                let to = format!("/lecture/chapters/{}", (a.chapters_done + 1).min(a.chapters));
                navigate(&to, NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    move || match attendee.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <Refused detail=e.detail/> }.into_any(),
        Some(Ok(a)) if !a.completed => ().into_any(),
        Some(Ok(a)) => {
            let t = texts(a.lang);
            view! {
                <div class="lang-scope" lang=a.lang.code()>
                <PageHeading text=t.completed/>
                <section class="panel panel--success" aria-labelledby="lecture-complete">
                    <h2 id="lecture-complete">{t.completed}</h2>
                    <p>{t.completed_text}</p>
                </section>
                <div class="button-row">
                    <a class="button button--primary" href="/license/lecture">{t.back_to_portal}</a>
                </div>
                </div>
            }
            .into_any()
        }
    }
}
