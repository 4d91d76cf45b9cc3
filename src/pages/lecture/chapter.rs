//! A chapter of the lecture (`/lecture/chapters/:n`): its text, a video-shaped player whose
//! content must play to the end (its captions shown as text), and the question that must
//! be answered right to go on. The server keeps where the person is: a chapter after the
//! current one sends them to the current one.

use std::time::Duration;

use domain::lecture::{AnswerResult, Chapter, Lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use leptos_router::NavigateOptions;

use super::attendee::Refused;
use super::texts::{chapter_of, texts};
use crate::api;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

#[component]
pub fn LectureChapterPage() -> impl IntoView {
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("n").and_then(|n| n.parse::<u32>().ok()).unwrap_or(0));
    move || {
        let n = number.get();
        view! { <Loaded n=n/> }
    }
}

#[component]
fn Loaded(n: u32) -> impl IntoView {
    let navigate = use_navigate();
    let attendee = LocalResource::new(api::lecture_attendee);
    let chapter = LocalResource::new(move || api::lecture_chapter(n));
    // A chapter not open yet: to the current one.
    Effect::new(move |_| {
        if let (Some(Err(e)), Some(Ok(a))) = (chapter.get(), attendee.get()) {
            if e.code == "chapter_locked" {
                let to = format!("/lecture/chapters/{}", (a.chapters_done + 1).min(a.chapters));
                navigate(&to, NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
    move || match (chapter.get(), attendee.get()) {
        (None, _) | (_, None) => view! { <Loading/> }.into_any(),
        (Some(Err(e)), _) if e.code == "chapter_locked" => ().into_any(),
        (Some(Err(e)), _) => view! { <Refused detail=e.detail/> }.into_any(),
        (_, Some(Err(e))) => view! { <Refused detail=e.detail/> }.into_any(),
        (Some(Ok(c)), Some(Ok(a))) => view! { <ChapterView chapter=c lang=a.lang/> }.into_any(),
    }
}

#[component]
fn ChapterView(chapter: Chapter, lang: Lang) -> impl IntoView {
    let t = texts(lang);
    let heading = format!("{}　{}", chapter_of(lang, chapter.number, chapter.chapters), chapter.title);
    // Seconds played of the chapter's content; looked-at-again chapters count as played.
    let total = chapter.seconds.max(1);
    let played = RwSignal::new(if chapter.done { total } else { total - chapter.seconds_left.min(total) });
    let playing = RwSignal::new(false);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(h) = timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
        playing.set(false);
    };
    on_cleanup(stop);
    let toggle = move |_| {
        if playing.get_untracked() {
            stop();
            return;
        }
        if played.get_untracked() >= total {
            return;
        }
        playing.set(true);
        let handle = set_interval_with_handle(
            move || {
                played.update(|p| *p = (*p + 1).min(total));
                if played.get_untracked() >= total {
                    stop();
                }
            },
            Duration::from_secs(1),
        )
        .ok();
        timer.set_value(handle);
    };
    let finished = move || played.get() >= total;
    let percent = move || played.get() * 100 / total;
    // The chapter is in the attendee's language (WCAG 3.1.2: English marked `en`).
    view! {
        <div class="lang-scope" lang=lang.code()>
        <PageHeading text=heading/>
        {chapter.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
        <figure class="lecture-video" aria-labelledby="lecture-video-label">
            <figcaption id="lecture-video-label">{t.video}</figcaption>
            <div class="lecture-video__screen" aria-hidden="true">
                <span class="lecture-video__icon">{move || if playing.get() { "❚❚" } else { "▶" }}</span>
            </div>
            <div class="lecture-video__controls">
                <button type="button" class="button button--secondary" on:click=toggle aria-pressed=move || playing.get().to_string()
                    disabled=finished>{move || if playing.get() { t.pause } else { t.play }}</button>
                <div class="lecture-video__bar" role="progressbar" aria-label=t.video aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=move || percent().to_string()>
                    <span class="lecture-video__fill" style:width=move || format!("{}%", percent())></span>
                </div>
            </div>
            <p class="status-success" role="status">{move || finished().then_some(t.played)}</p>
            <details class="lecture-video__captions">
                <summary>{t.captions}</summary>
                {chapter.video_captions.iter().map(|c| view! { <p>{c.clone()}</p> }).collect_view()}
            </details>
        </figure>
        <Quiz chapter=chapter.clone() lang=lang finished=Signal::derive(finished)/>
        </div>
    }
}

#[component]
fn Quiz(chapter: Chapter, lang: Lang, finished: Signal<bool>) -> impl IntoView {
    let t = texts(lang);
    let navigate = use_navigate();
    let chosen = RwSignal::new(None::<u32>);
    let result = RwSignal::new(None::<AnswerResult>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let n = chapter.number;
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(choice) = chosen.get_untracked() else { return };
        if busy.get_untracked() || !finished.get_untracked() {
            error.set(Some(t.watch_first.into()));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::lecture_answer(n, choice).await {
                Ok(r) => result.set(Some(r)),
                Err(e) => error.set(Some(e.detail)),
            }
            busy.set(false);
        });
    };
    let go_on = move |_| {
        let Some(r) = result.get_untracked() else { return };
        let to = if r.completed {
            "/lecture/complete".to_string()
        } else {
            format!("/lecture/chapters/{}", r.next.unwrap_or(n + 1))
        };
        navigate(&to, Default::default());
    };
    view! {
        <form class="lecture-quiz" on:submit=send>
            <fieldset>
                <legend><span class="lecture-quiz__label">{t.question}</span>" "{chapter.question.text.clone()}</legend>
                {chapter.question.choices.iter().enumerate().map(|(i, c)| {
                    let i = i as u32;
                    let id = format!("lecture-choice-{i}");
                    view! {
                        <p class="radio">
                            <input type="radio" name="lecture-choice" id=id.clone() value=i.to_string()
                                on:change=move |_| { chosen.set(Some(i)); result.set(None); }/>
                            <label for=id>{c.clone()}</label>
                        </p>
                    }
                }).collect_view()}
            </fieldset>
            <div role="alert" class="form-error">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
            <div role="status" class="lecture-quiz__result">
                {move || result.get().map(|r| view! {
                    <p class=if r.correct { "status-success" } else { "status-error" }>{if r.correct { t.correct } else { t.wrong }}</p>
                    <p>{r.explanation.clone()}</p>
                })}
            </div>
            <div class="button-row">
                {move || match result.get() {
                    Some(r) if r.correct => view! {
                        <button type="button" class="button button--primary" on:click=go_on.clone()>
                            {if r.completed { t.finish } else { t.next_chapter }}
                        </button>
                    }.into_any(),
                    _ => view! {
                        <button type="submit" class="button button--primary"
                            disabled=move || chosen.get().is_none() || busy.get()>{t.answer}</button>
                    }.into_any(),
                }}
            </div>
        </form>
    }
}
