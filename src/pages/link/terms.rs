//! Steps 8–10: 「属性連携開始手続き」 — the terms of 「属性連携同意」, gated by scroll — then
//! 「同意する」: the server issues the agreement to sign (`/api/link/challenge`), the signing
//! PIN dialog 「電子署名の付与」 opens, and the card-read screen (`?step=card`) signs it
//! with the signing key and sends it with the certificate (`POST /api/link`).

use domain::card::Challenge;
use domain::link::{CardAttributes, LinkRequest};
use jpki::{JpkiError, PinKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{cancel, required_attributes, use_link_flow, AlreadyLinkedWithTrail, CURRENT, TRAIL};
use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::card_step::{CardStep, CardStepView, FlowError};
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;
use crate::components::terms_gate::{TermsGate, TermsState};

const AGREE_ID: &str = "link-terms-agree";

#[component]
pub fn LinkTermsPage() -> impl IntoView {
    let flow = use_link_flow();
    let attributes = required_attributes(true);
    let card = CardStep::with_device_reader(PinKind::Signing);
    // Step 9: a person with a phone signing credential may sign with it instead.
    card.offer_phone();
    // The agreement issued at 「同意する」; single use, so a retry asks for a new one.
    let challenge = StoredValue::new(None::<Challenge>);
    // Above the card steps: back from a wrong PIN, the terms stay read and checked.
    let terms = TermsState::new();

    card.on_read(move |access| async move {
        let Some(attributes) = flow.attributes.get_untracked() else {
            return Err(FlowError::Card(JpkiError::Malformed("the read attributes are gone".into())));
        };
        let issued = match challenge.try_update_value(Option::take).flatten() {
            Some(c) => c,
            None => api::link_challenge(&attributes).await?,
        };
        let signed = access.answer(&issued).await?;
        api::link_complete(&LinkRequest { signed, attributes }).await?;
        flow.finish();
        card.go_on("/license/link/done");
        Ok(())
    });

    view! {
        {move || attributes.get().map(|a| {
            let a = StoredValue::new(a);
            view! {
                <SessionGate next="/license/link" linked=false otherwise=AlreadyLinkedWithTrail>
                    <CardStepView flow=card read_step=crate::components::step::read_of(routes::PageId::LinkTerms)>
                        <TermsStep card=card attributes=a.get_value() challenge=challenge terms=terms/>
                    </CardStepView>
                </SessionGate>
            }
        })}
    }
}

#[component]
fn TermsStep(
    card: CardStep,
    attributes: CardAttributes,
    challenge: StoredValue<Option<Challenge>>,
    terms: TermsState,
) -> impl IntoView {
    let cancel = cancel();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let agree = Callback::new(move |()| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let attributes = attributes.clone();
        spawn_local(async move {
            match api::link_challenge(&attributes).await {
                Ok(c) => {
                    challenge.set_value(Some(c));
                    pending.set(false);
                    card.open(Some(AGREE_ID.to_string()));
                }
                Err(e) => {
                    error.set(Some(e.detail));
                    pending.set(false);
                }
            }
        });
    });
    let on_cancel = Callback::new(move |()| cancel());

    view! {
        <Breadcrumbs trail=TRAIL current=CURRENT/>
        <PageHeading text="属性連携開始手続き" step=crate::components::step::of(routes::PageId::LinkTerms)/>
        <h2>"属性連携同意"</h2>
        <p>"内容を最後まで読み、同意するときは下のチェックボックスを選んでから「同意する」を押してください"</p>
        <TermsGate name="link" title="利用規約" on_agree=agree on_cancel=on_cancel pending=pending agree_id=AGREE_ID state=terms/>
        <div class="form-error" role="alert">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
        <p class="terms-after">"「同意する」を押すと、署名用電子証明書のパスワード（6～16桁の英大文字と数字）を入力し、マイナンバーカードを読み取って電子署名を付けます。"</p>
        <ul class="link-help-links">
            <li><a href="/license/link/help/faq">"よくある質問(FAQ)"</a></li>
            <li><a href="/license/link/help/manual">"マニュアルダウンロード"</a></li>
        </ul>
    }
}
