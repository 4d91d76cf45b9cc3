//! Cancel, step 3-3 (3)–(5): 「住所変更ワンストップサービス等利用同意解除」: the terms with the
//! caution that all three items are cancelled, 「同意する」 (kept by the server) → signing
//! PIN → card read (`?step=card`) → the completion notice. Open to all four linked holding
//! statuses, when there is something to cancel.

use domain::onestop::{OnestopFlow, OnestopStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::flows::{crumb, done_step, first_step, label, step, FlowScreen, CANCEL_TERMS_HEADING};
use super::parts::{signing_flow, FlowLabel};
use super::LinkedOnly;
use crate::api;
use crate::components::card_step::CardStepView;
use crate::components::flash::FlashNotice;
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::terms_gate::{TermsGate, TermsState};

const FLOW: OnestopFlow = OnestopFlow::Cancel;
/// 「同意する」: focus returns there when the PIN dialog is closed.
const AGREE_ID: &str = "onestop-cancel-agree";

#[component]
pub fn OnestopCancelPage() -> impl IntoView {
    view! {
        <LinkedOnly current=crumb(FLOW) next=first_step(FLOW) heading=CANCEL_TERMS_HEADING>
            <Loaded/>
        </LinkedOnly>
    }
}

#[component]
fn Loaded() -> impl IntoView {
    let status = LocalResource::new(api::onestop_status);
    move || match status.get() {
        None => view! { <Loading/> }.into_any(),
        Some(Err(e)) => view! {
            <PageHeading text=CANCEL_TERMS_HEADING/>
            <p class="status-error" role="alert">{e.detail}</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(s)) if nothing_to_cancel(&s) => view! {
            <FlowLabel text=label(FLOW)/>
            <PageHeading text=CANCEL_TERMS_HEADING/>
            <p role="status">"現在、同意している項目はありません。同意解除の手続きは必要ありません。"</p>
            <p><a href="/license/onestop">"基本情報の自動変更へ"</a></p>
        }
        .into_any(),
        Some(Ok(_)) => view! { <Terms/> }.into_any(),
    }
}

/// No consent stored (not even an expired one) and none applied for.
fn nothing_to_cancel(s: &OnestopStatus) -> bool {
    s.consented_on.is_none() && !s.pending
}

#[component]
fn Terms() -> impl IntoView {
    let key = StoredValue::new(api::new_idempotency_key());
    let card = signing_flow();
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    card.on_read(move |access| async move {
        let challenge = api::onestop_cancel_challenge().await?;
        let body = access.answer(&challenge).await?;
        api::onestop_cancel(&body, &key.get_value()).await?;
        card.go_on(done_step(FLOW));
        Ok(())
    });

    // 「同意する」: the server keeps the agreement, then the signing PIN.
    let agree = Callback::new(move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            match api::onestop_agree(FLOW).await {
                Ok(()) => card.open(Some(AGREE_ID.to_string())),
                Err(e) => error.set(Some(e.detail)),
            }
            pending.set(false);
        });
    });
    // Above the card steps: back from a wrong PIN, the terms stay read and checked.
    let terms = TermsState::new();
    let cancel = Callback::new(move |_| navigate("/license/onestop", Default::default()));
    view! {
        <CardStepView flow=card read_step=step(FLOW, FlowScreen::Read)>
            <FlowLabel text=label(FLOW)/>
            <PageHeading text=CANCEL_TERMS_HEADING step=step(FLOW, FlowScreen::Terms)/>
            <FlashNotice/>
            <p>"内容を最後まで読み、同意するときは下のチェックボックスを選んでから「同意する」を押してください。"</p>
            <section class="notice notice--warning" aria-labelledby="onestop-cancel-caution">
                <h2 id="onestop-cancel-caution">"※ 注意事項"</h2>
                <p>"同意すると、住所・氏名・生年月日の3項目すべての同意が取り消され、自動での変更は行われなくなります。"</p>
            </section>
            <TermsGate name="onestop-cancel" title="利用規約" on_agree=agree on_cancel=cancel agree_id=AGREE_ID state=terms
                pending=pending/>
            <div class="form-error" role="alert">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
        </CardStepView>
    }
}
