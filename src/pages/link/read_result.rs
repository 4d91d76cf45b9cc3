//! Step 7: 「読み取った情報」 (氏名, 生年月日, 住所, 性別), 「上記内容に誤りがある」 (what to do),
//! 「送信」 — the server checks whether these may be used to link (`/api/link/check`) and
//! refuses early with what to do — and 「キャンセル」.

use domain::link::CardAttributes;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use super::{cancel, required_attributes, use_link_flow, AlreadyLinked, CURRENT, TRAIL};
use crate::api;
use crate::components::field::Field;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

const WRONG_INFO_ID: &str = "link-wrong-info";
const WRONG_INFO_HEADING_ID: &str = "link-wrong-info-heading";

#[component]
pub fn LinkReadResultPage() -> impl IntoView {
    let attributes = required_attributes(false);
    view! {
        {move || attributes.get().map(|a| view! {
            <SessionGate trail=TRAIL current=CURRENT next="/license/link" linked=false otherwise=AlreadyLinked>
                <ReadResult attributes=a.clone()/>
            </SessionGate>
        })}
    }
}

#[component]
fn ReadResult(attributes: CardAttributes) -> impl IntoView {
    let flow = use_link_flow();
    let navigate = use_navigate();
    let cancel = cancel();
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let wrong_open = RwSignal::new(false);

    let (name, birth, address, sex) =
        (attributes.name.clone(), attributes.birth_date_text(), attributes.address.clone(), attributes.sex_text());
    let sent = attributes.clone();
    let send = move |_| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        error.set(None);
        let attributes = sent.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::link_check(&attributes).await {
                Ok(()) => {
                    flow.sent.set(true);
                    navigate("/license/link/terms", Default::default());
                }
                Err(e) => {
                    error.set(Some(e.detail));
                    pending.set(false);
                }
            }
        });
    };
    // Not a navigation: opens the explanation below and moves focus to it.
    let toggle_wrong = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        let open = !wrong_open.get_untracked();
        wrong_open.set(open);
        if open {
            request_animation_frame(|| {
                if let Some(h) = document()
                    .get_element_by_id(WRONG_INFO_HEADING_ID)
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let _ = h.focus();
                }
            });
        }
    };

    view! {
        <PageHeading text="アカウント登録用情報の送信" step=crate::components::step::of(routes::PageId::LinkReadResult)/>
        <p>"マイナンバーカードから読み取った情報です。内容を確認して「送信」を押してください。"</p>
        <section aria-labelledby="link-read-info">
            <h2 id="link-read-info">"読み取った情報"</h2>
            <dl class="record">
                <Field label="氏名">{name}</Field>
                <Field label="生年月日">{birth}</Field>
                <Field label="住所">{address}</Field>
                <Field label="性別">{sex}</Field>
            </dl>
        </section>
        <p class="link-wrong-info-link">
            <a href=format!("#{WRONG_INFO_ID}") aria-controls=WRONG_INFO_ID
                aria-expanded=move || if wrong_open.get() { "true" } else { "false" }
                on:click=toggle_wrong>"上記内容に誤りがある"</a>
        </p>
        <section id=WRONG_INFO_ID class="panel" hidden=move || !wrong_open.get() aria-labelledby=WRONG_INFO_HEADING_ID>
            <h2 id=WRONG_INFO_HEADING_ID tabindex="-1">"読み取った情報に誤りがあるときは"</h2>
            <p>"ここに表示されているのは、マイナンバーカードのICチップに記録されている情報です。この画面で直すことはできません。"</p>
            <ul>
                <li>"引越しや結婚などで住所・氏名が変わったのにカードの記載を変更していない場合は、住民票がある市区町村の窓口で、マイナンバーカードの記載事項の変更を行ってください。署名用電子証明書も新しく発行されます。"</li>
                <li>"住民票の記載そのものに誤りがある場合は、住民票がある市区町村の窓口にご相談ください。"</li>
                <li>"窓口での手続が終わったら、もう一度はじめから連携の手続をしてください。"</li>
            </ul>
            <p>"このまま送信しても、署名用電子証明書の情報と一致しないため連携できません。「キャンセル」で手続を中止できます。"</p>
        </section>
        <section class="notice" aria-labelledby="link-send-important">
            <h2 id="link-send-important">"重要"</h2>
            <p>"連携のために、この情報（氏名・生年月日・住所・性別）をマイナポータル経由で運転者管理システムに一時的に送信します。送信した情報は、次の手順で読み取る署名用電子証明書の情報と照合して、ご本人であることの確認に使います。"</p>
            <p>"連携の手続が終わると、送信した情報は運転者管理システムから消去されます。"</p>
        </section>
        <div class="form-error" role="alert">
            {move || error.get().map(|e| view! {
                <p class="status-error">{e}</p>
                <p>"手続を中止するときは「キャンセル」を押してください。運転免許ページに戻ります。"</p>
            })}
        </div>
        <div class="button-row">
            <button type="button" class="button button--primary" on:click=send
                aria-disabled=move || pending.get().then_some("true")>"送信"</button>
            <button type="button" class="button button--secondary" on:click=move |_| cancel()>"キャンセル"</button>
        </div>
    }
}
