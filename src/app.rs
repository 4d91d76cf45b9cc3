//! Router and page shell: header with the notices bell, the routed page, footer.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::focus::{focus_page_heading, FocusOnNavigate};
use crate::components::shell::{SiteFooter, SiteHeader};
use crate::pages::{demo::DemoPage, home::HomePage, license::LicensePage, login::LoginPage, not_found::NotFoundPage};

#[component]
pub fn App() -> impl IntoView {
    provide_context(FocusOnNavigate::new());
    view! {
        <Router>
            <SiteHeader/>
            <RouteFocus/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/demo") view=DemoPage/>
                    <Route path=path!("/license") view=LicensePage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// After every in-app navigation (not the first load), move focus to the new page's
/// heading so screen-reader and keyboard users start at the top of what changed.
#[component]
fn RouteFocus() -> impl IntoView {
    let location = use_location();
    let focus = expect_context::<FocusOnNavigate>();
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        location.pathname.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        focus.request();
        // The heading may already be there (synchronous pages); if not, the page's
        // heading takes the focus itself when it mounts.
        request_animation_frame(move || {
            if focus.is_pending() && focus_page_heading() {
                focus.done();
            }
        });
    });
}
