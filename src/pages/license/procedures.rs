//! 「手続き」: the services below the record. Unavailable ones stay listed with why, as the
//! manual shows (「受講不可」), and their pages explain further.

use domain::license::Procedures as Available;
use leptos::prelude::*;

#[component]
pub fn Procedures(procedures: Available) -> impl IntoView {
    view! {
        <section class="procedures" aria-labelledby="procedures-heading">
            <h2 id="procedures-heading">"手続き"</h2>
            <ul class="procedure-list">
                <Entry href="/license/lecture" title="オンライン講習の受講" sub=None
                    unavailable=(!procedures.lecture).then_some("受講不可")/>
                <Entry href="/license/honseki" title="本籍のオンライン変更の申請" sub=None
                    unavailable=(!procedures.honseki).then_some("対象外")/>
                <Entry href="/license/onestop" title="基本情報の自動変更" sub=Some("住所変更ワンストップサービス等")
                    unavailable=(!procedures.onestop).then_some("対象外")/>
            </ul>
        </section>
    }
}

#[component]
fn Entry(
    href: &'static str,
    title: &'static str,
    sub: Option<&'static str>,
    unavailable: Option<&'static str>,
) -> impl IntoView {
    view! {
        <li>
            <a class="procedure" href=href>
                <span class="procedure__text">
                    <span class="procedure__title">{title}</span>
                    {sub.map(|s| view! { <span class="procedure__sub">{s}</span> })}
                </span>
                {unavailable.map(|u| view! { <span class="badge">{u}</span> })}
                <span class="procedure__chevron" aria-hidden="true">"›"</span>
            </a>
        </li>
    }
}
