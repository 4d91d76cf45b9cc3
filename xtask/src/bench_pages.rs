//! The pages Lighthouse measures come from one list: the SPA router in src/app.rs.
//! Every `path!("…")` of a `<Route>` (prefixed by its enclosing `<ParentRoute>`s) is a
//! page, so a flow page added to the router is measured without touching the bench.
//! Paths with parameters (`:id`, `*rest`) name no single page and are listed as skipped.

use crate::{root, Result};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pages {
    pub measured: Vec<String>,
    pub skipped: Vec<String>,
}

pub fn from_router() -> Result<Pages> {
    let file = root().join("src/app.rs");
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let pages = parse(&text);
    if pages.measured.is_empty() {
        return Err(format!(
            "found no `path!(\"…\")` routes in {}",
            file.display()
        ));
    }
    Ok(pages)
}

/// Route paths in router source, in order; `/` and `/license` always first.
pub fn parse(src: &str) -> Pages {
    let mut pages = Pages::default();
    let mut parents: Vec<String> = Vec::new();
    let mut rest = src;
    loop {
        // The next of: a ParentRoute opening, its closing, a Route.
        let next = ["<ParentRoute", "</ParentRoute>", "<Route"]
            .iter()
            .filter_map(|m| rest.find(m).map(|i| (i, *m)))
            .min();
        let Some((at, marker)) = next else { break };
        rest = &rest[at + marker.len()..];
        if marker == "</ParentRoute>" {
            parents.pop();
            continue;
        }
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let path = route_path(&rest[..tag_end]);
        if marker == "<ParentRoute" {
            parents.push(path.unwrap_or_default());
            continue;
        }
        let Some(path) = path else { continue };
        let full = join(&parents, &path);
        let has_params = full
            .split('/')
            .any(|s| s.starts_with(':') || s.starts_with('*'));
        let list = if has_params {
            &mut pages.skipped
        } else {
            &mut pages.measured
        };
        if !list.contains(&full) {
            list.push(full);
        }
    }
    for (i, first) in ["/", "/license"].into_iter().enumerate() {
        if let Some(at) = pages.measured.iter().position(|p| p == first) {
            let p = pages.measured.remove(at);
            pages.measured.insert(i.min(pages.measured.len()), p);
        }
    }
    pages
}

/// The literal in `path=path!("…")` (also `path=StaticSegment("…")` for one segment).
fn route_path(tag: &str) -> Option<String> {
    let after = &tag[tag.find("path=")? + 5..];
    let start = after.find('"')? + 1;
    let end = after[start..].find('"')? + start;
    Some(after[start..end].to_string())
}

fn join(parents: &[String], path: &str) -> String {
    let mut out = String::new();
    for seg in parents.iter().map(String::as_str).chain([path]) {
        for part in seg.split('/').filter(|p| !p.is_empty()) {
            out.push('/');
            out.push_str(part);
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_routes_nested_routes_and_skips_parameters() {
        let src = r#"
            <Routes fallback=NotFoundPage>
                <Route path=path!("/login") view=LoginPage/>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/license") view=LicensePage/>
                <Route path=path!("/notices/:id") view=NoticeDetailPage/>
                <ParentRoute path=path!("/license/lecture") view=Outlet>
                    <Route path=path!("") view=LectureStart/>
                    <Route path=path!("/video") view=LectureVideo/>
                </ParentRoute>
                <Route path=path!("/license") view=LicensePage/>
                <Route path=path!("/demo") view=DemoPage/>
            </Routes>"#;
        let p = parse(src);
        assert_eq!(
            p.measured,
            [
                "/",
                "/license",
                "/login",
                "/license/lecture",
                "/license/lecture/video",
                "/demo"
            ]
        );
        assert_eq!(p.skipped, ["/notices/:id"]);
    }

    #[test]
    fn the_real_router_has_home_and_license() {
        let p = from_router().unwrap();
        assert_eq!(&p.measured[..2], ["/", "/license"]);
    }
}
