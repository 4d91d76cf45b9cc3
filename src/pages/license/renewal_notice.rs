//! 「免許情報記録の有効期限が近づいています」 — shown while the renewal window is open.
//! The rule is the domain crate's; this only displays the server's answer.

use domain::dates::western;
use domain::eligibility::RenewalNotice;
use leptos::prelude::*;

#[component]
pub fn RenewalNoticeView(notice: RenewalNotice) -> impl IntoView {
    let body = match notice {
        RenewalNotice::Eligible { class, closes } => view! {
            <p>{format!("免許情報記録の有効期間は{}までです。更新の前に、オンラインで更新時講習（{}）を受講できます。", western(closes), class.label())}</p>
            <p><a class="button button--primary" href="/license/lecture">"オンライン講習について確認する"</a></p>
        }
        .into_any(),
        RenewalNotice::NotEligible { message, closes } => view! {
            <p>{format!("免許情報記録の有効期間は{}までです。", western(closes))}</p>
            <p><strong>"オンライン講習の対象外です。"</strong>{message}</p>
            <p>"更新手続きは運転免許センター等で行ってください。"</p>
        }
        .into_any(),
    };
    view! {
        <section class="notice notice--warning" aria-labelledby="renewal-heading">
            <h2 id="renewal-heading">"免許情報記録の有効期限が近づいています"</h2>
            {body}
        </section>
    }
}
