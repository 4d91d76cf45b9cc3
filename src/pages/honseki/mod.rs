//! 本籍のオンライン変更 (manual 3章②, SPEC §4.6): thirteen steps, each its own URL under
//! `/license/honseki`. With 戸籍連携履歴 steps 3–7 are skipped.
//!
//! | step | URL | screen |
//! |---|---|---|
//! | 1 | `/license` | 「本籍のオンライン変更の申請」 in 「手続き」 |
//! | 2 | `/license/honseki` | 「本籍のオンライン変更の申請」 「申請する」 / 「運転免許ページへ」; not eligible: 「オンライン変更の利用対象外です」 「詳細を確認する」 ([`start`]) |
//! | 3 | `/license/honseki/koseki` | 「戸籍情報のオンライン取得・提出について」 「次へ」 / 「戻る」 (header 「マイナポータル 戸籍情報」) |
//! | 4–6 | `/license/honseki/identity` (+ PIN dialog, `?step=card`) | 「本人情報の確認」 「読み取る」 / 「中断する」, 「券面情報の読取」, card read |
//! | 7 | `/license/honseki/identity-result` | 「マイナンバーカードから読み取った情報」 「次へ」 / 「中断する」 |
//! | 8 | `/license/honseki/confirm` | 「本籍・筆頭者氏名の確認」 「次へ」 / 「戻る」 / 「中断する」 |
//! | 9 | `/license/honseki/agreement` | 「確認事項への同意」 「確認事項に同意する」 → 「次へ」 / 「中断する」 |
//! | 10–12 | `/license/honseki/sign` (+ PIN dialog, `?step=card`) | 「電子署名して申請」 「電子署名をはじめる」, 「電子署名の付与」, card read |
//! | 13 | `/license/honseki/done` | 「申請完了」 「手続き状況を確認する」 |
//! | – | `/license/honseki/help/:topic` | 「詳細を確認する」 (`eligibility`), 「戸籍情報のオンライン取得・提出とは」 (`koseki`) |
//!
//! What the steps give (the card's 本人情報, the agreement) is kept by the server against
//! the session for ten minutes (`GET /api/honseki`), so a reload resumes the step; a step
//! whose earlier steps are missing goes back to where they are, saying why ([`frame`]).
//! The step caption says the manual's numbers above (the route table's `steps`), on both
//! paths: with 戸籍連携履歴 it goes from 「手順 2 / 13」 to 「手順 8 / 13」.
//! 「中断する」 forgets it and returns to `/license`, where the flow began.

pub mod agreement;
pub mod confirm;
pub mod done;
mod frame;
pub mod help;
pub mod identity;
pub mod identity_result;
pub mod koseki;
pub mod sign;
pub mod start;

use leptos::prelude::*;
use leptos_router::components::Outlet;

/// Where the flow began: 「中断する」 returns here.
pub(crate) const START: &str = "/license";
/// Step 2, where a restart lands.
pub(crate) const FIRST_STEP: &str = "/license/honseki";
/// The heading (and breadcrumb) of step 2.
pub(crate) const TITLE: &str = "本籍のオンライン変更の申請";

/// What spans the steps in the browser: only the message a restart shows on the step it
/// lands on (the steps' data is the server's).
#[derive(Clone, Copy)]
pub struct HonsekiFlow {
    pub(crate) notice: RwSignal<Option<&'static str>>,
}

pub(crate) fn use_honseki_flow() -> HonsekiFlow {
    expect_context::<HonsekiFlow>()
}

/// The flow's parent route: provides [`HonsekiFlow`] to every step.
#[component]
pub fn HonsekiFlowLayout() -> impl IntoView {
    provide_context(HonsekiFlow { notice: RwSignal::new(None) });
    view! { <Outlet/> }
}
