//! `/license` — the licence or driving-history record (manual 2章②), or the way to link.

mod fetched_text;
mod history_view;
mod license_view;
mod person_fields;
mod procedures;
mod record_page;
mod renewal_notice;
mod unlinked;

use domain::license::LicenseResponse;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

#[component]
pub fn LicensePage() -> impl IntoView {
    // With the record the server painted into the page (boot.rs), mount from it at once;
    // otherwise (navigation inside the app, no session) ask for it.
    let data: Signal<Option<Result<LicenseResponse, api::ApiError>>> = match crate::boot::take_license() {
        Some(response) => Signal::stored(Some(Ok(response))),
        None => {
            let resource = LocalResource::new(api::license);
            Signal::derive(move || resource.get())
        }
    };
    let navigate = use_navigate();
    // Not logged in: go to /login and come back here afterwards.
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            if e.is_unauthorized() {
                navigate("/login?next=/license", NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    move || match data.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) if e.is_unauthorized() => ().into_any(),
        Some(Err(e)) => view! {
            <Breadcrumbs trail=HOME current="運転免許"/>
            <PageHeading text="運転免許"/>
            <p class="status-error" role="alert">{e.detail}</p>
        }
        .into_any(),
        Some(Ok(LicenseResponse::Unlinked { status, can_link, lead })) => {
            view! { <unlinked::UnlinkedView status can_link lead/> }.into_any()
        }
        Some(Ok(LicenseResponse::Linked(record))) => view! { <record_page::RecordPage record=*record/> }.into_any(),
    }
}
