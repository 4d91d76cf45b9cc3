//! Steps 4–6: 「本人情報の確認」 「読み取る」 → the card-info PIN dialog 「券面情報の読取」 → the
//! card-read screen (`?step=card`). The 基本4情報 go to the server, which keeps them for
//! step 7 and what follows.

use jpki::PinKind;
use leptos::prelude::*;

use super::frame::{Interrupt, KosekiSide, Needs, RestartNotice, StepGate};
use crate::api;
use crate::components::card_step::{CardStep, CardStepView};
use crate::components::page_heading::PageHeading;

const HEADING: &str = "本人情報の確認";
const READ_ID: &str = "honseki-read-card";

#[component]
pub fn HonsekiIdentityPage() -> impl IntoView {
    let card = CardStep::with_device_reader(PinKind::CardInfo);
    // 「読み取り開始」: the card-info PIN, the 基本4情報, to the server; on to step 7.
    card.on_read(move |access| async move {
        let read = access.read_attributes().await?;
        api::honseki_identity(&read).await?;
        card.go_on("/license/honseki/identity-result");
        Ok(())
    });
    view! {
        <StepGate needs=Needs::KosekiSide next="/license/honseki/identity" heading=HEADING children=move |_| view! {
            <CardStepView flow=card read_step=crate::components::step::read_of(routes::PageId::HonsekiIdentity)><Identity card=card/></CardStepView>
        }/>
    }
}

#[component]
fn Identity(card: CardStep) -> impl IntoView {
    view! {
        <KosekiSide current=HEADING/>
        <PageHeading text=HEADING step=crate::components::step::of(routes::PageId::HonsekiIdentity)/>
        <RestartNotice/>
        <p>"マイナンバーカードを読み取って、ご本人であることを確認します。券面事項入力補助用のパスワード（数字4桁）を使います。"</p>
        <section aria-labelledby="honseki-read-items">
            <h2 id="honseki-read-items">"マイナンバーカードから読み取る情報"</h2>
            <ul>
                <li>"氏名"</li>
                <li>"性別"</li>
                <li>"生年月日"</li>
                <li>"住所"</li>
            </ul>
        </section>
        <div class="button-row">
            <button type="button" class="button button--primary" id=READ_ID
                on:click=move |_| card.open(Some(READ_ID.to_string()))>"読み取る"</button>
            <Interrupt/>
        </div>
    }
}
