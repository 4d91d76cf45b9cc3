//! Help pages the flow links to (our own words, no links leaving the site):
//! 「一体化の手続きについて」 (step 2), 「よくある質問(FAQ)」 and 「マニュアルダウンロード」
//! (step 8). They sit inside the flow's route, so going back keeps what was read.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{CURRENT, FIRST_STEP, TRAIL};
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::page_heading::PageHeading;

/// 「戻る」 (the label of going back everywhere, WCAG 3.2.4): back in history, or to step 2 when this page was opened directly.
#[component]
fn BackButton() -> impl IntoView {
    let navigate = use_navigate();
    let back = move |_| {
        let history = window().history().ok();
        if history.as_ref().and_then(|h| h.length().ok()).unwrap_or(0) > 1 {
            if let Some(h) = history {
                let _ = h.back();
                return;
            }
        }
        navigate(FIRST_STEP, Default::default());
    };
    view! {
        <div class="button-row">
            <button type="button" class="button button--secondary" on:click=back>"戻る"</button>
        </div>
    }
}

#[component]
pub fn LinkHelpPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let topic = params.read().get("topic").unwrap_or_default();
        let (title, body) = match topic.as_str() {
            "integration" => ("一体化の手続きについて", integration().into_any()),
            "faq" => ("よくある質問(FAQ)", faq().into_any()),
            "manual" => ("マニュアル（マイナ免許証との連携）", manual().into_any()),
            "lost-card" => ("マイナンバーカードを紛失したとき", lost_card().into_any()),
            _ => (
                "ページが見つかりません",
                view! { <p>"お探しの説明は見つかりませんでした。"</p><p><a href=FIRST_STEP>"マイナ免許証との連携へ"</a></p> }
                    .into_any(),
            ),
        };
        view! {
            <Breadcrumbs trail=TRAIL current=CURRENT/>
            <PageHeading text=title/>
            <div class="link-help">{body}</div>
            <BackButton/>
        }
    }
}

fn integration() -> impl IntoView {
    view! {
        <p>"マイナ免許証は、マイナンバーカードのICチップに運転免許の情報を記録したものです。マイナポータルと連携するには、先に運転免許センター等で次の手続を済ませてください。"</p>
        <h2>"1. マイナンバーカードと運転免許証の一体化"</h2>
        <p>"運転免許センターや警察署の窓口で、お持ちのマイナンバーカードに運転免許の情報を記録します。免許の更新や住所変更などの手続のときにあわせて申請することもできます。"</p>
        <ul>
            <li>"持ち物：マイナンバーカード、運転免許証（お持ちの場合）"</li>
            <li>"マイナンバーカードだけにする（マイナ免許証のみ）か、運転免許証と両方持つ（2枚持ち）かを選べます。"</li>
            <li>"受付の場所や時間は、お住まいの都道府県の警察のウェブサイトなどでご確認ください。"</li>
        </ul>
        <h2>"2. 署名用電子証明書の提出"</h2>
        <p>"一体化の手続の際に、マイナンバーカードの署名用電子証明書を窓口で提出します。連携のときに、この証明書に記録された情報とマイナンバーカードから読み取った情報を照合して、ご本人であることを確認します。"</p>
        <p>"署名用電子証明書の有効期限が切れている場合や、パスワードがロックされている場合は、住民票がある市区町村の窓口で更新・再設定をしてください。"</p>
        <h2>"連携できる保有状況"</h2>
        <ul>
            <li>"マイナ免許証のみ"</li>
            <li>"運転免許証 + マイナ免許証の2枚持ち"</li>
            <li>"マイナ経歴証明書のみ"</li>
            <li>"運転経歴証明書 + マイナ経歴証明書の2枚持ち"</li>
        </ul>
        <p>"運転免許証のみ、運転経歴証明書のみをお持ちの方は、一体化の手続の後に連携できます。"</p>
    }
}

fn faq() -> impl IntoView {
    const QA: &[(&str, &str)] = &[
        (
            "どのパスワードが必要ですか。",
            "2種類のパスワードを使います。読み取りの最初に使う「券面事項入力補助用」のパスワード（数字4桁）と、電子署名に使う「署名用電子証明書」のパスワード（英大文字と数字を組み合わせた6～16桁）です。券面事項入力補助用はマイナンバーカードを受け取るときに、署名用電子証明書のパスワードは署名用電子証明書の発行を申請したとき（更新したときはそのとき）に、自治体窓口で設定したものです。どちらも運転免許センター等で登録した暗証番号とは異なります。",
        ),
        (
            "パスワードがロックされました。",
            "券面事項入力補助用のパスワードは3回、署名用電子証明書のパスワードは5回続けて間違えるとロックされます。住民票がある市区町村の窓口で解除・再設定ができます。署名用電子証明書のパスワードは、コンビニエンスストア等のキオスク端末でも初期化・再設定ができます。",
        ),
        (
            "「連携できません」と表示されました。",
            "表示されたメッセージに従ってください。運転免許証のみをお持ちの場合や、署名用電子証明書を運転免許センター等に提出していない場合は、窓口での手続が必要です。",
        ),
        (
            "読み取った情報が今の住所と違います。",
            "マイナンバーカードの記載事項が変更されていない可能性があります。住民票がある市区町村の窓口でカードの記載事項を変更してから、もう一度連携してください。",
        ),
        (
            "送信した情報は保存されますか。",
            "送信した氏名・生年月日・住所・性別は、署名用電子証明書の情報との照合にだけ使い、連携の手続が終わると消去されます。",
        ),
        (
            "連携をやめたいときは。",
            "運転免許ページの「連携解除」からいつでも解除できます。手続き中の申請があるときは、その完了を待ってから解除してください。",
        ),
        (
            "マイナンバーカード（マイナ免許証）を紛失しました。",
            "すぐにカードの一時利用停止を申し出てください。その後の手続き（マイナ免許証の扱い、新しいカードでの連携）は「マイナンバーカードを紛失したとき」で説明しています。",
        ),
        (
            "免許が失効した後に取り直しました。",
            "以前の連携が残っている場合は、先に連携を解除してから、あらためて連携してください。",
        ),
    ];
    view! {
        {QA.iter().map(|(q, a)| view! { <h2>{*q}</h2><p>{*a}</p> }).collect_view()}
        <p><a href="/license/link/help/lost-card">"マイナンバーカードを紛失したとき"</a></p>
    }
}

/// A lost or suspended card (issue 30, beyond the manual): suspend it at once, what happens
/// to the マイナ免許証, and linking again with the new card.
fn lost_card() -> impl IntoView {
    view! {
        <h2>"1. カードの一時利用停止"</h2>
        <p>"マイナンバー総合フリーダイヤル（0120-95-0178、24時間365日受付）に連絡して、マイナンバーカードの一時利用停止を申し出てください。カードの電子証明書が止められ、拾った人などが使うことはできなくなります。あわせて警察に遺失届を出してください。"</p>
        <h2>"2. マイナ免許証の扱い"</h2>
        <ul>
            <li>"マイナ免許証のみの方：カードが手元にない間は、運転免許を証明するものがありません。運転する前に、運転免許センター等で手続きしてください。"</li>
            <li>"運転免許証（プラスチック）との2枚持ちの方：運転免許証はそのまま使えます。"</li>
            <li>"一時利用停止の後は、このポータルにログインできず、オンライン講習・本籍のオンライン変更・住所変更ワンストップサービス等も利用できません（ログインしようとすると、電子証明書が失効している旨が表示されます）。"</li>
        </ul>
        <h2>"3. 新しいカードを受け取ったら"</h2>
        <ol>
            <li>"住民票がある市区町村の窓口で新しいマイナンバーカードを受け取り、電子証明書とパスワードを設定します。"</li>
            <li>"運転免許センター等で、新しいカードとの一体化と署名用電子証明書の提出を行います。"</li>
            <li>"新しいカードでこのポータルにログインし、運転免許ページの「連携をはじめる」から、あらためて連携してください。以前の連携が残っていると表示された場合は、先に「連携解除」をしてください。"</li>
        </ol>
        <p>"カードが見つかったときは、一時利用停止の解除を市区町村の窓口などで申し出てください。"</p>
    }
}

fn manual() -> impl IntoView {
    const STEPS: &[&str] = &[
        "運転免許ページで「連携をはじめる」を押します。",
        "「マイナ免許証との連携」の内容を確認して「連携」を押します。",
        "「同意確認」で「同意して次へ」を押します。",
        "「アカウント登録用情報の送信」で「マイナンバーカードを読み取る」を押します。",
        "券面事項入力補助用のパスワード（数字4桁）を入力して「次へ」を押します。",
        "スマートフォンの背面上部にマイナンバーカードを重ねて「読み取り開始」を押します。",
        "「読み取った情報」を確認して「送信」を押します。",
        "利用規約を最後まで読み、「利用規約を確認しました。」にチェックして「同意する」を押します。",
        "署名用電子証明書のパスワード（6～16桁の英大文字と数字）を入力して「次へ」を押します。",
        "もう一度マイナンバーカードを重ねて「読み取り開始」を押します。",
        "「アカウント連携の完了」が表示されたら完了です。「運転免許（運転経歴情報）ページへ」で免許情報を確認できます。",
    ];
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <p>"マイナポータルとマイナ免許証を連携する手順です。このページは印刷したり、ブラウザの印刷機能でPDFとして保存したりできます。"</p>
        <div class="button-row">
            <button type="button" class="button button--secondary" on:click=print>"このページを印刷・保存する"</button>
        </div>
        <h2>"連携の手順"</h2>
        <ol class="link-manual-steps">{STEPS.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}</ol>
        <h2>"困ったときは"</h2>
        <p>"エラーメッセージが表示されたときは、メッセージの内容に従ってください。"</p>
        <p><a href="/license/link/help/faq">"よくある質問(FAQ)"</a></p>
    }
}
