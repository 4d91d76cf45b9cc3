//! src/pages/license/unlinked.rs: 「連携をはじめる」 (「再度連携する」 over a stale link,
//! with the server's notice), or why linking is not possible.

use crate::{breadcrumbs_and_heading, esc};
use domain::holding::HoldingStatus;

pub fn unlinked_view(status: HoldingStatus, can_link: bool, relink: Option<&str>) -> String {
    let body = if let (true, Some(notice)) = (can_link, relink) {
        format!(
            "<p class=\"notice\" role=\"note\">{}</p>\
             <p><a class=\"button button--primary\" href=\"/license/link\">再度連携する</a></p>",
            esc(notice)
        )
    } else if can_link {
        "<p>マイナポータルとマイナ免許証を連携すると、免許情報の確認、オンライン講習の受講、本籍のオンライン変更や住所変更ワンストップサービス等を利用できます。</p>\
         <p><a class=\"button button--primary\" href=\"/license/link\">連携をはじめる</a></p>"
            .to_string()
    } else {
        format!(
            "<p>現在の保有状況（{}）では、マイナポータルと連携できません。</p>\
             <p>連携するには、運転免許センター等でマイナンバーカードと{}の一体化などの手続きを行い、保有状況を変更してください。</p>",
            status.label(),
            status.to_integrate().0
        )
    };
    format!(
        "{}<section class=\"panel\" aria-labelledby=\"link-status-heading\"><h2 id=\"link-status-heading\">マイナ免許証との連携</h2>\
         <p class=\"link-state\"><span class=\"badge\">未連携</span></p>{body}</section>",
        breadcrumbs_and_heading(status.record_heading())
    )
}
