//! Cancel, step 3-3 (6): 「住所変更ワンストップサービス等利用同意解除申請完了通知」 受付済, 「OK」,
//! and on the same screen the manual's 重要 note (changes after the cancellation are
//! reported at a centre).

use domain::onestop::OnestopFlow;
use leptos::prelude::*;

use super::flows::{crumb, done_step, CANCEL_DONE_HEADING};
use super::parts::AcceptedDone;
use super::LinkedOnly;

#[component]
pub fn OnestopCancelDonePage() -> impl IntoView {
    let flow = OnestopFlow::Cancel;
    view! {
        <LinkedOnly current=crumb(flow) next=done_step(flow) heading=CANCEL_DONE_HEADING>
            <AcceptedDone flow=flow heading=CANCEL_DONE_HEADING accepted="利用解除申請を受け付けました。">
                <section class="notice notice--important" aria-labelledby="onestop-important">
                    <h2 id="onestop-important">"重要"</h2>
                    <p>"解除した後に住所・氏名・生年月日が変わったときは、お住まいの地域を受け持つ運転免許センター等で変更を届け出てください。"</p>
                </section>
            </AcceptedDone>
        </LinkedOnly>
    }
}
