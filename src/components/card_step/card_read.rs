//! The card-read screen (SPEC §4.8, manual 2章 ①-1 steps 6 and 10): what this read is for
//! (本人情報 or 電子署名), the instruction with 「読み取り開始」 right under it, a progress bar
//! moved by the READ BINARY calls, the outcome announced in a live region, then where the
//! card goes (a small illustration with a text alternative) and one help entry.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use jpki::PinKind;

use super::{CardStep, ReadState};
use crate::bridge::{ReaderKind, WEB_NFC_NOTE};
use crate::components::status::LiveStatus;
use crate::components::step::{StepCaption, StepOf, STEP_CAPTION_ID};
use crate::components::title::set_title;

/// The one help entry; 「ヘルプ」 and 「読み取りかたを確認」 both open it.
const HELP_ID: &str = "card-read-help";
const PURPOSE_ID: &str = "card-read-purpose";

/// Which read this is: the two reads of a flow look alike otherwise.
fn purpose(kind: PinKind) -> &'static str {
    match kind {
        PinKind::CardInfo => "本人情報（氏名・住所・生年月日・性別）の読み取り",
        PinKind::Signing => "電子署名（署名用電子証明書）の読み取り",
        PinKind::Auth => "ログイン（利用者証明用電子証明書）の読み取り",
    }
}

/// A link to one of the screen's `<details>`: opens it and moves focus to its summary
/// (the router would otherwise take `#…` for a navigation).
fn open_details(id: &'static str) -> impl Fn(leptos::ev::MouseEvent) {
    move |ev| {
        ev.prevent_default();
        let Some(details) = document().get_element_by_id(id) else { return };
        if let Ok(d) = details.clone().dyn_into::<web_sys::HtmlDetailsElement>() {
            d.set_open(true);
        }
        if let Some(summary) =
            details.query_selector("summary").ok().flatten().and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = summary.focus();
            summary.scroll_into_view();
        }
    }
}

#[component]
pub fn CardReadScreen(
    flow: CardStep,
    /// Where this read stands in its flow.
    #[prop(default = None)]
    step: Option<StepOf>,
) -> impl IntoView {
    match step {
        Some(s) => set_title(&format!("カードの読み取り（{}）", s.caption())),
        None => set_title("カードの読み取り"),
    }
    let heading = NodeRef::<leptos::html::H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    let busy = move || matches!(flow.read(), ReadState::Waiting | ReadState::Reading(..));
    let web_nfc = flow.reader_kind() == Some(ReaderKind::WebNfc);
    // A PC's IC card reader (myna-card-bridge): the card lies on the reader, not on a phone.
    let pc = flow.reader_kind() == Some(ReaderKind::Pc);
    let lead = if pc {
        "パソコンにつないだICカードリーダーにマイナンバーカードを置いてから、「読み取り開始」を押してください。"
    } else {
        "マイナンバーカードをスマートフォンの背面上部に重ねてから、「読み取り開始」を押してください。"
    };
    let (place, keep_still) = if pc {
        (
            "カードをICカードリーダーに置いてください",
            "読み取りが終わるまで、カードをICカードリーダーから取り外さないでください",
        )
    } else {
        ("カードをスマートフォンの背面上部にあわせてください", "カードを動かさないでください")
    };
    let back = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        // Not in the middle of an exchange with the card (waiting for a tap is fine).
        if !matches!(flow.read_untracked(), ReadState::Reading(..)) {
            flow.back_to_pin();
        }
    };
    let start = move |_| {
        if !busy() {
            flow.start_read();
        }
    };
    let back_href = flow.pin_step_url();

    let described_by = match step {
        Some(_) => format!("{STEP_CAPTION_ID} {PURPOSE_ID}"),
        None => PURPOSE_ID.to_string(),
    };

    view! {
        <div class="card-read">
            <nav class="card-read__bar" aria-label="カードの読み取りの操作">
                <a class="card-read__back" href=back_href on:click=back>"← パスワードの入力"</a>
                <a class="card-read__help-link" href=format!("#{HELP_ID}") on:click=open_details(HELP_ID)>"ヘルプ"</a>
            </nav>
            {step.map(|step| view! { <StepCaption step/> })}
            <h1 node_ref=heading tabindex="-1" aria-describedby=described_by>"カードの読み取り"</h1>
            <p id=PURPOSE_ID class="card-read__purpose">{purpose(flow.kind)}</p>
            <p class="card-read__lead">{lead}</p>
            {web_nfc.then(|| view! { <p class="notice">{WEB_NFC_NOTE}</p> })}
            <button
                type="button"
                class="button button--primary card-read__start"
                aria-disabled=move || if busy() { "true" } else { "false" }
                on:click=start
            >
                {move || match flow.read() {
                    ReadState::Waiting | ReadState::Reading(..) => "読み取り中…",
                    ReadState::Failed => "再読み取り",
                    _ => "読み取り開始",
                }}
            </button>
            {move || match flow.read() {
                // Until the card answers with a size, the bar runs without a value (it moves
                // from the first moment rather than sitting empty).
                ReadState::Waiting | ReadState::Reading(_, 0) => Some(view! {
                    <div class="card-read__progress">
                        <label for="card-read-progress">"読み取りの進み具合"</label>
                        <progress id="card-read-progress" max="1"></progress>
                        <p class="card-read__keep-still">{place}</p>
                    </div>
                }.into_any()),
                ReadState::Reading(done, total) => Some(view! {
                    <div class="card-read__progress">
                        <label for="card-read-progress">"読み取りの進み具合"</label>
                        <progress id="card-read-progress" max=total.to_string() value=done.to_string()></progress>
                        <p class="card-read__keep-still">{keep_still}</p>
                    </div>
                }.into_any()),
                _ => None,
            }}
            <LiveStatus text=flow.status.read_only()/>
            <p><a class="card-read__howto-link" href=format!("#{HELP_ID}") on:click=open_details(HELP_ID)>"読み取りかたを確認"</a></p>
            {(!pc).then(|| view! { <CardIllustration reading=Signal::derive(busy)/> })}
            <details id=HELP_ID class="card-read__help">
                <summary>"読み取りかたと、読み取れないとき"</summary>
                <h2 class="card-read__help-heading">"読み取りかた"</h2>
                {pc.then(|| view! {
                    <ol>
                        <li>"ICカードリーダーをパソコンにつなぎ、パソコンで「マイナンバーカード読み取りプログラム」（myna-card-bridge）を起動します。"</li>
                        <li>"マイナンバーカードをICカードリーダーに置きます（接触型は差し込み、非接触型は読み取り面の上に置きます）。"</li>
                        <li>"「読み取り開始」を押し、読み取りが終わるまでカードを取り外さないでください。"</li>
                    </ol>
                })}
                <ol hidden=pc>
                    <li>"スマートフォンのカバーやケースを外し、NFC（おサイフケータイなど）がオンになっているか確認します。"</li>
                    <li>"机などの平らな場所にマイナンバーカードを置き、スマートフォンの背面上部（カメラの近く）をカードの中央に重ねます。"</li>
                    <li>"「読み取り開始」を押し、読み取りが終わるまでカードとスマートフォンを動かさないでください。"</li>
                </ol>
                <h2 class="card-read__help-heading">"読み取れないとき"</h2>
                <ul>
                    {pc.then(|| view! {
                        <li>"カードの向きや置く位置を確かめ、ICカードリーダーのランプが点いていることを確認してから、もう一度「読み取り開始」を押してください。"</li>
                    })}
                    <li hidden=pc>"スマートフォンの位置を少しずつずらして、もう一度「読み取り開始」を押してください。読み取る位置は機種によって異なります。"</li>
                    <li hidden=pc>"金属製のケースや、ICカードが入った手帳型ケースは外してください。"</li>
                    <li>"パスワードを入力し直すときは「← パスワードの入力」に戻ります。"</li>
                    <li>"パスワードがロックされたら、住民票のある市区町村の窓口で解除できます（署名用電子証明書のパスワードは、コンビニエンスストア等のキオスク端末でも再設定できます）。"</li>
                </ul>
            </details>
        </div>
    }
}

/// The back of a phone with the card over its upper half; waves while reading.
#[component]
fn CardIllustration(reading: Signal<bool>) -> impl IntoView {
    view! {
        <figure class="card-illustration" class:card-illustration--reading=move || reading.get()>
            <svg
                viewBox="0 0 240 220"
                width="160"
                height="147"
                role="img"
                aria-label="スマートフォンを裏返し、背面の上部（カメラのある側）にマイナンバーカードを重ねた図。カードはスマートフォンの上半分にかかるように置きます。"
            >
                <rect class="card-illustration__phone" x="70" y="20" width="100" height="190" rx="14"/>
                <circle class="card-illustration__camera" cx="92" cy="42" r="8"/>
                <circle class="card-illustration__camera" cx="92" cy="62" r="5"/>
                <rect class="card-illustration__card" x="30" y="50" width="180" height="110" rx="10"/>
                <rect class="card-illustration__photo" x="160" y="72" width="36" height="46" rx="3"/>
                <rect class="card-illustration__line" x="44" y="72" width="96" height="8" rx="4"/>
                <rect class="card-illustration__line" x="44" y="90" width="80" height="8" rx="4"/>
                <rect class="card-illustration__line" x="44" y="108" width="90" height="8" rx="4"/>
                <path class="card-illustration__wave card-illustration__wave--1" d="M100 16 q20 -10 40 0"/>
                <path class="card-illustration__wave card-illustration__wave--2" d="M88 10 q32 -14 64 0"/>
            </svg>
        </figure>
    }
}
