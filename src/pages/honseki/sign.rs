//! Steps 10–12: 「電子署名して申請」 「電子署名をはじめる」 → the signing PIN dialog 「電子署名の付与」
//! → the card-read screen (`?step=card`): the card signs the document the server issued
//! (the new 本籍 and 筆頭者氏名), and the signed application is submitted.
//!
//! One idempotency key per visit of this step: a double tap or a retry after a lost answer
//! is the same application; once it is in, the frame sends a reload to step 13.

use std::rc::Rc;

use jpki::PinKind;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use super::frame::{Interrupt, Needs, RestartNotice, Step, STEP_TRAIL};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::card_flow::{CardAccess, CardAction, CardFlow};
use crate::components::card_flow_view::CardFlowView;
use crate::components::page_heading::PageHeading;

const HEADING: &str = "電子署名して申請";
const START_ID: &str = "honseki-start-signing";

#[component]
pub fn HonsekiSignPage() -> impl IntoView {
    let navigate = use_navigate();
    let card = CardFlow::with_device_reader(PinKind::Signing);
    let key = StoredValue::new(api::new_idempotency_key());
    let action: CardAction = Rc::new(move |access: CardAccess| {
        let navigate = navigate.clone();
        Box::pin(async move {
            let challenge = api::honseki_challenge().await?;
            let signed = access.answer(&challenge).await?;
            api::honseki_submit(&signed, &key.get_value()).await?;
            navigate("/license/honseki/done", NavigateOptions { replace: true, ..Default::default() });
            Ok(())
        })
    });
    card.set_action(action);
    view! {
        <Step needs=Needs::Agreement next="/license/honseki/sign" heading=HEADING children=move |s| {
            // Step 11: the phone signing credential only with koseki link history (manual 補足).
            if s.koseki_history {
                card.offer_phone();
            }
            view! {
            <CardFlowView flow=card read_step=crate::components::step::read_of(routes::PageId::HonsekiSign)>
                <Sign card=card step=crate::components::step::of(routes::PageId::HonsekiSign)/>
            </CardFlowView>
        }}/>
    }
}

#[component]
fn Sign(card: CardFlow, step: Option<crate::components::step::Step>) -> impl IntoView {
    view! {
        <Breadcrumbs trail=STEP_TRAIL current=HEADING/>
        <PageHeading text=HEADING step=step/>
        <RestartNotice/>
        <p>"マイナンバーカードの署名用電子証明書で申請内容に電子署名をして、本籍の変更を申請します。署名用電子証明書のパスワード（英大文字と数字の6〜16桁）を使います。"</p>
        <div class="button-row">
            <button type="button" class="button button--primary" id=START_ID
                on:click=move |_| card.open(Some(START_ID.to_string()))>"電子署名をはじめる"</button>
            <Interrupt/>
        </div>
    }
}
