//! Cache headers by name: what may be kept, and for how long.

/// Content-hashed names: Trunk's files (`favicon-0123456789abcdef.svg`) and everything
/// in xtask's wasm package folder (`/pkg-0123456789abcdef/myna-license-app_bg.wasm`): a
/// segment with a `-` and 16 lowercase hex digits followed by `.`, `_` or the end of the
/// folder name. Such a path never changes content, so it may be cached for a year.
pub fn is_hashed_name(path: &str) -> bool {
    let is_hash = |w: &[u8]| w[0] == b'-' && w[1..].iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    let mut segments: Vec<&[u8]> = path.split('/').filter(|s| !s.is_empty()).map(str::as_bytes).collect();
    let Some(file) = segments.pop() else { return false };
    let file_hashed = file.windows(18).any(|w| is_hash(&w[..17]) && matches!(w[17], b'.' | b'_'));
    let dir_hashed = |dir: &&[u8]| dir.len() >= 17 && is_hash(&dir[dir.len() - 17..]);
    file_hashed || segments.iter().any(dir_hashed)
}

pub const INDEX_CACHE: &str = "no-cache";
pub const HASHED_CACHE: &str = "public, max-age=31536000, immutable";
pub const OTHER_CACHE: &str = "public, max-age=3600";

/// index.html must be revalidated every time (it names the current hashed files);
/// hashed files never change; anything else (favicon, manifest) may be an hour old.
pub fn cache_control(path: &str, is_index: bool) -> &'static str {
    if is_index || path.ends_with('/') || path.ends_with("/index.html") {
        INDEX_CACHE
    } else if is_hashed_name(path) {
        HASHED_CACHE
    } else {
        OTHER_CACHE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_hashed_names_are_recognised() {
        assert!(is_hashed_name("/myna-license-app-0123456789abcdef_bg.wasm"));
        assert!(is_hashed_name("/myna-license-app-0123456789abcdef.js"));
        assert!(is_hashed_name("/base-0123456789abcdef.css"));
        assert!(is_hashed_name("/pkg-0123456789abcdef/myna-license-app_bg.wasm"));
        assert!(is_hashed_name("/pkg-0123456789abcdef/__wasm_split.js"));
        assert!(!is_hashed_name("/pkg-0123456789abcdeg/__wasm_split.js"));
        assert!(!is_hashed_name("/pkg-0123456789abcdef-x/a.js"));
        assert!(!is_hashed_name("/terms/link.txt"));
        assert!(!is_hashed_name("/base-0123456789abcde.css"), "15 digits");
        assert!(!is_hashed_name("/base-0123456789ABCDEF.css"), "Trunk writes lower case");
        assert!(!is_hashed_name("/favicon.ico"));
        assert!(!is_hashed_name("/0123456789abcdef-x/app.js"), "only the file name counts");
    }

    #[test]
    fn cache_policy_by_name() {
        assert_eq!(cache_control("/", false), INDEX_CACHE);
        assert_eq!(cache_control("/index.html", false), INDEX_CACHE);
        assert_eq!(cache_control("/license/link", true), INDEX_CACHE);
        assert_eq!(cache_control("/base-0123456789abcdef.css", false), HASHED_CACHE);
        assert_eq!(cache_control("/favicon.ico", false), OTHER_CACHE);
    }
}
