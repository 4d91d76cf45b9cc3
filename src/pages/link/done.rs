//! Step 11 「アカウント連携の完了」 with 「運転免許（運転経歴情報）ページへ」.

use leptos::prelude::*;

use super::{CURRENT, FIRST_STEP, START, TRAIL};
use crate::components::completion::Completion;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

#[component]
pub fn LinkDonePage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=CURRENT next="/license/link/done" linked=true otherwise=NotYetLinked>
            <PageHeading text="アカウント連携の完了" step=crate::components::step::of(routes::PageId::LinkDone)/>
            <Completion title="マイナポータルとマイナ免許証の連携が完了しました。">
                <p>"運転免許ページで免許情報（運転経歴情報）を確認できます。オンライン講習や本籍のオンライン変更などの手続も、運転免許ページから利用できます。"</p>
            </Completion>
            <p><a class="button button--primary" href=START>"運転免許（運転経歴情報）ページへ"</a></p>
        </SessionGate>
    }
}

/// Reached by URL without linking: say so rather than claim success.
#[component]
fn NotYetLinked() -> impl IntoView {
    view! {
        <PageHeading text=CURRENT/>
        <p role="alert">"連携はまだ完了していません。はじめから手続きしてください。"</p>
        <p><a class="button button--primary" href=FIRST_STEP>"連携の手続きへ"</a></p>
    }
}
