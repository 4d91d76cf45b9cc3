//! Step 3 「同意確認」: the basic information is taken for the link; 「同意して次へ」 /
//! 「キャンセル」.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::{cancel, AlreadyLinked, CURRENT, TRAIL};
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

#[component]
pub fn LinkConsentPage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=CURRENT next="/license/link/consent" linked=false otherwise=AlreadyLinked>
            <Consent/>
        </SessionGate>
    }
}

#[component]
fn Consent() -> impl IntoView {
    let navigate = use_navigate();
    let cancel = cancel();
    view! {
        <PageHeading text="同意確認" step=crate::components::step::of(routes::PageId::LinkConsent)/>
        <p>"マイナポータルが、マイナンバーカードに記録されているあなたの基本情報（氏名・生年月日・住所・性別）を取得し、「マイナ免許証」との連携に使います。"</p>
        <p>"取得した基本情報は、運転者管理システムでご本人かどうかを確かめるためにだけ使い、連携の手続が終わると消去されます。"</p>
        <div class="button-row">
            <button type="button" class="button button--primary"
                on:click=move |_| navigate("/license/link/send", Default::default())>"同意して次へ"</button>
            <button type="button" class="button button--secondary" on:click=move |_| cancel()>"キャンセル"</button>
        </div>
    }
}
