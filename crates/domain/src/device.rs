//! A short, readable name for the device behind a User-Agent (「Chrome（Android）」), for
//! the list of login sessions. A guess from well-known tokens, never used for a decision.

/// 「Browser（OS）」, or 「不明な端末」 when neither is recognised.
pub fn label(user_agent: &str) -> String {
    let ua = user_agent;
    // Order matters: Edge and Samsung Internet also say Chrome, Chrome also says Safari.
    let browser = [
        ("EdgA/", "Edge"),
        ("Edg/", "Edge"),
        ("SamsungBrowser/", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("CriOS/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(token, _)| ua.contains(token))
    .map(|(_, name)| name);
    let os = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "Mac"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(token, _)| ua.contains(token))
    .map(|(_, name)| name);
    match (browser, os) {
        (Some(b), Some(o)) => format!("{b}（{o}）"),
        (Some(b), None) => b.to_string(),
        (None, Some(o)) => o.to_string(),
        (None, None) => "不明な端末".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn names_the_common_phones_and_desktops() {
        let pixel = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36";
        assert_eq!(label(pixel), "Chrome（Android）");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(label(iphone), "Safari（iPhone）");
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0";
        assert_eq!(label(edge), "Edge（Windows）");
        assert_eq!(label("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"), "Firefox（Linux）");
        assert_eq!(label(""), "不明な端末");
        assert_eq!(label("curl/8.5.0"), "不明な端末");
    }
}
