//! Start and renew, step 3-1 (4)–(6): 「住所変更ワンストップサービス等利用同意項目選択」: the
//! current state as of the business clock, one radio group per item (pre-selected from it,
//! or from what was chosen before a reload), 「利用を開始」 (refused inline unless one item
//! is 「同意する」) → signing PIN → card read (`?step=card`) → the completion notice.

use domain::onestop::{ConsentItem, ConsentItems, OnestopFlow, OnestopStatus, SignedConsent};
use domain::wareki::wareki_date_time;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::flows::{
    crumb, done_step, items_step, kept_steps, label, restart, step, FlowScreen, Restart, SELECT_HEADING,
};
use super::parts::{signing_flow, ConsentDates, ConsentTable, FlowLabel};
use super::LinkedOnly;
use crate::api;
use crate::components::card_step::CardStepView;
use crate::components::focus::focus_id_later;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

const SUBMIT_ID: &str = "onestop-submit";
const ERROR_ID: &str = "onestop-choice-error";
/// The inline refusal of 「利用を開始」 with every item 「同意しない」.
const NONE_CHOSEN: &str =
    "「同意する」を選んだ項目がありません。利用を開始するには、少なくとも1つの項目で「同意する」を選んでください。";

#[component]
pub fn OnestopStartItemsPage() -> impl IntoView {
    view! { <ItemsPage flow=OnestopFlow::Start/> }
}

#[component]
pub fn OnestopRenewItemsPage() -> impl IntoView {
    view! { <ItemsPage flow=OnestopFlow::Renew/> }
}

#[component]
fn ItemsPage(flow: OnestopFlow) -> impl IntoView {
    view! {
        <LinkedOnly current=crumb(flow) next=items_step(flow) heading=SELECT_HEADING>
            <Loaded flow=flow/>
        </LinkedOnly>
    }
}

#[component]
fn Loaded(flow: OnestopFlow) -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    let steps = kept_steps(flow);
    Effect::new(move |_| {
        if let Some(Ok(s)) = steps.get() {
            if !s.terms_agreed {
                restart(flow, Restart::TermsNotAgreed);
            }
        }
    });
    move || match (status.get(), steps.get()) {
        (None, _) | (_, None) => view! { <Loading/> }.into_any(),
        (Some(Err(e)), _) | (_, Some(Err(e))) => view! {
            <PageHeading text=SELECT_HEADING/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        (Some(Ok(_)), Some(Ok(k))) if !k.terms_agreed => ().into_any(),
        (Some(Ok(s)), Some(Ok(k))) => {
            let chosen = k.items.unwrap_or(s.items);
            view! { <Items flow=flow status=s chosen=chosen/> }.into_any()
        }
    }
}

#[component]
fn Items(flow: OnestopFlow, status: OnestopStatus, chosen: ConsentItems) -> impl IntoView {
    let chosen = RwSignal::new(chosen);
    let error = RwSignal::new(None::<&'static str>);
    // One key per visit of this screen: a double tap or a retry is the same application.
    let key = StoredValue::new(api::new_idempotency_key());
    let card = signing_flow();

    // 「読み取り開始」: a challenge naming the chosen items, signed by the card, submitted.
    card.on_read(move |access| async move {
        let items = chosen.get_untracked();
        let challenge = api::onestop_consent_challenge(items).await?;
        let body = SignedConsent { signed: access.answer(&challenge).await?, items };
        api::onestop_consent(&body, &key.get_value()).await?;
        card.go_on(done_step(flow));
        Ok(())
    });

    // The choice is kept by the server as it is made: a reload shows it again.
    let keep = move || {
        let items = chosen.get_untracked();
        spawn_local(async move {
            let _ = api::onestop_keep_items(flow, items).await;
        });
    };
    let start = move |_| {
        if !chosen.get_untracked().any() {
            error.set(Some(NONE_CHOSEN));
            focus_id_later(ERROR_ID.to_string());
            return;
        }
        error.set(None);
        keep();
        card.open(Some(SUBMIT_ID.to_string()));
    };
    let cancel = {
        let navigate = use_navigate();
        move |_| navigate("/license/onestop", Default::default())
    };
    let as_of = wareki_date_time(status.as_of);
    view! {
        <CardStepView flow=card read_step=step(flow, FlowScreen::Read)>
            <FlowLabel text=label(flow)/>
            <PageHeading text=SELECT_HEADING step=step(flow, FlowScreen::Items)/>
            <p>"項目ごとに「同意する」か「同意しない」を選び、「利用を開始」を押してください。"<br/>
                "いま同意済の項目も、続けて自動で変更したいときは「同意する」を選んでください。"</p>
            <section class="onestop-current" aria-labelledby="onestop-current">
                <h2 id="onestop-current">{format!("現在の状況 ※{as_of}時点")}</h2>
                <ConsentTable items=status.items caption="現在の同意状況"/>
                <ConsentDates status=status.clone()/>
            </section>
            <section class="onestop-choice" aria-labelledby="onestop-choice">
                <h2 id="onestop-choice">"同意選択"</h2>
                {ConsentItem::ALL.into_iter().map(|item| view! { <Choice item chosen on_change=keep/> }).collect_view()}
                <div role="alert" class="form-error">
                    {move || error.get().map(|e| view! {
                        <p id=ERROR_ID class="status-error" tabindex="-1">{e}</p>
                    })}
                </div>
                <p class="onestop-note">"自動で変更されるのは「同意する」を選んだ項目だけです。"</p>
            </section>
            <div class="button-row">
                <button type="button" id=SUBMIT_ID class="button button--primary" on:click=start>"利用を開始"</button>
                <button type="button" class="button button--secondary" on:click=cancel.clone()>"キャンセル"</button>
            </div>
        </CardStepView>
    }
}

/// One item's radio group: a fieldset whose legend names the item.
#[component]
fn Choice(
    item: ConsentItem,
    chosen: RwSignal<ConsentItems>,
    on_change: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = format!("consent-{}", item.code());
    let yes = format!("{name}-yes");
    let no = format!("{name}-no");
    view! {
        <fieldset class="consent-choice">
            <legend>{item.label()}</legend>
            <div class="consent-choice__options">
                <div class="radio">
                    <input type="radio" id=yes.clone() name=name.clone() value="yes"
                        prop:checked=move || chosen.get().get(item)
                        on:change=move |_| { chosen.update(|c| c.set(item, true)); on_change(); }/>
                    <label for=yes>"同意する"</label>
                </div>
                <div class="radio">
                    <input type="radio" id=no.clone() name=name value="no"
                        prop:checked=move || !chosen.get().get(item)
                        on:change=move |_| { chosen.update(|c| c.set(item, false)); on_change(); }/>
                    <label for=no>"同意しない"</label>
                </div>
            </div>
        </fieldset>
    }
}
