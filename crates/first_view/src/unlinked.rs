//! src/pages/license/unlinked.rs: the server's lead (what linking enables, why this status
//! cannot link, or why a stale link shows no record) and 「連携をはじめる」 where one can link.

use crate::{breadcrumbs_and_heading, esc};
use domain::holding::HoldingStatus;

pub fn unlinked_view(status: HoldingStatus, can_link: bool, lead: &str) -> String {
    let link = if can_link {
        "<p><a class=\"button button--primary\" href=\"/license/link\">連携をはじめる</a></p>"
    } else {
        ""
    };
    let body = format!("<p>{}</p>{link}", esc(lead));
    format!(
        "{}<section class=\"panel\" aria-labelledby=\"link-status-heading\"><h2 id=\"link-status-heading\">マイナ免許証との連携</h2>\
         <p class=\"link-state\"><span class=\"badge\">未連携</span></p>{body}</section>",
        breadcrumbs_and_heading(status.record_heading())
    )
}
