//! What start, renew and cancel share: their labels and headings, the loading of what the
//! server kept of their steps, and the way back to a flow's first step.

use domain::onestop::{OnestopFlow, OnestopSteps};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api;
use crate::components::flash;

pub const SELECT_HEADING: &str = "住所変更ワンストップサービス等利用同意項目選択";
pub const CONSENT_TERMS_HEADING: &str = "住所変更ワンストップサービス等利用同意";
pub const CONSENT_DONE_HEADING: &str = "住所変更ワンストップサービス等利用同意申請完了通知";
pub const CANCEL_TERMS_HEADING: &str = "住所変更ワンストップサービス等利用同意解除";
pub const CANCEL_DONE_HEADING: &str = "住所変更ワンストップサービス等利用同意解除申請完了通知";

const NOT_AGREED: &str = "利用規約への同意を確認できませんでした（画面が再読み込みされたか、時間がたったためです）。もう一度、利用規約を確認して同意してください。";
const NONE_SUBMITTED: &str = "この手続きの申請はまだ受け付けていません。利用規約の確認から手続きしてください。";

/// The small line above each step's heading.
pub fn label(flow: OnestopFlow) -> &'static str {
    match flow {
        OnestopFlow::Start => "住所変更ワンストップサービス等 利用開始",
        OnestopFlow::Renew => "住所変更ワンストップサービス等 同意有効期間の更新",
        OnestopFlow::Cancel => "住所変更ワンストップサービス等 利用解除",
    }
}

/// A screen of a flow, for its step caption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowScreen {
    Terms,
    /// 同意項目選択 (start and renew only).
    Items,
    Read,
    Done,
}

/// Where `screen` stands in `flow`, in the manual's numbers (the route table's `steps`):
/// start and renew are 3章③-1, cancel 3章③-3.
pub fn step(flow: OnestopFlow, screen: FlowScreen) -> Option<crate::components::step::StepOf> {
    use crate::components::step::{of, read_of};
    use routes::PageId::*;
    let (terms, items, done) = match flow {
        OnestopFlow::Start => (OnestopStart, OnestopStartItems, OnestopStartDone),
        OnestopFlow::Renew => (OnestopRenew, OnestopRenewItems, OnestopRenewDone),
        OnestopFlow::Cancel => (OnestopCancel, OnestopCancel, OnestopCancelDone),
    };
    match screen {
        FlowScreen::Terms => of(terms),
        FlowScreen::Items => of(items),
        FlowScreen::Read => read_of(items),
        FlowScreen::Done => of(done),
    }
}

/// The breadcrumb of the flow's steps.
pub fn crumb(flow: OnestopFlow) -> &'static str {
    match flow {
        OnestopFlow::Start => "利用開始手続",
        OnestopFlow::Renew => "同意有効期間の更新（同意項目の変更）",
        OnestopFlow::Cancel => "同意解除",
    }
}

/// The flow's first step (its terms).
pub fn first_step(flow: OnestopFlow) -> &'static str {
    match flow {
        OnestopFlow::Start => "/license/onestop/start",
        OnestopFlow::Renew => "/license/onestop/renew",
        OnestopFlow::Cancel => "/license/onestop/cancel",
    }
}

pub fn items_step(flow: OnestopFlow) -> &'static str {
    match flow {
        OnestopFlow::Renew => "/license/onestop/renew/items",
        _ => "/license/onestop/start/items",
    }
}

pub fn done_step(flow: OnestopFlow) -> &'static str {
    match flow {
        OnestopFlow::Start => "/license/onestop/start/done",
        OnestopFlow::Renew => "/license/onestop/renew/done",
        OnestopFlow::Cancel => "/license/onestop/cancel/done",
    }
}

/// What the server kept of `flow`'s steps.
pub fn kept_steps(flow: OnestopFlow) -> LocalResource<Result<OnestopSteps, api::ApiError>> {
    LocalResource::new(move || api::onestop_steps(flow))
}

/// Back to the flow's terms, saying why: what the step needs was not kept.
pub fn restart(flow: OnestopFlow, why: Restart) {
    flash::set(match why {
        Restart::TermsNotAgreed => NOT_AGREED,
        Restart::NoneSubmitted => NONE_SUBMITTED,
    });
    let navigate = use_navigate();
    navigate(first_step(flow), NavigateOptions { replace: true, ..Default::default() });
}

#[derive(Clone, Copy)]
pub enum Restart {
    TermsNotAgreed,
    NoneSubmitted,
}

/// 「よくある質問(FAQ)」 and 「マニュアルダウンロード」, where the manual shows them.
#[component]
pub fn HelpLinks() -> impl IntoView {
    view! {
        <ul class="link-list onestop-help-links">
            <li><a href="/license/onestop/help/faq">"よくある質問(FAQ)"</a></li>
            <li><a href="/license/onestop/help/manual">"マニュアルダウンロード"</a></li>
        </ul>
    }
}
