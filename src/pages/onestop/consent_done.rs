//! Start and renew, step 3-1 (7): 「住所変更ワンストップサービス等利用同意申請完了通知」: 申請状況
//! 受付済, what happens next, 「OK」, and the manual's help links. A reload shows it again
//! (the newest consent application, from the server).

use domain::onestop::OnestopFlow;
use leptos::prelude::*;

use super::flows::{crumb, done_step, CONSENT_DONE_HEADING};
use super::parts::AcceptedDone;
use super::LinkedOnly;

#[component]
pub fn OnestopStartDonePage() -> impl IntoView {
    view! {
        <LinkedOnly current=crumb(OnestopFlow::Start) next=done_step(OnestopFlow::Start) heading=CONSENT_DONE_HEADING>
            <AcceptedDone flow=OnestopFlow::Start heading=CONSENT_DONE_HEADING accepted="利用開始申請を受け付けました。"/>
        </LinkedOnly>
    }
}

#[component]
pub fn OnestopRenewDonePage() -> impl IntoView {
    view! {
        <LinkedOnly current=crumb(OnestopFlow::Renew) next=done_step(OnestopFlow::Renew) heading=CONSENT_DONE_HEADING>
            <AcceptedDone flow=OnestopFlow::Renew heading=CONSENT_DONE_HEADING
                accepted="同意有効期間の更新の申請を受け付けました。"/>
        </LinkedOnly>
    }
}
