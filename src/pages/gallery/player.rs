//! Plays a [`routes::scenes::Scene`]: resets the demo, logs its person in, then does what
//! the scene says on the real screens (the router's navigation, clicks, typing) until the
//! screen shows the scene's text. It runs on after the gallery page is gone (the task
//! holds no signal of it), which is the point: it drives the pages it opens.
//!
//! When done, `<html data-scene="KEY">` says so (the e2e suite and the screenshots wait
//! for it); on a failure, `data-scene-error` holds why and the console says it.

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use routes::scenes::{flat_acts, Act, Control, Pin, Scene, Who};

use super::dom;
use crate::api;
use crate::components::bell::UnreadNotices;

/// How long one act may wait for its control or text: longer than a held card's 20 s.
const ACT_TIMEOUT_MS: i32 = 40_000;
const POLL_MS: i32 = 25;
/// How long a found control must stay the same before it is used.
const SETTLE_MS: i32 = 80;

pub type Navigate = Rc<dyn Fn(&str, NavigateOptions)>;

pub async fn play(scene: &'static Scene, navigate: Navigate, header: Option<UnreadNotices>) {
    let root = document().document_element();
    // Emptied (not removed: one binding less in the first view's glue); empty is "not yet".
    if let Some(root) = &root {
        let _ = root.set_attribute("data-scene", "");
        let _ = root.set_attribute("data-scene-error", "");
    }
    match run(scene, navigate, header).await {
        Ok(()) => {
            if let Some(root) = &root {
                let _ = root.set_attribute("data-scene", scene.key);
            }
        }
        Err(why) => {
            let why = format!("scene {}: {why}", scene.key);
            leptos::logging::error!("{why}");
            if let Some(root) = &root {
                let _ = root.set_attribute("data-scene-error", &why);
            }
        }
    }
}

async fn run(scene: &'static Scene, navigate: Navigate, header: Option<UnreadNotices>) -> Result<(), String> {
    api::demo_reset().await.map_err(|e| format!("reset: {}", e.detail))?;
    if let Who::Person(id) = scene.who {
        api::demo_login(id).await.map_err(|e| format!("login: {}", e.detail))?;
    }
    if let Some(header) = header {
        header.refresh();
    }
    let card = scene.who.card();
    for act in flat_acts(scene.acts) {
        step(act, card, &navigate).await.map_err(|e| format!("{act:?}: {e}"))?;
    }
    until(|| dom::screen_text().contains(scene.shows)).await.map_err(|_| format!("never showed {:?}", scene.shows))
}

async fn step(act: Act, card: &str, navigate: &Navigate) -> Result<(), String> {
    let failed = |e: api::ApiError| e.detail;
    match act {
        Act::Go(url) => navigate(url, NavigateOptions::default()),
        Act::At(route) => until(|| routes::matches(route, &dom::path()).is_some()).await?,
        Act::Set(control) => set(control, card).await?,
        Act::Process => api::demo_process().await.map(|_| ()).map_err(failed)?,
        Act::JlisAddress(address) => {
            let change = domain::onestop::JlisChange {
                person: card.to_string(),
                address: Some(address.to_string()),
                name: None,
                birth_date: None,
            };
            api::demo_jlis_change(&change).await.map(|_| ()).map_err(failed)?
        }
        Act::Click(label) => dom::press(&settled(|| dom::control(label).filter(|e| !dom::disabled(e))).await?),
        Act::ClickIfEnabled(label) => {
            let control = settled(|| dom::control(label)).await?;
            if !dom::disabled(&control) {
                dom::press(&control);
            }
        }
        Act::Fill(label, value) => dom::type_into(&settled(|| dom::field(label)).await?, value),
        Act::Check(label) => {
            let input = settled(|| dom::field(label).filter(|e| !dom::disabled(e))).await?;
            if !dom::checked(&input) {
                dom::press(&input);
            }
        }
        Act::Choose(group, option) => {
            let input = settled(|| dom::radio_in_group(group, option)).await?;
            if !dom::checked(&input) {
                dom::press(&input);
            }
        }
        Act::ScrollToEnd(name) => {
            dom::scroll_to_end(&found(|| dom::region(name).filter(dom::scrollable)).await?);
        }
        Act::Enabled(label) => {
            until(|| {
                dom::field(label)
                    .map(|f| !dom::disabled(&f))
                    .or_else(|| dom::control(label).map(|c| !dom::disabled(&c)))
                    == Some(true)
            })
            .await?
        }
        Act::Invalid(label) => until(|| dom::field(label).is_some_and(|f| dom::invalid(&f))).await?,
        Act::Shows(text) => until(|| dom::screen_text().contains(text)).await?,
        // Opened by flat_acts.
        Act::Walk(_) => {}
    }
    // Let the page react (effects, focus) before the next act looks at it; an act that
    // changes the URL is followed by an `At` in the scenes, so this only needs a frame.
    sleep(20).await;
    Ok(())
}

async fn set(control: Control, card: &str) -> Result<(), String> {
    let result = match control {
        Control::Tries(pin, left) => {
            let pin = match pin {
                Pin::CardInfo => domain::api::DemoPin::CardInfo,
                Pin::Auth => domain::api::DemoPin::Auth,
                Pin::Signing => domain::api::DemoPin::Signing,
            };
            api::demo_card_pin(card, pin, left).await
        }
        Control::Hold(after) => api::demo_card_hold(card, after).await,
        Control::Removal(after) => api::demo_card_removal(card, after).await,
        Control::Clock(at) => {
            let now = chrono::DateTime::parse_from_rfc3339(at).map_err(|e| format!("{at}: {e}"))?;
            api::demo_set_clock(&domain::api::DemoClock { now }).await.map(|_| ())
        }
    };
    result.map_err(|e| e.detail)
}

/// Waits for `find` to find an element that is still the one found a moment later, with
/// nothing on the screen loading: a page that renders twice (a lazy chunk, a session
/// check) replaces its first controls, and a person never presses those.
async fn settled(find: impl Fn() -> Option<dom::Node>) -> Result<dom::Node, String> {
    for _ in 0..ACT_TIMEOUT_MS / SETTLE_MS {
        let first = found(&find).await?;
        sleep(SETTLE_MS).await;
        if !dom::loading() && find().as_ref() == Some(&first) {
            return Ok(first);
        }
    }
    Err("never settled on the screen".into())
}

/// Waits for `find` to find something.
async fn found<T>(find: impl Fn() -> Option<T>) -> Result<T, String> {
    // Counted in polls, not read off a clock (the time the page takes counts a little more).
    for _ in 0..ACT_TIMEOUT_MS / POLL_MS {
        if let Some(found) = find() {
            return Ok(found);
        }
        sleep(POLL_MS).await;
    }
    Err("not found on the screen".into())
}

async fn until(test: impl Fn() -> bool) -> Result<(), String> {
    found(|| test().then_some(())).await.map_err(|_| "timed out".into())
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
