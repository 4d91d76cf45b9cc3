//! The accessibility criterion table (issue 33.3), read from its one source,
//! docs/ACCESSIBILITY.md, which is included here at build time. The SPA's pages
//! 「ウェブアクセシビリティ方針」 and 「試験結果」 show what [`criteria`] reads from it, so the
//! published pages cannot say something the table does not (and a row added to the
//! table appears on them with the next build).
//!
//! Only those lazy pages call this module: the text is in their wasm file, not the first
//! view's.

/// docs/ACCESSIBILITY.md as it was when the SPA was built.
pub const SOURCE: &str = include_str!("../../../docs/ACCESSIBILITY.md");

/// A criterion's result, as the table writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// 適合: met, and tested by the test or dated check named in the row.
    Conforms,
    /// 非適用: nothing in the product the criterion applies to.
    NotApplicable,
    /// 不適合: not met (the row gives the reason and the plan).
    Fails,
    /// 未判定: not yet tested (the row gives the plan).
    Untested,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Outcome::Conforms, Outcome::NotApplicable, Outcome::Fails, Outcome::Untested];

    pub const fn label(self) -> &'static str {
        match self {
            Outcome::Conforms => "適合",
            Outcome::NotApplicable => "非適用",
            Outcome::Fails => "不適合",
            Outcome::Untested => "未判定",
        }
    }

    /// The result cell starts with its label (「未判定 (plan: …)」).
    fn of(cell: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| cell.starts_with(o.label()))
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Criterion {
    /// WCAG's number (「1.4.10」).
    pub number: &'static str,
    /// JIS X 8341-3:2016's number; `None` for a criterion added in WCAG 2.1 or 2.2.
    pub jis: Option<&'static str>,
    /// The Japanese name (達成基準).
    pub name: &'static str,
    /// 「A」 or 「AA」.
    pub level: &'static str,
    /// How it is tested, as the table says it (test names, axe rules, dated manual checks).
    pub tested: &'static str,
    pub outcome: Outcome,
    /// The result cell after its label: the reason or the plan, if any.
    pub note: &'static str,
}

/// Every criterion row of `md` in its order: a table row whose first cell is a criterion
/// number (`| 1.4.10 | — | Reflow | リフロー | AA | met | tested | 適合 |`). Other tables
/// (the breaks at the end) do not start with a bare number. A row whose result is none of
/// the four labels is left out, and the unit test below fails on that.
pub fn criteria(md: &'static str) -> Vec<Criterion> {
    md.lines().filter_map(row).collect()
}

fn row(line: &'static str) -> Option<Criterion> {
    let cells: Vec<&'static str> = line.strip_prefix('|')?.strip_suffix('|')?.split('|').map(str::trim).collect();
    let [number, jis, _english, name, level, _met, tested, result] = cells[..] else { return None };
    let is_number = number.split('.').count() == 3 && number.split('.').all(|p| p.parse::<u8>().is_ok());
    if !is_number {
        return None;
    }
    let outcome = Outcome::of(result)?;
    Some(Criterion {
        number,
        jis: (jis != "—").then_some(jis),
        name,
        level,
        tested,
        outcome,
        note: result[outcome.label().len()..].trim(),
    })
}

/// How many criteria have each outcome, in [`Outcome::ALL`]'s order.
pub fn counts(rows: &[Criterion]) -> [(Outcome, usize); 4] {
    Outcome::ALL.map(|o| (o, rows.iter().filter(|c| c.outcome == o).count()))
}

/// The date the results are from: the table's 「**Date of these results:** YYYY-MM-DD」.
pub fn results_date(md: &'static str) -> Option<&'static str> {
    let after = md.split("**Date of these results:** ").nth(1)?;
    after.get(..10)
}

/// The kinds of test a row's 「How it is tested」 names, in words a reader of the results
/// page knows: the automated checks in the browser, axe-core's rules, checks by hand.
pub fn methods(tested: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if tested.contains("axe") {
        out.push("axe-core による自動試験");
    }
    if ["spec", "expect", "unit test", "rule scan"].iter().any(|w| tested.contains(w)) {
        out.push("ブラウザでの自動試験（E2E テスト）");
    }
    if ["Manual", "Code search", "manual"].iter().any(|w| tested.contains(w)) {
        out.push("目視・ソースコードの確認");
    }
    if out.is_empty() {
        out.push("試験なし（対象がないため）");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_a_and_aa_criterion_of_wcag_2_2_and_jis_x_8341_3_is_read_from_the_doc() {
        let rows = criteria(SOURCE);
        // WCAG 2.2's 55 A and AA criteria, and 4.1.1 which JIS X 8341-3:2016 still has.
        assert_eq!(rows.len(), 56);
        // JIS X 8341-3:2016 = WCAG 2.0: 38 A and AA criteria.
        assert_eq!(rows.iter().filter(|c| c.jis.is_some()).count(), 38);
        let table_lines = SOURCE.lines().filter(|l| l.starts_with("| ") && l.contains(" | 達成基準 |")).count();
        assert_eq!(table_lines, 4, "one table per principle");
        for c in &rows {
            assert!(c.level == "A" || c.level == "AA", "{}: level {}", c.number, c.level);
            assert!(!c.name.is_empty() && !c.name.is_ascii(), "{}: no Japanese name", c.number);
            assert!(!c.tested.is_empty(), "{}", c.number);
            if let Some(jis) = c.jis {
                assert_eq!(jis, c.number, "JIS numbers are WCAG's");
            }
            if matches!(c.outcome, Outcome::Fails | Outcome::Untested) {
                assert!(c.note.contains("plan"), "{}: a 不適合 or 未判定 row gives its plan", c.number);
            }
        }
        let numbers: Vec<_> = rows.iter().map(|c| c.number).collect();
        for (i, n) in numbers.iter().enumerate() {
            assert!(!numbers[..i].contains(n), "{n} twice");
        }
        // Every line that looks like a criterion row was read (none dropped for a typo in
        // its result or its number of cells).
        let looks_like_rows = SOURCE
            .lines()
            .filter(|l| {
                l.split('|').nth(1).is_some_and(|c| {
                    c.trim().split('.').count() == 3
                        && c.trim().starts_with(char::is_numeric)
                        && !c.trim().contains(' ')
                })
            })
            .count();
        assert_eq!(looks_like_rows, rows.len());
        assert!(results_date(SOURCE).is_some_and(|d| d.len() == 10 && d.starts_with("20")));
    }

    #[test]
    fn a_row_is_read_cell_by_cell_and_other_tables_are_not_rows() {
        let rows = criteria(
            "| 1.4.10 | — | Reflow | リフロー | AA | One column. | `expectReflowAt320` | 適合 |\n\
             | 3.2.6 | — | Consistent help | 一貫したヘルプ | A | x | Manual, not yet done | 未判定 (plan: compare) |\n\
             | 1.4.13 rule scan | a rule | listed |\n\
             | # | JIS | Criterion | 達成基準 | Level | How it is met | How it is tested | Result |\n\
             | 1.1.1 | 1.1.1 | Non-text | 非テキストコンテンツ | A | x | axe `image-alt` | 合う |",
        );
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].number, "1.4.10");
        assert_eq!(rows[0].jis, None);
        assert_eq!(rows[0].name, "リフロー");
        assert_eq!(rows[0].outcome, Outcome::Conforms);
        assert_eq!(rows[1].outcome, Outcome::Untested);
        assert_eq!(rows[1].note, "(plan: compare)");
        let counts = counts(&rows);
        assert_eq!(counts[0], (Outcome::Conforms, 1));
        assert_eq!(counts[3], (Outcome::Untested, 1));
    }

    #[test]
    fn methods_name_the_kinds_of_test() {
        assert_eq!(methods("axe `image-alt` on every page"), ["axe-core による自動試験"]);
        assert_eq!(methods("`expectReflowAt320` at 320 px"), ["ブラウザでの自動試験（E2E テスト）"]);
        assert_eq!(
            methods("axe `label`; `design.spec` › x"),
            ["axe-core による自動試験", "ブラウザでの自動試験（E2E テスト）"]
        );
        assert_eq!(methods("Code search (2026-12-07)"), ["目視・ソースコードの確認"]);
        assert_eq!(methods("—"), ["試験なし（対象がないため）"]);
    }
}
