//! 「ウェブアクセシビリティ方針」 and 「試験結果」 (issue 33.3): what this product aims at
//! (JIS X 8341-3:2016 level AA, WCAG 2.2 AA), how it is tested and the result of each
//! criterion. Both are generated from docs/ACCESSIBILITY.md, the one source
//! (`domain::accessibility` includes and reads it), and linked from every page's footer
//! (`components/shell.rs`).
//!
//! | URL | screen | file |
//! |---|---|---|
//! | `/accessibility` | ウェブアクセシビリティ方針 | `policy.rs` |
//! | `/accessibility/results` | 試験結果 | `results.rs` |

mod policy;
mod results;

pub use policy::AccessibilityPolicyPage;
pub use results::AccessibilityResultsPage;

use domain::accessibility::{self, SOURCE};

/// 「2026年12月8日」 from the table's ISO date (a missing date says so rather than inventing one).
fn results_date() -> String {
    let Some(iso) = accessibility::results_date(SOURCE) else { return "（日付未記載）".into() };
    let mut parts = iso.split('-').map(|p| p.trim_start_matches('0'));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{y}年{m}月{d}日"),
        _ => iso.to_string(),
    }
}
