//! `/license/onestop/cancel` (manual 3章③ 3-3): 「住所変更ワンストップサービス等利用同意解除」
//! terms with the caution that all three items are cancelled → signing PIN → card read →
//! 「…利用同意解除申請完了通知」 受付済 → 「OK」 → the 重要 note about reporting changes at a
//! centre. Open to all four linked holding statuses.

use std::rc::Rc;

use domain::applications::ApplicationReceipt;
use domain::onestop::OnestopStatus;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::parts::{leave_card_screen, signing_flow, AcceptedNotice, FlowLabel};
use super::LinkedOnly;
use crate::api;
use crate::components::card_flow::{CardAccess, CardAction};
use crate::components::card_flow_view::CardFlowView;
use crate::components::page_heading::PageHeading;
use crate::components::terms_gate::{TermsGate, TermsState};

const LABEL: &str = "住所変更ワンストップサービス等 利用解除";
const TERMS_HEADING: &str = "住所変更ワンストップサービス等利用同意解除";
const DONE_HEADING: &str = "住所変更ワンストップサービス等利用同意解除申請完了通知";
const FINAL_HEADING: &str = "住所変更ワンストップサービス等の利用解除申請が完了しました";
/// 「同意する」: focus returns there when the PIN dialog is closed.
const AGREE_ID: &str = "onestop-cancel-agree";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Terms,
    Done,
    Final,
}

#[component]
pub fn OnestopCancelPage() -> impl IntoView {
    view! {
        <LinkedOnly current="同意解除" next="/license/onestop/cancel" heading=TERMS_HEADING>
            <CancelFlow/>
        </LinkedOnly>
    }
}

#[component]
fn CancelFlow() -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    move || match status.get() {
        None => view! { <p class="loading" role="status">"読み込み中…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=TERMS_HEADING/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) if nothing_to_cancel(&s) => view! {
            <FlowLabel text=LABEL/>
            <PageHeading text=TERMS_HEADING/>
            <p role="status">"現在、同意している項目はありません。同意解除の手続きは必要ありません。"</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(_)) => view! { <CancelSteps/> }.into_any(),
    }
}

/// No consent stored (not even an expired one) and none applied for.
fn nothing_to_cancel(s: &OnestopStatus) -> bool {
    s.consented_on.is_none() && !s.pending
}

#[component]
fn CancelSteps() -> impl IntoView {
    let step = RwSignal::new(Step::Terms);
    let receipt = RwSignal::new(None::<ApplicationReceipt>);
    let key = StoredValue::new(api::new_idempotency_key());
    let flow = signing_flow();
    let leave = leave_card_screen();
    let navigate = use_navigate();

    let action: CardAction = Rc::new(move |access: CardAccess| {
        let leave = leave.clone();
        Box::pin(async move {
            let challenge = api::onestop_cancel_challenge().await?;
            let body = access.answer(&challenge).await?;
            let accepted = api::onestop_cancel(&body, &key.get_value()).await?;
            receipt.set(Some(accepted));
            step.set(Step::Done);
            leave();
            Ok(())
        })
    });
    flow.set_action(action);

    let agree = Callback::new(move |_| flow.open(Some(AGREE_ID.to_string())));
    // Above the card steps: back from a wrong PIN, the terms stay read and checked.
    let terms = TermsState::new();
    let cancel = Callback::new(move |_| navigate("/license/onestop", Default::default()));
    let ok = Callback::new(move |_| step.set(Step::Final));

    view! {
        <CardFlowView flow=flow>
            {move || match step.get() {
                Step::Terms => view! {
                    <FlowLabel text=LABEL/>
                    <PageHeading text=TERMS_HEADING/>
                    <p>"内容を最後まで読み、同意するときは下のチェックボックスを選んでから「同意する」を押してください。"</p>
                    <section class="notice notice--warning" aria-labelledby="onestop-cancel-caution">
                        <h2 id="onestop-cancel-caution">"※ 注意事項"</h2>
                        <p>"同意すると、住所・氏名・生年月日の3項目すべての同意が取り消され、自動での変更は行われなくなります。"</p>
                    </section>
                    <TermsGate name="onestop-cancel" title="利用規約" on_agree=agree on_cancel=cancel agree_id=AGREE_ID state=terms/>
                }
                .into_any(),
                Step::Done => match receipt.get() {
                    Some(r) => view! {
                        <AcceptedNotice label=LABEL heading=DONE_HEADING receipt=r on_ok=ok
                            accepted="利用解除申請を受け付けました。"/>
                    }
                    .into_any(),
                    None => ().into_any(),
                },
                Step::Final => view! {
                    <FlowLabel text=LABEL/>
                    <PageHeading text=FINAL_HEADING/>
                    <p>"結果は、処理が終わるとお知らせでお伝えします。"</p>
                    <section class="notice notice--important" aria-labelledby="onestop-important">
                        <h2 id="onestop-important">"重要"</h2>
                        <p>"解除した後に住所・氏名・生年月日が変わったときは、お住まいの地域を受け持つ運転免許センター等で変更を届け出てください。"</p>
                    </section>
                    <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
                    <p><a href="/license">"運転免許ページへ"</a></p>
                }
                .into_any(),
            }}
        </CardFlowView>
    }
}
