//! Router and page shell: header with the notices bell, the routed page, footer.
//!
//! The pages are the route table's (crates/routes): the router below is built from
//! [`routes::PAGES`], and each lazy group's split point from [`routes::with_pages!`], so
//! a page is added in the table (plus its component) and nowhere else. The first view
//! (`/`, `/license`) is in the main wasm; every other group is its own wasm file
//! (`cargo xtask dist` splits it: leptos's wasm-split), fetched when one of its pages is
//! first opened. The router keeps the old page up until the new one's code has arrived,
//! so nothing jumps while it loads.

use std::borrow::Cow;

use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{RouteChildren, Router, Routes, RoutesProps};
use leptos_router::hooks::use_location;
use leptos_router::{
    ChooseView, NestedRoute, ParamSegment, PartialPathMatch, PathSegment, PossibleRouteMatch, StaticSegment,
};
use routes::{Flow, PageId, Shell, PAGES};

use crate::components::bell::UnreadNotices;
use crate::components::load_failed::LoadFailed;
use crate::components::shell::{LectureFooter, LectureHeader, SiteFooter, SiteHeader};
use crate::pages::{self, not_found::NotFoundPage};

/// Renders the component at `$view` (a path from the table) with no props.
macro_rules! mount {
    ($view:path) => {
        ::leptos::component::component_view(&$view, ::leptos::component::component_props_builder(&$view).build())
            .into_any()
    };
}

/// Expands the route table into [`screen`] (a page's component, once its code is here)
/// and one split point per lazy group. A split point is wasm-split's macro, as leptos
/// `#[lazy]` uses it, but `fallible`: when the file cannot be fetched — a phone losing
/// its connection — the page shows [`LoadFailed`] instead of the app stopping.
macro_rules! screens {
    (
        Main { $($main_id:ident => $main_view:path { $($main_field:tt)* },)* }
        $( $group:ident in $split:ident { $($id:ident => $view:path { $($field:tt)* },)* } )*
    ) => {
        async fn screen(id: PageId) -> AnyView {
            match id {
                $(PageId::$main_id => mount!($main_view),)*
                $($(PageId::$id)|* => match $split(id).await {
                    Ok(view) => view,
                    Err(_) => view! { <LoadFailed/> }.into_any(),
                },)*
            }
        }

        $(
            #[::leptos::wasm_split::wasm_split($split, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $split(id: PageId) -> Result<AnyView, ::leptos::wasm_split::SplitLoaderError> {
                #[allow(unreachable_patterns)] // a group of one page
                Ok(match id {
                    $(PageId::$id => mount!($view),)*
                    _ => view! { <NotFoundPage/> }.into_any(),
                })
            }
        )*
    };
}

routes::with_pages!(screens);

/// The layout a flow's steps share (the state that spans them).
fn flow_layout(flow: Flow) -> AnyView {
    match flow {
        Flow::Link => view! { <pages::link::LinkFlowLayout/> }.into_any(),
        Flow::Honseki => view! { <pages::honseki::HonsekiFlowLayout/> }.into_any(),
    }
}

/// A table path as the router matches it: each segment as leptos's own static or
/// parameter segment would.
#[derive(Clone, Copy, Debug)]
struct TablePath(&'static str);

impl PossibleRouteMatch for TablePath {
    fn optional(&self) -> bool {
        false
    }

    fn test<'a>(&self, path: &'a str) -> Option<PartialPathMatch<'a>> {
        let mut rest = path;
        let mut matched = 0;
        let mut params: Vec<(Cow<'static, str>, String)> = Vec::new();
        for segment in routes::segments(self.0) {
            let found = match segment.strip_prefix(':') {
                Some(name) => ParamSegment(name).test(rest)?,
                None => StaticSegment(segment).test(rest)?,
            };
            matched += found.matched().len();
            rest = found.remaining();
            params.extend(found.params());
        }
        Some(PartialPathMatch::new(rest, params, &path[..matched]))
    }

    fn generate_path(&self, path: &mut Vec<PathSegment>) {
        for segment in routes::segments(self.0) {
            path.push(match segment.strip_prefix(':') {
                Some(name) => PathSegment::Param(name.into()),
                None => PathSegment::Static(segment.into()),
            });
        }
    }
}

/// What the router shows for a page: its component, from the table's dispatch.
#[derive(Clone, Copy)]
struct PageView(PageId);

impl ChooseView for PageView {
    async fn choose(self) -> AnyView {
        screen(self.0).await
    }

    async fn preload(&self) {}
}

/// What the router shows around a flow's steps.
#[derive(Clone, Copy)]
struct FlowLayout(Flow);

impl ChooseView for FlowLayout {
    async fn choose(self) -> AnyView {
        flow_layout(self.0)
    }

    async fn preload(&self) {}
}

/// The table as the router's routes, in its order; a flow's pages (which stand together
/// in the table) nest under one parent route at the flow's base.
fn table_routes() -> StaticVec<AnyNestedRoute> {
    let mut out = Vec::new();
    let mut rest = PAGES;
    while let Some(page) = rest.first() {
        match page.flow {
            None => {
                out.push(NestedRoute::new(TablePath(page.path), PageView(page.id)).into_any_nested_route());
                rest = &rest[1..];
            }
            Some(flow) => {
                let steps = rest.iter().take_while(|p| p.flow == Some(flow)).count();
                let children: Vec<AnyNestedRoute> = rest[..steps]
                    .iter()
                    .map(|p| NestedRoute::new(TablePath(p.path_in_flow()), PageView(p.id)).into_any_nested_route())
                    .collect();
                let parent =
                    NestedRoute::new(TablePath(flow.base()), FlowLayout(flow)).child(StaticVec::from(children));
                out.push(parent.into_any_nested_route());
                rest = &rest[steps..];
            }
        }
    }
    StaticVec::from(out)
}

/// `<Routes>` over [`table_routes`] (inside the `<Router>`, whose context it needs).
#[component]
fn TableRoutes() -> impl IntoView {
    Routes(RoutesProps::builder().fallback(NotFoundPage).children(RouteChildren::to_children(table_routes)).build())
}

/// The frame of the page at the current URL (the table's `shell`): the portal's, or the
/// lecture site's own.
fn current_shell() -> Memo<Shell> {
    let location = use_location();
    Memo::new(move |_| routes::find(&location.pathname.get()).map_or(Shell::Portal, |(p, _)| p.shell))
}

#[component]
fn Header(shell: Memo<Shell>) -> impl IntoView {
    move || match shell.get() {
        Shell::Portal => view! { <SiteHeader/> }.into_any(),
        Shell::LectureSite => view! { <LectureHeader/> }.into_any(),
    }
}

#[component]
fn Footer(shell: Memo<Shell>) -> impl IntoView {
    move || match shell.get() {
        Shell::Portal => view! { <SiteFooter/> }.into_any(),
        Shell::LectureSite => view! { <LectureFooter/> }.into_any(),
    }
}

#[component]
fn Frame() -> impl IntoView {
    let shell = current_shell();
    view! {
        <Header shell/>
        <main id="main" tabindex="-1"><TableRoutes/></main>
        <Footer shell/>
    }
}

#[component]
pub fn App() -> impl IntoView {
    UnreadNotices::provide();
    view! {
        <Router>
            <Frame/>
        </Router>
    }
}
