//! Where the SPA may send a person after login (`/login?next=…`): only a path of this site.

/// Where to go when `next` is absent or refused.
pub const DEFAULT_NEXT: &str = "/license";

/// `next` when it is a path of this site, otherwise [`DEFAULT_NEXT`] (no open redirect).
///
/// Browsers drop tabs and newlines from a URL and read `\` as `/`, so `/\t/evil.example`
/// or `/\evil.example` would leave the site as `//evil.example`: any control character,
/// space or backslash refuses the whole value rather than being cleaned.
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if is_site_path(n) => n,
        _ => DEFAULT_NEXT,
    }
}

fn is_site_path(n: &str) -> bool {
    n.starts_with('/') && !n.starts_with("//") && !n.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_of_the_site_is_kept() {
        for ok in ["/license", "/license/onestop?x=1#top", "/notices/abc", "/"] {
            assert_eq!(safe_next(Some(ok)), ok);
        }
    }

    #[test]
    fn anything_that_can_leave_the_site_goes_to_the_licence() {
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "https://evil.example/",
            "evil.example",
            "javascript:alert(1)",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "/\u{0}/evil.example",
            "",
        ] {
            assert_eq!(safe_next(Some(bad)), DEFAULT_NEXT, "{bad:?}");
        }
        assert_eq!(safe_next(None), DEFAULT_NEXT);
    }
}
