//! Release index.html (and the JS glue) without what only their readers need: the HTML comments and the
//! inlined stylesheets' comments and indentation. The first view carries index.html
//! whole (every stylesheet is inlined, docs/PERFORMANCE.md), so its size is the budget's.
//! Scripts are left exactly as they are (the CSP allows them by hash; the server hashes
//! the styles from this same file when it starts).

use std::fs;
use std::path::Path;

/// Rewrites `index` in place.
pub fn slim_file(index: &Path) -> crate::Result {
    let html = fs::read_to_string(index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    fs::write(index, slim(&html)).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

/// `html` with comments outside `<script>`/`<style>` removed and each `<style>` minified.
pub fn slim(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    loop {
        let next_script = rest.find("<script");
        let next_style = rest.find("<style>");
        let (at, is_style) = match (next_script, next_style) {
            (None, None) => {
                out.push_str(&strip_comments(rest));
                return out;
            }
            (Some(a), Some(b)) if b < a => (b, true),
            (Some(a), _) => (a, false),
            (None, Some(b)) => (b, true),
        };
        out.push_str(&strip_comments(&rest[..at]));
        let close = if is_style { "</style>" } else { "</script>" };
        let Some(end) = rest[at..].find(close).map(|e| at + e + close.len()) else {
            // Unclosed: leave the remainder untouched rather than guess.
            out.push_str(&rest[at..]);
            return out;
        };
        let element = &rest[at..end];
        if is_style {
            let body = &element["<style>".len()..element.len() - close.len()];
            out.push_str("<style>");
            out.push_str(&minify_css(body));
            out.push_str(close);
        } else {
            out.push_str(element);
        }
        rest = &rest[end..];
    }
}

/// HTML comments removed, each with the indentation and line break before it (so no
/// blank line is left where it stood).
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let before = &rest[..start];
        let trimmed = before.trim_end_matches([' ', '\t']);
        out.push_str(trimmed.strip_suffix('\n').unwrap_or(before));
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                out.push_str(&rest[start..]);
                return out;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Comments out, whitespace runs to one space, none around `{ } ; , >` or after `:`.
/// Strings are copied as they are (`content: "›"`).
fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut prev = ' ';
                for d in chars.by_ref() {
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
                pending_space = true;
            }
            '"' | '\'' => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            c if c.is_whitespace() => pending_space = true,
            c => {
                flush_space(&mut out, &mut pending_space, c);
                out.push(c);
            }
        }
    }
    out.replace(";}", "}").trim().to_string()
}

/// Writes the space held back before `next`, unless punctuation on either side makes it
/// meaningless. A space before `:` is kept: `.a :focus` (descendant) is not `.a:focus`.
fn flush_space(out: &mut String, pending: &mut bool, next: char) {
    if *pending {
        let tight_after = matches!(out.chars().last(), None | Some('{' | '}' | ';' | ',' | '>' | ':'));
        let tight_before = matches!(next, '{' | '}' | ';' | ',' | '>');
        if !tight_after && !tight_before {
            out.push(' ');
        }
    }
    *pending = false;
}

/// Rewrites the JS file `path` without its lines' indentation (wasm-bindgen's glue,
/// ≈ 400 B brotli of the first view).
pub fn slim_js_file(path: &Path) -> crate::Result {
    let js = fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let Some(slim) = slim_js(&js) else {
        println!("spa-wasm: {} has a multi-line template literal; left as it is", path.display());
        return Ok(());
    };
    fs::write(path, slim).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `js` with each line's leading spaces and tabs removed: the line breaks stay, so
/// automatic semicolon insertion reads it as before. `None` when a line holds an odd
/// number of backticks (a template literal spanning lines, whose indentation is data).
pub fn slim_js(js: &str) -> Option<String> {
    if js.lines().any(|l| l.matches('`').count() % 2 == 1) {
        return None;
    }
    let mut out: String = js.lines().map(|l| l.trim_start_matches([' ', '\t'])).collect::<Vec<_>>().join("\n");
    if js.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_loses_indentation_not_line_breaks_nor_template_literals() {
        assert_eq!(
            slim_js("function f() {\n    return `a ${b}`\n}\n").as_deref(),
            Some("function f() {\nreturn `a ${b}`\n}\n")
        );
        assert_eq!(slim_js("const t = `one\n    two`;\n"), None);
    }

    #[test]
    fn css_keeps_meaning_and_loses_comments() {
        let css = "/* tokens */\n:root {\n  --a: #fff; /* white */\n}\n.x > :last-child,\n.y li + li::before { content: \"a  b\"; margin: 0 var(--s); }\n.d :focus { color: red; }\n";
        assert_eq!(
            minify_css(css),
            ":root{--a:#fff}.x>:last-child,.y li + li::before{content:\"a  b\";margin:0 var(--s)}.d :focus{color:red}"
        );
    }

    #[test]
    fn media_queries_keep_their_spaces() {
        assert_eq!(
            minify_css("@media (min-width: 40rem) and (forced-colors: active) {\n  .a { b: c; }\n}"),
            "@media (min-width:40rem) and (forced-colors:active){.a{b:c}}"
        );
    }

    #[test]
    fn html_comments_go_scripts_stay() {
        let html = "<head>\n  <!-- why\n  more -->\n  <script>var s=\"<!-- not a comment -->\";</script>\n  <style>a { b: c; } /* x */</style>\n</head>\n<body>\n  <!-- shell -->\n  <main>x</main>\n</body>\n";
        assert_eq!(
            slim(html),
            "<head>\n  <script>var s=\"<!-- not a comment -->\";</script>\n  <style>a{b:c}</style>\n</head>\n<body>\n  <main>x</main>\n</body>\n"
        );
    }
}
