//! The pages Lighthouse measures: every page of the route table (crates/routes) that has
//! a URL of its own, in the table's order (`/` and `/license` first). A page added to the
//! table is measured without touching the bench. Routes with parameters and no example
//! URL (`/notices/:id`: ids the server makes) are listed as skipped.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pages {
    pub measured: Vec<String>,
    pub skipped: Vec<String>,
}

pub fn from_table() -> Pages {
    let mut pages = Pages::default();
    for page in routes::PAGES {
        match page.url() {
            Some(url) => pages.measured.push(url.to_string()),
            None => pages.skipped.push(page.path.to_string()),
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_home_and_license_first_and_skips_what_has_no_url() {
        let p = from_table();
        assert_eq!(&p.measured[..2], ["/", "/license"]);
        assert!(p.measured.contains(&"/license/link/help/faq".to_string()));
        assert!(p.skipped.contains(&"/notices/:id".to_string()));
        assert_eq!(p.measured.len() + p.skipped.len(), routes::PAGES.len());
    }
}
