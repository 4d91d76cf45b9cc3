//! Pieces the one-stop screens share: the flow label above the heading, the 住所/氏名/生年月日
//! table, 「同意日：」「有効期限：」, the 「手続きの対象外です」 block, the completion notice, and
//! the signing card step.

use domain::onestop::{consent_label, ConsentItem, ConsentItems, OnestopFlow, OnestopStatus};
use domain::wareki::wareki;
use jpki::PinKind;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::flows::{kept_steps, label, restart, step, FlowScreen, HelpLinks, Restart};
use crate::components::accepted_status::AcceptedStatusRows;
use crate::components::card_step::CardStep;
use crate::components::completion::Completion;
use crate::components::loading::Loading;
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
        <p><a href="/license/onestop/help/about">"住所変更ワンストップサービス等について"</a></p>
        <p class="onestop-note">"※ 市区町村の窓口で、カードの記載事項の変更と署名用電子証明書の再発行を済ませていることが前提です。"</p>
    }
}

/// 「…申請完了通知」: 申請状況 受付済, what happens next, 「OK」 (back to the hub) and the
/// manual's help links; `children` below (the cancellation's 重要). The application is the
/// newest of the flow's kind, so a reload shows the same; none yet sends the person to the
/// flow's first step.
#[component]
pub fn AcceptedDone(
    flow: OnestopFlow,
    heading: &'static str,
    accepted: &'static str,
    #[prop(optional)] children: Option<ChildrenFn>,
) -> impl IntoView {
    let steps = kept_steps(flow);
    Effect::new(move |_| {
        if let Some(Ok(s)) = steps.get() {
            if s.latest.is_none() {
                restart(flow, Restart::NoneSubmitted);
            }
        }
    });
    let navigate = use_navigate();
    move || match steps.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=heading/>
            <p class="status-error" role="alert">{e.detail}</p>
        }
        .into_any(),
        Some(Ok(s)) => match s.latest {
            None => ().into_any(),
            Some(app) => {
                let navigate = navigate.clone();
                view! {
                    <FlowLabel text=label(flow)/>
                    <PageHeading text=heading step=step(flow, FlowScreen::Done)/>
                    <p>"内容を確認したら「OK」を押してください。"</p>
                    <Completion title=accepted receipt_no=app.receipt_no.clone()>
                        <table class="consent-table onestop-result">
                            <caption class="visually-hidden">"申請の受付結果"</caption>
                            <tbody>
                                <AcceptedStatusRows application=app.clone()/>
                            </tbody>
                        </table>
                        <p>"処理の結果は、お知らせでお届けします。"</p>
                        <p><a href=format!("/applications/{}", app.id)>"手続き状況を確認する"</a></p>
                    </Completion>
                    {children.clone().map(|c| c())}
                    <div class="button-row">
                        <button type="button" class="button button--primary"
                            on:click=move |_| navigate("/license/onestop", Default::default())>"OK"</button>
                    </div>
                    <HelpLinks/>
                }
                .into_any()
            }
        },
    }
}

/// A signing-PIN card step (「電子署名の付与」) with this device's reader, or the phone
/// signing credential for a person who registered one.
pub fn signing_flow() -> CardStep {
    let card = CardStep::with_device_reader(PinKind::Signing);
    card.offer_phone();
    card
}
