//! The text a person signs: a title line, then one `label：value` line per field, in a fixed
//! order. It reads as what it is (the person sees it before signing), and it has exactly
//! one reading: the labels and their order are fixed by the kind of document, and a value
//! can hold no control character (no line break), so no value can pose as another field.
//! [`render`] refuses such a value instead of writing an ambiguous document.
//!
//! "Control character" is [`breaks_a_document`]: the Unicode controls (Cc: `\n`, `\r`,
//! `\t`, NEL …) and the two separators U+2028/U+2029, which are not Cc but display as line
//! breaks, so a value holding one would *look* like two lines to the person signing.

/// Between a label and its value (full-width, as on the screens).
pub const SEPARATOR: char = '：';

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentError {
    /// A value holds a control character (a line break, a tab, …): named by its label.
    ControlCharacter(&'static str),
    /// A value is empty or only spaces.
    Empty(&'static str),
}

/// A character no value in a signed document (or anything that flows into one) may hold.
pub fn breaks_a_document(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether `text` holds a [`breaks_a_document`] character.
pub fn has_control(text: &str) -> bool {
    text.chars().any(breaks_a_document)
}

/// Whether `value` may stand in a document: not blank, and no control character.
pub fn check_value(label: &'static str, value: &str) -> Result<(), DocumentError> {
    if has_control(value) {
        return Err(DocumentError::ControlCharacter(label));
    }
    if value.trim().is_empty() {
        return Err(DocumentError::Empty(label));
    }
    Ok(())
}

/// `title`, then `label：value` per field.
pub fn render(title: &str, fields: &[(&'static str, &str)]) -> Result<String, DocumentError> {
    let mut doc = String::from(title);
    for (label, value) in fields {
        check_value(label, value)?;
        doc.push('\n');
        doc.push_str(label);
        doc.push(SEPARATOR);
        doc.push_str(value);
    }
    Ok(doc)
}

/// The values of a document with this `title` and exactly these `labels` in this order;
/// `None` for anything else (another kind, a missing, extra or repeated line, a control
/// character).
pub fn parse<'a>(doc: &'a str, title: &str, labels: &[&str]) -> Option<Vec<&'a str>> {
    let mut lines = doc.split('\n');
    if lines.next()? != title {
        return None;
    }
    let mut values = Vec::with_capacity(labels.len());
    for label in labels {
        let value = lines.next()?.strip_prefix(label)?.strip_prefix(SEPARATOR)?;
        if has_control(value) || value.trim().is_empty() {
            return None;
        }
        values.push(value);
    }
    lines.next().is_none().then_some(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: [&str; 2] = ["本籍", "筆頭者氏名"];

    #[test]
    fn renders_and_reads_back() {
        let doc = render("申請", &[("本籍", "東京都千代田区霞が関二丁目1番地"), ("筆頭者氏名", "免許 太郎")]).unwrap();
        assert_eq!(doc, "申請\n本籍：東京都千代田区霞が関二丁目1番地\n筆頭者氏名：免許 太郎");
        assert_eq!(parse(&doc, "申請", &LABELS), Some(vec!["東京都千代田区霞が関二丁目1番地", "免許 太郎"]));
    }

    #[test]
    fn a_value_cannot_pose_as_another_field() {
        // The attempt: a 本籍 that carries a line of its own.
        let forged = render("申請", &[("本籍", "A\n筆頭者氏名：B"), ("筆頭者氏名", "C")]);
        assert_eq!(forged, Err(DocumentError::ControlCharacter("本籍")));
        for value in ["a\rb", "a\tb", "a\u{0}b", "a\u{85}b", "a\u{2028}b", "a\u{2029}b", "a\u{7f}b", "a\u{1b}b"] {
            assert!(render("t", &[("本籍", value)]).is_err(), "{value:?}");
        }
        // Two different field sets never give the same text.
        let a = render("t", &[("本籍", "X：Y"), ("筆頭者氏名", "Z")]).unwrap();
        let b = render("t", &[("本籍", "X"), ("筆頭者氏名", "Y：Z")]).unwrap();
        assert_ne!(a, b);
        assert_eq!(parse(&a, "t", &LABELS), Some(vec!["X：Y", "Z"]), "a value may hold the separator");
    }

    #[test]
    fn anything_but_the_exact_shape_is_refused() {
        let ok = "申請\n本籍：A\n筆頭者氏名：B";
        assert!(parse(ok, "申請", &LABELS).is_some());
        for bad in [
            "別の申請\n本籍：A\n筆頭者氏名：B",
            "申請\n筆頭者氏名：B\n本籍：A",
            "申請\n本籍：A",
            "申請\n本籍：A\n筆頭者氏名：B\n本籍：C",
            "申請\n本籍：A\n筆頭者氏名：B\n",
            "申請\n本籍:A\n筆頭者氏名：B",
            "申請\n本籍：\n筆頭者氏名：B",
            "申請\r\n本籍：A\n筆頭者氏名：B",
            "申請\n本籍：A\u{2028}\n筆頭者氏名：B",
        ] {
            assert_eq!(parse(bad, "申請", &LABELS), None, "{bad:?}");
        }
        assert_eq!(render("t", &[("本籍", "  ")]), Err(DocumentError::Empty("本籍")));
    }
}
