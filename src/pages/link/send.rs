//! Steps 4–6: 「アカウント登録用情報の送信」 → 「マイナンバーカードを読み取る」 → the card-info
//! PIN dialog 「券面情報の読取」 → the card-read screen (`?step=card`). The 基本4情報 read
//! go into [`super::LinkFlow`] and step 7 shows them.

use jpki::PinKind;
use leptos::prelude::*;

use super::{cancel, use_link_flow, AlreadyLinkedWithTrail, CURRENT, TRAIL};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::card_step::{CardStep, CardStepView};
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

const READ_BUTTON_ID: &str = "link-read-card";

#[component]
pub fn LinkSendPage() -> impl IntoView {
    let flow = use_link_flow();
    let card = CardStep::with_device_reader(PinKind::CardInfo);

    // 「読み取り開始」: the card-info PIN, then the 基本4情報; on to step 7.
    card.on_read(move |access| async move {
        let read = access.read_attributes().await?;
        // Kept by the server: a reload of the next steps needs no second read.
        api::link_keep_read(&read).await?;
        flow.set_attributes(read);
        card.go_on("/license/link/read-result");
        Ok(())
    });

    view! {
        <SessionGate next="/license/link/send" linked=false otherwise=AlreadyLinkedWithTrail>
            <CardStepView flow=card read_step=crate::components::step::read_of(routes::PageId::LinkSend)><SendStep card=card/></CardStepView>
        </SessionGate>
    }
}

#[component]
fn SendStep(card: CardStep) -> impl IntoView {
    let cancel = cancel();
    view! {
        <Breadcrumbs trail=TRAIL current=CURRENT/>
        <PageHeading text="アカウント登録用情報の送信" step=crate::components::step::of(routes::PageId::LinkSend)/>
        <p>"マイナンバーカードから、アカウント登録に使う情報（氏名・生年月日・住所・性別）を読み取ります。"</p>
        <section class="panel" aria-labelledby="link-send-reads">
            <h2 id="link-send-reads">"カードは2回読み取ります"</h2>
            <ol>
                <li>"この画面で：アカウント登録用の情報を読み取ります。"<strong>"券面事項入力補助用のパスワード（数字4桁）"</strong>"を使います。"</li>
                <li>"利用規約に同意した後で：電子署名のために読み取ります。"<strong>"署名用電子証明書のパスワード（英大文字と数字の6～16桁）"</strong>"を使います。"</li>
            </ol>
            <p>"2つのパスワードは別のものです。券面事項入力補助用はマイナンバーカードを受け取るときに、署名用電子証明書のパスワードは署名用電子証明書の発行を申請したとき（更新したときはそのとき）に設定したものです。"</p>
        </section>
        <section class="panel" aria-labelledby="link-send-prepare">
            <h2 id="link-send-prepare">"読み取りの準備"</h2>
            <ul>
                <li>"マイナンバーカードをお手元にご用意ください。"</li>
                <li>"券面事項入力補助用のパスワード（数字4桁）が必要です。マイナンバーカードを受け取るときに自治体窓口で設定したもので、運転免許センター等で登録した暗証番号とは異なります。"</li>
                <li>"3回続けて間違えるとロックされます。ロックの解除は、住民票のある市区町村の窓口でできます。"</li>
            </ul>
        </section>
        <div class="button-row">
            <button type="button" class="button button--primary" id=READ_BUTTON_ID
                on:click=move |_| card.open(Some(READ_BUTTON_ID.to_string()))>"マイナンバーカードを読み取る"</button>
            <button type="button" class="button button--secondary" on:click=move |_| cancel()>"キャンセル"</button>
        </div>
    }
}
