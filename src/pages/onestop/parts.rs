//! Pieces the one-stop screens share: the flow label above the heading, the 住所/氏名/生年月日
//! table, 「同意日：」「有効期限：」, the 「手続きの対象外です」 block, the 受付済 notice, and the
//! signing card step.

use std::rc::Rc;

use domain::applications::ApplicationReceipt;
use domain::onestop::{consent_label, ConsentItem, ConsentItems, OnestopStatus};
use domain::wareki::wareki;
use jpki::PinKind;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::components::card_flow::CardFlow;
use crate::components::page_heading::PageHeading;

/// Where 「詳細を確認する」 leads: the conditions are the National Police Agency's to publish.
pub const CONDITIONS_URL: &str = "https://www.npa.go.jp/";

/// The small line above a step's heading (「住所変更ワンストップサービス等 利用開始」).
#[component]
pub fn FlowLabel(text: &'static str) -> impl IntoView {
    view! { <p class="onestop-flow">{text}</p> }
}

/// 住所 / 氏名 / 生年月日 → 同意済 / 未同意.
#[component]
pub fn ConsentTable(items: ConsentItems, caption: &'static str) -> impl IntoView {
    view! {
        <table class="consent-table">
            <caption class="visually-hidden">{caption}</caption>
            <tbody>
                {ConsentItem::ALL.into_iter().map(|item| {
                    let consented = items.get(item);
                    view! {
                        <tr>
                            <th scope="row">{item.label()}</th>
                            <td class:consent-table__yes=consented>{consent_label(consented)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// 「同意日：令和5年4月1日」「有効期限：令和15年4月1日」 (「なし」 without a consent), and
/// a note once the consent has expired.
#[component]
pub fn ConsentDates(status: OnestopStatus) -> impl IntoView {
    let date = |d: Option<chrono::NaiveDate>| d.map(wareki).unwrap_or_else(|| "なし".to_string());
    view! {
        <div class="consent-dates">
            <p>{format!("同意日：{}", date(status.consented_on))}</p>
            <p>{format!("有効期限：{}", date(status.expires_on))}</p>
        </div>
        {status.expired.then(|| view! {
            <p class="consent-expired">"同意の有効期限が過ぎているため、すべての項目が未同意となっています。引き続き利用する場合は、同意有効期間の更新を行ってください。"</p>
        })}
    }
}

/// Start and renew are not open to this holding status (SPEC §3).
#[component]
pub fn NotEligible() -> impl IntoView {
    view! {
        <section class="notice onestop-excluded" aria-labelledby="onestop-excluded">
            <h3 id="onestop-excluded">"手続きの対象外です"</h3>
            <p>"対象となる方の条件は、警察庁のウェブサイトでご確認いただけます。"</p>
            <p><a href=CONDITIONS_URL rel="external">"詳細を確認する"</a></p>
        </section>
    }
}

/// The explanation of the service (manual 3章③ 2.), shared by the hub and the 対象外 screens.
#[component]
pub fn Explanation() -> impl IntoView {
    view! {
        <p>"この設定をしておくと、引越しや結婚などで市区町村がマイナンバーカードの住所・氏名・生年月日を書き換えたとき（※）、運転免許（運転経歴情報）の記録も自動で書き換わります。"</p>
        <details class="onestop-about">
            <summary>"住所変更ワンストップサービス等について"</summary>
            <p>"利用開始の手続きをしておくと、住所・氏名・生年月日に変更が生じたときに、市区町村の窓口で住民票の記載事項の変更とマイナンバーカードの署名用電子証明書の発行の手続きをするだけで、その内容が運転免許（運転経歴情報）にも反映されます。運転免許センターや警察署へ出向いて変更を届け出る必要がなくなります。"</p>
            <p>"反映されるのは「同意する」を選択した項目だけです。同意の有効期間は、手続きが処理された日から10年です。有効期間は、同意有効期間の更新の手続きでいつでも延ばせます。"</p>
        </details>
        <p class="onestop-note">"※ 市区町村の窓口で、カードの記載事項の変更と署名用電子証明書の再発行を済ませていることが前提です。"</p>
    }
}

/// 「…申請完了通知」: 申請状況 受付済, what happens next, 「OK」.
#[component]
pub fn AcceptedNotice(
    label: &'static str,
    heading: &'static str,
    accepted: &'static str,
    receipt: ApplicationReceipt,
    on_ok: Callback<()>,
) -> impl IntoView {
    view! {
        <FlowLabel text=label/>
        <PageHeading text=heading/>
        <p>"内容を確認したら「OK」を押してください。"</p>
        <table class="consent-table onestop-result">
            <caption class="visually-hidden">"申請の受付結果"</caption>
            <tbody>
                <tr><th scope="row">"申請状況"</th><td>{receipt.status.label()}</td></tr>
            </tbody>
        </table>
        <p>{accepted}<br/>"処理の結果は、お知らせでお届けします。"</p>
        <p class="onestop-receipt">
            "受付番号："<span class="onestop-receipt__id">{receipt.id.clone()}</span>" "
            <a href=format!("/applications/{}", receipt.id)>"手続き状況を確認する"</a>
        </p>
        <div class="button-row">
            <button type="button" class="button button--primary" on:click=move |_| on_ok.run(())>"OK"</button>
        </div>
    }
}

/// A signing-PIN card step (「電子署名の付与」) with this device's reader.
pub fn signing_flow() -> CardFlow {
    CardFlow::with_device_reader(PinKind::Signing)
}

/// After the card step succeeded: leave the card-read URL for the flow's own (the next
/// frame, once the card step has recorded its success).
pub fn leave_card_screen() -> Rc<dyn Fn()> {
    let navigate = use_navigate();
    Rc::new(move || {
        let navigate = navigate.clone();
        request_animation_frame(move || {
            let path = window().location().pathname().unwrap_or_else(|_| "/license/onestop".into());
            navigate(&path, NavigateOptions { replace: true, ..Default::default() });
        });
    })
}
