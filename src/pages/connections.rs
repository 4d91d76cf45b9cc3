//! `/connections` — 「外部サイトとの連携」: the portal's linked services, here one:
//! 「マイナ免許証との連携」 with its status, and for a linked person the validity of the
//! card's certificates the link and the signed procedures rely on (issue 30).

use leptos::prelude::*;

use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;
use crate::components::require_session::RequireSession;

#[component]
pub fn ConnectionsPage() -> impl IntoView {
    view! {
        <Breadcrumbs trail=HOME current="外部サイトとの連携"/>
        <PageHeading text="外部サイトとの連携"/>
        <p>"マイナポータルと連携しているサービスです。"</p>
        <RequireSession next="/connections" children=move |session| {
            let (state, href) = if session.linked { ("連携済", "/license") } else { ("未連携", "/license/link") };
            view! {
                <ul class="connection-list">
                    <li class="connection">
                        <a class="connection__name" href=href>"マイナ免許証との連携"</a>
                        <span class="badge">{state}</span>
                    </li>
                </ul>
                {session.linked.then(|| view! { <Certificates/> })}
                <h2>"アカウント"</h2>
                <p><a href="/account/sessions">"ログイン中の端末"</a>"：このアカウントでログインしている端末の確認と、ログアウト"</p>
                <p><a href="/account/phone-credential">"スマホ用電子証明書"</a>"：スマホ用署名用電子証明書の登録と削除（電子署名でマイナンバーカードの代わりに使えます）"</p>
            }
        }/>
    }
}

/// 「電子証明書の有効期限」: each certificate's last day; what its end stops.
#[component]
fn Certificates() -> impl IntoView {
    let certs = LocalResource::new(crate::api::certificates);
    view! {
        <section aria-labelledby="certificates-heading">
            <h2 id="certificates-heading">"電子証明書の有効期限"</h2>
            {move || match certs.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) => view! { <p class="status-error" role="alert">{e.detail}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"電子証明書の情報はまだありません（マイナンバーカードで手続きすると表示されます）。"</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <dl class="record">
                        {list.into_iter().map(|c| {
                            let until = domain::dates::western_until(c.valid_until);
                            let value = if c.expired { format!("{until}（有効期限が切れています）") } else { until };
                            view! { <div class="field"><dt>{c.label}</dt><dd>{value}</dd></div> }
                        }).collect_view()}
                    </dl>
                }.into_any(),
            }}
            <p>"署名用電子証明書の有効期限を過ぎると、住所変更ワンストップサービス等による住所・氏名・生年月日の変更が反映されなくなり、電子署名が必要な手続きもできなくなります。更新は、住民票のある市区町村の窓口で行えます。有効期限の3か月前と1か月前に、お知らせでもお伝えします。"</p>
        </section>
    }
}
