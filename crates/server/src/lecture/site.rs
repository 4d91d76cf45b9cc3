//! The lecture site's API (`/api/lecture-site/…`), a service of its own: its session is
//! its own cookie, made from a portal ticket; every request re-checks the lecture rule.
//! Both are bound to the portal session that asked (issue 24: on a shared phone the next
//! person saw the previous one's 受講者情報): the ticket is redeemed only with that portal
//! session in the same request, and every request needs it still live — a portal logout,
//! or someone else logging in, ends the lecture-site session.
//!
//! Its routes are declared in routes.rs:
//! * `POST /api/lecture-site/enter` `{ticket}` → 204 and the `lecture` cookie;
//! * `GET /api/lecture-site/attendee` → 「受講者情報」;
//! * `PUT /api/lecture-site/language` `{lang}` → 204;
//! * `GET /api/lecture-site/chapters/{n}` → the chapter (its content time starts);
//! * `POST /api/lecture-site/chapters/{n}/answer` `{choice}` → right or not, and what next.

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::Json;
use chrono::{Duration, Utc};
use domain::applications::ApplicationKind;
use domain::dates::{tokyo_date, western, western_date_time};
use domain::lecture::{
    chapter_seconds, prefecture, Answer, AnswerResult, Attendee, Chapter, ChooseLang, EnterLecture, Question,
};

use super::{available, content, speedup, LectureError, COOKIE, SESSION_SECS};
use crate::applications;
use crate::error::ApiResult;
use crate::ids::new_token;
use crate::json::ApiJson;
use crate::session::{cookie_token, hash_token, idle_cutoff, named_cookie, secure};
use crate::store::lecture::{self as store, Progress};
use crate::store::persons::{self, Person};
use crate::store::sessions;
use crate::AppState;

/// The portal session of this request (the portal's own cookie, sent to the lecture site
/// on the same origin): its person and chain, if live.
async fn portal_session(state: &AppState, headers: &HeaderMap) -> ApiResult<Option<(String, String)>> {
    let Some(token) = crate::session::token_from(&state.config, headers) else { return Ok(None) };
    let now = state.wall.now();
    Ok(sessions::person_and_chain(&state.store, &hash_token(token), now, idle_cutoff(now)).await?)
}

/// The ticket becomes a lecture-site session (the ticket is used up either way), redeemed
/// with the portal session it was given to.
pub(super) async fn enter(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<EnterLecture>,
) -> ApiResult<impl IntoResponse> {
    let valid = body.ticket.len() == 64 && body.ticket.bytes().all(|b| b.is_ascii_hexdigit());
    let taken = match valid {
        true => store::take_ticket(&state.store, &hash_token(&body.ticket), state.wall.now()).await?,
        false => None,
    };
    let (person_id, ticket_chain) = taken.ok_or(LectureError::TicketInvalid)?;
    let portal = portal_session(&state, &headers).await?;
    let chain = match (portal, ticket_chain) {
        (Some((holder, chain)), Some(wanted)) if holder == person_id && chain == wanted => chain,
        _ => return Err(LectureError::TicketInvalid.into()),
    };
    let person = persons::get(&state.store, &person_id).await?.ok_or(LectureError::TicketInvalid)?;
    let today = tokyo_date(state.clock.now(&state.store).await?);
    let (class, expiry) = available(&person, today).map_err(LectureError::NotAvailable)?;
    store::start(&state.store, &person.id, expiry, class).await?;
    let token = new_token();
    let expires_at = state.wall.now() + Duration::seconds(SESSION_SECS);
    store::insert_session(&state.store, &hash_token(&token), &person.id, &chain, expires_at).await?;
    let cookie = named_cookie(COOKIE.get(&state.config), &token, SESSION_SECS, secure(&state.config));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]))
}

/// The attendee of this request's lecture-site session, and their lecture.
async fn attending(state: &AppState, headers: &HeaderMap) -> ApiResult<(Person, Progress)> {
    let token = cookie_token(headers, COOKIE.get(&state.config)).ok_or(LectureError::NoAttendee)?;
    let hash = hash_token(token);
    let bound = match portal_session(state, headers).await? {
        Some((_, chain)) => store::session_person(&state.store, &hash, &chain, state.wall.now()).await?,
        None => None,
    };
    let Some(person_id) = bound else {
        // No portal session, or another one than it was opened from: it ends here.
        store::delete_session(&state.store, &hash).await?;
        return Err(LectureError::NoAttendee.into());
    };
    let person = persons::get(&state.store, &person_id).await?.ok_or(LectureError::NoAttendee)?;
    let today = tokyo_date(state.clock.now(&state.store).await?);
    let (class, expiry) = available(&person, today).map_err(LectureError::NotAvailable)?;
    let progress = store::start(&state.store, &person.id, expiry, class).await?;
    Ok((person, progress))
}

pub(super) async fn attendee(State(state): State<AppState>, headers: HeaderMap) -> ApiResult<Json<Attendee>> {
    let (person, p) = attending(&state, &headers).await?;
    Ok(Json(Attendee {
        name: person.name.clone(),
        commission: prefecture(&person.address).unwrap_or("—").to_string(),
        kind: "免許更新時講習".into(),
        class: p.class,
        lang: p.lang,
        chapters: content::CHAPTERS,
        chapters_done: p.chapters_done,
        completed: p.completed_at.is_some(),
    }))
}

pub(super) async fn language(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<ChooseLang>,
) -> ApiResult<StatusCode> {
    let (person, p) = attending(&state, &headers).await?;
    store::set_lang(&state.store, &person.id, p.expiry, body.lang).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Chapters 1..=done+1 open; the current one's content time starts when it is first opened.
fn open_chapter(p: &Progress, n: u32) -> ApiResult<()> {
    if n == 0 || n > content::CHAPTERS {
        return Err(LectureError::NoSuchChapter.into());
    }
    let current = (p.chapters_done + 1).min(content::CHAPTERS);
    if n > p.chapters_done + 1 {
        return Err(LectureError::ChapterLocked { current }.into());
    }
    Ok(())
}

/// Seconds of the current chapter's content still to play.
fn seconds_left(state: &AppState, p: &Progress, n: u32) -> u32 {
    if n <= p.chapters_done {
        return 0;
    }
    let needed = i64::from(chapter_seconds(p.class, content::CHAPTERS, speedup(state)));
    let played = p.chapter_started_at.map_or(0, |t| (state.wall.now() - t).num_seconds().max(0));
    u32::try_from((needed - played).max(0)).unwrap_or(0)
}

pub(super) async fn chapter(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(n): Path<u32>,
) -> ApiResult<Json<Chapter>> {
    let (_, mut p) = attending(&state, &headers).await?;
    open_chapter(&p, n)?;
    if n == p.chapters_done + 1 && p.chapter_started_at.is_none() {
        store::mark_chapter_started(&state.store, &p, state.wall.now()).await?;
        p = store::progress(&state.store, &p.person_id, p.expiry).await?.unwrap_or(p);
    }
    let text = content::chapter(p.lang, n).ok_or(LectureError::NoSuchChapter)?;
    Ok(Json(Chapter {
        number: n,
        chapters: content::CHAPTERS,
        title: text.title.into(),
        paragraphs: text.paragraphs.iter().map(|s| s.to_string()).collect(),
        video_captions: text.captions.iter().map(|s| s.to_string()).collect(),
        seconds: chapter_seconds(p.class, content::CHAPTERS, speedup(&state)),
        seconds_left: seconds_left(&state, &p, n),
        question: Question {
            text: text.question.into(),
            choices: text.choices.iter().map(|s| s.to_string()).collect(),
        },
        done: n <= p.chapters_done,
    }))
}

pub(super) async fn answer(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(n): Path<u32>,
    ApiJson(body): ApiJson<Answer>,
) -> ApiResult<Json<AnswerResult>> {
    let (person, p) = attending(&state, &headers).await?;
    open_chapter(&p, n)?;
    let text = content::chapter(p.lang, n).ok_or(LectureError::NoSuchChapter)?;
    if body.choice as usize >= text.choices.len() {
        return Err(LectureError::InvalidChoice.into());
    }
    let left = seconds_left(&state, &p, n);
    if left > 0 {
        return Err(LectureError::ContentTimeRemaining { seconds: left }.into());
    }
    let correct = body.choice == text.answer;
    let last = n == content::CHAPTERS;
    let mut result = AnswerResult {
        correct,
        explanation: text.explanation.into(),
        next: None,
        completed: false,
        completed_at: p.completed_at,
    };
    if !correct {
        return Ok(Json(result));
    }
    if n == p.chapters_done + 1 {
        let now = state.clock.now(&state.store).await?;
        let completed_at = last.then_some(now);
        let mut tx = state.store.begin().await?;
        store::advance(&mut tx, &p, n, completed_at).await?;
        tx.commit().await?;
        result.completed_at = completed_at.or(result.completed_at);
    }
    if last {
        completion_application(&state, &person, &p).await?;
        result.completed = true;
    } else {
        result.next = Some(n + 1);
    }
    Ok(Json(result))
}

/// The completed lecture as an application, once per renewal (its key names the renewal):
/// the worker records it and sends 「オンライン講習の受講完了について」.
async fn completion_application(state: &AppState, person: &Person, p: &Progress) -> ApiResult<()> {
    let progress = store::progress(&state.store, &person.id, p.expiry).await?.unwrap_or_else(|| p.clone());
    let at = western_date_time(progress.completed_at.unwrap_or_else(Utc::now));
    let document = effects_document(&person.id, p, &at);
    let key = format!("lecture-{}", p.expiry);
    applications::submit(state, person, ApplicationKind::OnlineLecture, &document, &key).await?;
    Ok(())
}

fn effects_document(person_id: &str, p: &Progress, at: &str) -> String {
    super::effects::document(person_id, p.class, &western(p.expiry), at)
}
