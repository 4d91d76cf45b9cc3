//! 「アカウント連携解除の完了」 with 「外部サイトとの連携トップへ」.

use leptos::prelude::*;

use super::{CURRENT, TRAIL};
use crate::components::completion::Completion;
use crate::components::page_heading::PageHeading;
use crate::components::session_gate::SessionGate;

#[component]
pub fn UnlinkDonePage() -> impl IntoView {
    view! {
        <SessionGate trail=TRAIL current=CURRENT next="/license/unlink" linked=false otherwise=NotYetUnlinked>
            <PageHeading text="アカウント連携解除の完了"/>
            <Completion title="マイナ免許証との連携を解除しました。">
                <p>"マイナポータルでは免許情報（運転経歴情報）を表示しなくなりました。もう一度連携するときは、運転免許ページの「連携をはじめる」から手続きしてください。"</p>
            </Completion>
            <p><a class="button button--primary" href="/connections">"外部サイトとの連携トップへ"</a></p>
        </SessionGate>
    }
}

/// Reached by URL without unlinking: say so rather than claim success.
#[component]
fn NotYetUnlinked() -> impl IntoView {
    view! {
        <PageHeading text="アカウント連携解除の同意確認"/>
        <p role="alert">"連携解除はまだ完了していません。内容を確認して手続きしてください。"</p>
        <p><a class="button button--primary" href="/license/unlink">"連携解除の手続きへ"</a></p>
    }
}
