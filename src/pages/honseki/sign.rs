//! Steps 10–12: 「電子署名して申請」 「電子署名をはじめる」 → the signing PIN dialog 「電子署名の付与」
//! → the card-read screen (`?step=card`): the card signs the document the server issued
//! (the new 本籍 and 筆頭者氏名), and the signed application is submitted.
//!
//! One idempotency key per visit of this step: a double tap or a retry after a lost answer
//! is the same application; once it is in, the frame sends a reload to step 13.

use jpki::PinKind;
use leptos::prelude::*;

use super::frame::{Interrupt, Needs, RestartNotice, StepGate, STEP_TRAIL};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::card_step::{CardStep, CardStepView};
use crate::components::page_heading::PageHeading;

const HEADING: &str = "電子署名して申請";
const START_ID: &str = "honseki-start-signing";

#[component]
pub fn HonsekiSignPage() -> impl IntoView {
    let card = CardStep::with_device_reader(PinKind::Signing);
    let key = StoredValue::new(api::new_idempotency_key());
    card.on_read(move |access| async move {
        let challenge = api::honseki_challenge().await?;
        let signed = access.answer(&challenge).await?;
        api::honseki_submit(&signed, &key.get_value()).await?;
        card.go_on("/license/honseki/done");
        Ok(())
    });
    view! {
        <StepGate needs=Needs::Agreement next="/license/honseki/sign" heading=HEADING children=move |s| {
            // Step 11: the phone signing credential only with koseki link history (manual 補足).
            if s.koseki_history {
                card.offer_phone();
            }
            view! {
            <CardStepView flow=card read_step=crate::components::step::read_of(routes::PageId::HonsekiSign)>
                <Sign card=card step=crate::components::step::of(routes::PageId::HonsekiSign)/>
            </CardStepView>
        }}/>
    }
}

#[component]
fn Sign(card: CardStep, step: Option<crate::components::step::StepOf>) -> impl IntoView {
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
