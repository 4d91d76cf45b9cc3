//! Start (`/license/onestop/start`) and renew (`/license/onestop/renew`), manual 3章③ 3-1:
//! 「住所変更ワンストップサービス等利用同意」 terms → 「…利用同意項目選択」 (the current state
//! as of the business clock, one radio group per item, pre-selected from it) → 「利用を開始」
//! (refused inline unless one item is 「同意する」) → signing PIN → card read →
//! 「…利用同意申請完了通知」 受付済 → 「OK」.

use std::rc::Rc;

use domain::applications::ApplicationReceipt;
use domain::onestop::{ConsentItem, ConsentItems, OnestopStatus, SignedConsent};
use domain::wareki::wareki_date_time;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::parts::{
    leave_card_screen, signing_flow, AcceptedNotice, ConsentDates, ConsentTable, Explanation, FlowLabel, NotEligible,
};
use super::{LinkedOnly, HUB};
use crate::api;
use crate::components::card_flow::{focus_id_later, CardAccess, CardAction};
use crate::components::card_flow_view::CardFlowView;
use crate::components::page_heading::PageHeading;
use crate::components::terms_gate::TermsGate;

const TERMS_HEADING: &str = "住所変更ワンストップサービス等利用同意";
const SELECT_HEADING: &str = "住所変更ワンストップサービス等利用同意項目選択";
const DONE_HEADING: &str = "住所変更ワンストップサービス等利用同意申請完了通知";
const SUBMIT_ID: &str = "onestop-submit";
const ERROR_ID: &str = "onestop-choice-error";
/// The inline refusal of 「利用を開始」 with every item 「同意しない」.
const NONE_CHOSEN: &str =
    "「同意する」を選んだ項目がありません。利用を開始するには、少なくとも1つの項目で「同意する」を選んでください。";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Terms,
    Select,
    Done,
}

#[component]
pub fn OnestopStartPage() -> impl IntoView {
    view! {
        <LinkedOnly current="利用開始手続" next="/license/onestop/start" heading=TERMS_HEADING>
            <ConsentFlow renew=false/>
        </LinkedOnly>
    }
}

#[component]
pub fn OnestopRenewPage() -> impl IntoView {
    view! {
        <LinkedOnly current="同意有効期間の更新（同意項目の変更）" next="/license/onestop/renew" heading=TERMS_HEADING>
            <ConsentFlow renew=true/>
        </LinkedOnly>
    }
}

#[component]
fn ConsentFlow(renew: bool) -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    move || match status.get() {
        None => view! { <p class="loading" role="status">"読み込み中…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=TERMS_HEADING/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) if !s.can_start => view! {
            <PageHeading text=HUB/>
            <h2 class="onestop-sub">"住所変更ワンストップサービス等"</h2>
            <NotEligible/>
            <Explanation/>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) => view! { <ConsentSteps status=s renew/> }.into_any(),
    }
}

#[component]
fn ConsentSteps(status: OnestopStatus, renew: bool) -> impl IntoView {
    let label = if renew {
        "住所変更ワンストップサービス等 同意有効期間の更新"
    } else {
        "住所変更ワンストップサービス等 利用開始"
    };
    let step = RwSignal::new(Step::Terms);
    // Pre-selected from the current state: 同意済 → 「同意する」.
    let chosen = RwSignal::new(status.items);
    let error = RwSignal::new(None::<&'static str>);
    let receipt = RwSignal::new(None::<ApplicationReceipt>);
    // One key per visit of this screen: a double tap or a retry is the same application.
    let key = StoredValue::new(api::new_idempotency_key());
    let flow = signing_flow();
    let leave = leave_card_screen();
    let navigate = use_navigate();

    // 「読み取り開始」: a challenge naming the chosen items, signed by the card, submitted.
    let action: CardAction = Rc::new(move |access: CardAccess| {
        let leave = leave.clone();
        Box::pin(async move {
            let items = chosen.get_untracked();
            let challenge = api::onestop_consent_challenge(items).await?;
            let body = SignedConsent { signed: access.answer(&challenge).await?, items };
            let accepted = api::onestop_consent(&body, &key.get_value()).await?;
            receipt.set(Some(accepted));
            step.set(Step::Done);
            leave();
            Ok(())
        })
    });
    flow.set_action(action);

    let to_hub = {
        let navigate = navigate.clone();
        move || navigate("/license/onestop", Default::default())
    };
    let cancel_terms = {
        let to_hub = to_hub.clone();
        Callback::new(move |_| to_hub())
    };
    let start = move |_| {
        if !chosen.get_untracked().any() {
            error.set(Some(NONE_CHOSEN));
            focus_id_later(ERROR_ID.to_string());
            return;
        }
        error.set(None);
        flow.open(Some(SUBMIT_ID.to_string()));
    };
    let ok = Callback::new(move |_| to_hub());
    let as_of = wareki_date_time(status.as_of);

    view! {
        <CardFlowView flow=flow>
            {
                let status = status.clone();
                let as_of = as_of.clone();
                let cancel_select = cancel_terms;
                move || match step.get() {
                    Step::Terms => view! {
                        <FlowLabel text=label/>
                        <PageHeading text=TERMS_HEADING/>
                        <p>"内容を最後まで読み、同意するときは下のチェックボックスを選んでから「同意する」を押してください。"</p>
                        <TermsGate name="onestop" title="利用規約"
                            on_agree=Callback::new(move |_| step.set(Step::Select)) on_cancel=cancel_terms/>
                    }
                    .into_any(),
                    Step::Select => view! {
                        <FlowLabel text=label/>
                        <PageHeading text=SELECT_HEADING/>
                        <p>"項目ごとに「同意する」か「同意しない」を選び、「利用を開始」を押してください。"<br/>
                            "いま同意済の項目も、続けて自動で変更したいときは「同意する」を選んでください。"</p>
                        <section class="onestop-current" aria-labelledby="onestop-current">
                            <h2 id="onestop-current">{format!("現在の状況 ※{as_of}時点")}</h2>
                            <ConsentTable items=status.items caption="現在の同意状況"/>
                            <ConsentDates status=status.clone()/>
                        </section>
                        <section class="onestop-choice" aria-labelledby="onestop-choice">
                            <h2 id="onestop-choice">"同意選択"</h2>
                            {ConsentItem::ALL.into_iter().map(|item| view! { <Choice item chosen/> }).collect_view()}
                            <div role="alert" class="form-error">
                                {move || error.get().map(|e| view! {
                                    <p id=ERROR_ID class="status-error" tabindex="-1">{e}</p>
                                })}
                            </div>
                            <p class="onestop-note">"自動で変更されるのは「同意する」を選んだ項目だけです。"</p>
                        </section>
                        <div class="button-row">
                            <button type="button" id=SUBMIT_ID class="button button--primary" on:click=start>"利用を開始"</button>
                            <button type="button" class="button button--secondary" on:click=move |_| cancel_select.run(())>"キャンセル"</button>
                        </div>
                    }
                    .into_any(),
                    Step::Done => match receipt.get() {
                        Some(r) => view! {
                            <AcceptedNotice label heading=DONE_HEADING receipt=r on_ok=ok
                                accepted=if renew { "同意有効期間の更新の申請を受け付けました。" } else { "利用開始申請を受け付けました。" }/>
                        }
                        .into_any(),
                        None => ().into_any(),
                    },
                }
            }
        </CardFlowView>
    }
}

/// One item's radio group: a fieldset whose legend names the item.
#[component]
fn Choice(item: ConsentItem, chosen: RwSignal<ConsentItems>) -> impl IntoView {
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
                        on:change=move |_| chosen.update(|c| c.set(item, true))/>
                    <label for=yes>"同意する"</label>
                </div>
                <div class="radio">
                    <input type="radio" id=no.clone() name=name value="no"
                        prop:checked=move || !chosen.get().get(item)
                        on:change=move |_| chosen.update(|c| c.set(item, false))/>
                    <label for=no>"同意しない"</label>
                </div>
            </div>
        </fieldset>
    }
}
