//! `/connections` — 「外部サイトとの連携」: the portal's linked services, here one:
//! 「マイナ免許証との連携」 with its status.

use leptos::prelude::*;

use crate::components::breadcrumbs::{Breadcrumbs, HOME};
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
                <h2>"アカウント"</h2>
                <p><a href="/account/sessions">"ログイン中の端末"</a>"：このアカウントでログインしている端末の確認と、ログアウト"</p>
                <p><a href="/account/phone-credential">"スマホ用電子証明書"</a>"：スマホ用署名用電子証明書の登録と削除（電子署名でマイナンバーカードの代わりに使えます）"</p>
            }
        }/>
    }
}
