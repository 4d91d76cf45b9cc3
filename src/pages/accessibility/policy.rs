//! `/accessibility` 「ウェブアクセシビリティ方針」: the target, the scope, how the pages are
//! tested and the present result, in the product's own words. The figures come from the
//! criterion table (docs/ACCESSIBILITY.md), as the results page's do.

use domain::accessibility::{counts, criteria, Outcome, SOURCE};
use leptos::prelude::*;

use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::page_heading::PageHeading;

const TITLE: &str = "ウェブアクセシビリティ方針";

#[component]
pub fn AccessibilityPolicyPage() -> impl IntoView {
    let rows = criteria(SOURCE);
    let date = super::results_date();
    let count = |o: Outcome| counts(&rows).iter().find(|(k, _)| *k == o).map_or(0, |(_, n)| *n);
    let open = count(Outcome::Untested) + count(Outcome::Fails);
    // A conformance claim (「準拠」) only once every criterion is met or not applicable.
    let claim = if open == 0 {
        "すべての達成基準が「適合」または「非適用」であることを確認しました。このサイトは、JIS X 8341-3:2016 の適合レベルAAに準拠しています。WCAG 2.2 のレベルAAの達成基準も、すべて満たしています。".to_string()
    } else {
        format!("まだ判定していない、または満たしていない達成基準が{open}件あるため、現時点では適合レベルAAへの「準拠」は表明していません。")
    };
    view! {
        <Breadcrumbs trail=HOME current=TITLE/>
        <PageHeading text=TITLE/>
        <p>"マイナ免許証 関連サービス（デモ実装）は、年齢や障害の有無、使う端末にかかわらず、だれもが運転免許に関する手続きを行えることを目指して作っています。"</p>
        <h2>"目標とする水準"</h2>
        <p>"日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の適合レベルAAに準拠することを目標とします。あわせて、その後に加わった達成基準を含む WCAG 2.2 のレベルAAを目標とします。"</p>
        <h2>"対象範囲"</h2>
        <p>"このサイトのすべてのページ（ホーム、運転免許の表示、マイナ免許証との連携と連携解除、オンライン講習、本籍のオンライン変更、住所変更ワンストップサービス等、お知らせ、手続き状況、アカウント、各手続きの説明、この方針と試験結果）を対象とします。"</p>
        <p>"デモ操作のための画面（「デモ操作」「画面一覧」）と、マイナンバーカードの読み取りに使う端末や外部のアプリ・サイトは対象外です。"</p>
        <h2>"試験の方法"</h2>
        <ul>
            <li>"axe-core による自動試験：すべてのページと、画面一覧にある各画面のすべての状態（手続きの各段階、ダイアログ、エラー表示）で、WCAG 2.0・2.1・2.2 のレベルA・AAの規則を検査しています。"</li>
            <li>"ブラウザでの自動試験（E2E テスト）：320 CSS ピクセル幅での表示、文字サイズ200%、テキストの間隔の変更、キーボードだけでの操作とフォーカスの順序・表示、ステータスメッセージの読み上げ、ログインの自動終了の予告など、axe-core では判断できない項目を Chromium で検査しています。"</li>
            <li>"スクリーンリーダーでの読み上げ：マイナ免許証との連携の手続きと運転免許の表示について、Chromium のアクセシビリティツリー（スクリーンリーダーに渡される情報）で、見出し、状態の通知、ボタンの名前と状態を確認しています。NVDA や VoiceOver などの実際のスクリーンリーダーでの確認はまだ行っていません。"</li>
            <li>"目視・ソースコードの確認：自動試験では判断できない項目は、画面とソースコードを確認しました。"</li>
        </ul>
        <p>"これらの自動試験は、変更のたびに実行しています。"</p>
        <h2>"現在の達成状況"</h2>
        <p>
            {format!(
                "{date}時点で、{}件の達成基準のうち、適合{}件、非適用{}件、不適合{}件、未判定{}件です。",
                rows.len(),
                count(Outcome::Conforms),
                count(Outcome::NotApplicable),
                count(Outcome::Fails),
                count(Outcome::Untested),
            )}
            {claim}
            {(open > 0).then_some("未判定または不適合の達成基準は、試験と改善の計画に沿って確認を進めます。")}
        </p>
        <p><a href="/accessibility/results">"試験結果（達成基準ごとの結果）"</a></p>
        <h2>"お問い合わせ"</h2>
        <p>"このサイトは公式サービスではなく、デモ実装です。アクセシビリティについてのお問い合わせ窓口は設けていません。実際のサービスでは、ここに窓口（連絡先と受付時間）を示し、いただいたご意見をもとに改善します。"</p>
        <h2>"策定日・更新日"</h2>
        <p>{format!("策定日・最終更新日：{date}")}</p>
    }
}
