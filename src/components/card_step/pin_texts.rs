//! What the PIN dialogs say (SPEC §4.8). The secret is called パスワード throughout, as the
//! manual's dialogs call it; the licence's own 暗証番号 is named only to say it is another one.

use jpki::PinKind;

/// The dialog's title, as the manual's screens name them.
pub fn title(kind: PinKind) -> &'static str {
    match kind {
        PinKind::CardInfo => "券面情報の読取",
        PinKind::Auth => "利用者証明用電子証明書",
        PinKind::Signing => "電子署名の付与",
    }
}

/// The certificate/PIN named in the prompt and the help.
pub fn subject(kind: PinKind) -> &'static str {
    match kind {
        PinKind::CardInfo => "券面事項入力補助用",
        PinKind::Auth => "利用者証明用電子証明書",
        PinKind::Signing => "署名用電子証明書",
    }
}

/// The format hint under the label (the input has no placeholder repeating it).
pub fn hint(kind: PinKind) -> &'static str {
    if kind.is_numeric() {
        "数字4桁"
    } else {
        "6～16桁の英大文字と数字"
    }
}

/// Our own explanation in 「…のパスワードとは」.
pub fn help_text(kind: PinKind) -> [&'static str; 2] {
    match kind {
        PinKind::CardInfo => [
            "カードの交付を受けたときに市区町村の窓口で決めた数字4桁です。カードに記録された氏名・住所・生年月日・性別（基本4情報）を読み取るときに使います。免許センター等で一体化の手続きをしたときに登録した暗証番号とは別のものです。",
            "3回続けて間違えるとロックされます。ロックの解除は、住民票のある市区町村の窓口でできます。",
        ],
        PinKind::Auth => [
            "マイナンバーカードを受け取るときに設定した4桁の数字で、マイナポータルへのログインなど、ご本人であることを確かめるときに使います。運転免許センター等で登録した暗証番号とは異なります。",
            "3回続けて間違えるとロックされます。ロックの解除は、住民票のある市区町村の窓口でできます。",
        ],
        PinKind::Signing => [
            "署名用電子証明書の発行を申請したときに設定した、英大文字と数字を組み合わせた6～16桁のパスワードです。申請や届出に電子署名を付けるときに使います。小文字や全角で入力しても、半角の英大文字として扱います。",
            "5回続けて間違えるとロックされます。ロックの解除やパスワードの再設定は、住民票のある市区町村の窓口か、コンビニエンスストア等のキオスク端末でできます。",
        ],
    }
}

/// The tries-left line after a wrong PIN (two or more left).
pub fn wrong(tries_left: u8) -> String {
    format!("パスワードが違います。あと{tries_left}回間違えるとロックされます。")
}

/// The heading of the warning shown when one try is left.
pub const LAST_TRY_TITLE: &str = "次に間違えるとロックされます";

/// The warning's text: what a lock means and where it is undone.
pub fn last_try(kind: PinKind) -> [String; 2] {
    let undo = match kind {
        PinKind::Signing => {
            "住民票のある市区町村の窓口か、コンビニエンスストア等のキオスク端末での手続き（パスワードの再設定）"
        }
        PinKind::CardInfo | PinKind::Auth => "住民票のある市区町村の窓口での手続き",
    };
    [
        format!(
            "パスワードが違います。あと1回間違えると{}のパスワードがロックされ、解除するまで使えなくなります。解除には{undo}が必要です。",
            subject(kind)
        ),
        "パスワードに自信がないときは「やめる」を押してください。入力できる回数は減りません。".to_string(),
    ]
}

/// Said on the flow's page after 「やめる」.
pub const STOPPED: &str =
    "パスワードの入力をやめました。入力できる回数は減っていません。パスワードを確かめてから、もう一度お試しください。";
