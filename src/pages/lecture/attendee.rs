//! The lecture site's 「受講者情報」 (manual 3章① step 3): 氏名, 公安委員会, 講習種別, 講習区分,
//! 「言語選択/Language selection」 (applied by 「切り替える/Switch」) and 「受講を開始する」. Opened from the portal with
//! `?ticket=…`: the ticket is swapped for the lecture site's session first, and dropped
//! from the address (so neither a reload nor the history holds it).

use domain::lecture::{Attendee, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::texts::{class_label, texts, LANGUAGE_LABEL, SWITCH_LABEL};
use crate::api;
use crate::components::field::Field;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

#[component]
pub fn LectureAttendeePage() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    // None: checking; Some(Ok): entered (or already in); Some(Err): the ticket was refused.
    let entered = RwSignal::new(None::<Result<(), String>>);
    let ticket = query.read_untracked().get("ticket");
    match ticket {
        None => entered.set(Some(Ok(()))),
        Some(ticket) => spawn_local(async move {
            let outcome = api::lecture_enter(&ticket).await.map_err(|e| e.detail);
            if outcome.is_ok() {
                navigate("/lecture", NavigateOptions { replace: true, ..Default::default() });
            }
            entered.set(Some(outcome));
        }),
    }
    move || match entered.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(detail)) => view! { <Refused detail=detail/> }.into_any(),
        Some(Ok(())) => view! { <Loaded/> }.into_any(),
    }
}

/// No lecture-site session: the way back is the portal's 「受講する」.
#[component]
pub(super) fn Refused(detail: String) -> impl IntoView {
    view! {
        <PageHeading text="受講者情報"/>
        <p class="status-error" role="alert">{detail}</p>
        <p><a href="/license/lecture">"マイナポータルの「オンライン講習の受講」へ"</a></p>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let attendee = LocalResource::new(api::lecture_attendee);
    move || match attendee.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! { <Refused detail=e.detail/> }.into_any(),
        Some(Ok(a)) => view! { <Info attendee=a refetch=move || attendee.refetch()/> }.into_any(),
    }
}

#[component]
fn Info(attendee: Attendee, refetch: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let navigate = use_navigate();
    let t = texts(attendee.lang);
    let next = if attendee.completed {
        "/lecture/complete".to_string()
    } else {
        format!("/lecture/chapters/{}", (attendee.chapters_done + 1).min(attendee.chapters))
    };
    let label = if attendee.chapters_done > 0 && !attendee.completed { t.resume } else { t.start };
    // WCAG 3.2.2: choosing in the select changes nothing; 「切り替える」 (the form's submit)
    // switches the page's language.
    let current = attendee.lang;
    let chosen = RwSignal::new(current);
    let switch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = chosen.get_untracked();
        if lang == current {
            return;
        }
        let refetch = refetch.clone();
        spawn_local(async move {
            if api::lecture_language(lang).await.is_ok() {
                refetch();
            }
        });
    };
    // In the attendee's language (WCAG 3.1.2); the name and 交付公安委員会 stay as written.
    view! {
        <div class="lang-scope" lang=attendee.lang.code()>
        <PageHeading text=t.attendee/>
        <dl class="record">
            <Field label=t.name>{attendee.name.clone()}</Field>
            <Field label=t.commission>{attendee.commission.clone()}</Field>
            <Field label=t.kind>{t.kind_value}</Field>
            <Field label=t.class>{class_label(attendee.class, attendee.lang)}</Field>
        </dl>
        <form on:submit=switch><p class="select-field">
            <label for="lecture-language">{LANGUAGE_LABEL}</label>
            <span class="inline-form">
                <select id="lecture-language"
                    on:change=move |ev| { if let Some(l) = Lang::from_code(&event_target_value(&ev)) { chosen.set(l) } }>
                    {Lang::ALL.into_iter().map(|l| view! {
                        <option value=l.code() lang=l.code() selected=l == current>{l.label()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button--secondary">
                    {SWITCH_LABEL}
                </button>
            </span>
        </p></form>
        <div class="button-row">
            <button type="button" class="button button--primary" on:click=move |_| navigate(&next, Default::default())>{label}</button>
        </div>
        <ul class="link-list">
            <li><a href="/lecture/help/manual">{"> "}{t.manual}</a></li>
            <li><a href="/lecture/help/faq">{"> "}{t.faq}</a></li>
        </ul>
        </div>
    }
}
