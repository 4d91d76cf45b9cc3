//! Router and page shell: header with the notices bell, the routed page, footer.
//!
//! The first view (`/`, `/license`) is in the main wasm. Every other screen is a lazy route:
//! `cargo xtask dist` splits each group of screens into its own wasm file (leptos `#[lazy]` +
//! wasm-split), fetched when one of its routes is first opened. The router keeps the old page up
//! until the new one's code has arrived, so nothing jumps while it loads.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, LazyRoute};

use crate::components::bell::UnreadNotices;
use crate::components::load_failed::LoadFailed;
use crate::components::shell::{SiteFooter, SiteHeader};
use crate::pages::{home::HomePage, license::LicensePage, not_found::NotFoundPage};
use crate::pages::{applications, connections, demo, link, login, notices, onestop, unlink};

/// `split_group!(group, Enum { Route => Page, … })`: the screens of one flow, split
/// together into one wasm file. `group` is the split point (wasm-split's macro, as leptos
/// `#[lazy]` uses it, but `fallible`: when the file cannot be fetched — a phone losing its
/// connection — the route shows [`LoadFailed`] instead of the app stopping); each
/// `Route` is a `LazyRoute` for the router that renders its `Page` through it. A few
/// groups rather than a file per screen: screens that share code belong together, since
/// wasm-split puts code shared by several groups into extra small files, and every file
/// is another request on a phone's six HTTP/1.1 connections.
/// xtask/src/spa_wasm.rs preloads a group's files on the first load of its URLs
/// (`SPLIT_ROUTES` there names each group by its function name).
macro_rules! split_group {
    ($group:ident, $pages:ident { $($route:ident => $page:path,)* }) => {
        #[derive(Clone, Copy)]
        enum $pages { $($route,)* }

        #[::leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $group(page: $pages) -> Result<AnyView, ::leptos::wasm_split::SplitLoaderError> {
            Ok(match page {
                $($pages::$route => view! { <$page/> }.into_any(),)*
            })
        }

        $(
            struct $route;
            impl LazyRoute for $route {
                fn data() -> Self {
                    $route
                }
                async fn view(_this: Self) -> AnyView {
                    match $group($pages::$route).await {
                        Ok(view) => view,
                        Err(_) => view! { <LoadFailed/> }.into_any(),
                    }
                }
            }
        )*
    };
}

// The card flows share the card bridge, the JPKI client, the PIN dialogs, the card-read
// screen and the terms gate; wasm-split puts that shared code into a few chunk files both
// groups load. Two groups, not one per screen: per screen, the shared code came back as
// dozens of small files, too many requests for a phone.
split_group!(link_screens, LinkScreen {
    Login => login::LoginPage,
    LinkIntro => link::intro::LinkIntroPage,
    LinkConsent => link::consent::LinkConsentPage,
    LinkSend => link::send::LinkSendPage,
    LinkReadResult => link::read_result::LinkReadResultPage,
    LinkTerms => link::terms::LinkTermsPage,
    LinkDone => link::done::LinkDonePage,
    LinkHelp => link::help::LinkHelpPage,
});
split_group!(onestop_screens, OnestopScreen {
    Onestop => onestop::OnestopPage,
    OnestopStart => onestop::OnestopStartPage,
    OnestopRenew => onestop::OnestopRenewPage,
    OnestopStatus => onestop::OnestopStatusPage,
    OnestopCancel => onestop::OnestopCancelPage,
});
split_group!(demo_screens, DemoScreen { Demo => demo::DemoPage, });
// The account's own pages, none of which reads a card: unlinking and the connections list
// stay light (about a fifth of the card flows' file).
split_group!(account_screens, AccountScreen {
    UnlinkConsent => unlink::UnlinkConsentPage,
    UnlinkDone => unlink::UnlinkDonePage,
    Connections => connections::ConnectionsPage,
    Notices => notices::NoticesPage,
    NoticeDetail => notices::NoticeDetailPage,
    Applications => applications::ApplicationsPage,
    ApplicationDetail => applications::ApplicationDetailPage,
});

#[component]
pub fn App() -> impl IntoView {
    UnreadNotices::provide();
    view! {
        <Router>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/license") view=LicensePage/>
                    <Route path=path!("/login") view={Lazy::<Login>::new()}/>
                    <Route path=path!("/demo") view={Lazy::<Demo>::new()}/>
                    <ParentRoute path=path!("/license/link") view=link::LinkFlowLayout>
                        <Route path=path!("") view={Lazy::<LinkIntro>::new()}/>
                        <Route path=path!("consent") view={Lazy::<LinkConsent>::new()}/>
                        <Route path=path!("send") view={Lazy::<LinkSend>::new()}/>
                        <Route path=path!("read-result") view={Lazy::<LinkReadResult>::new()}/>
                        <Route path=path!("terms") view={Lazy::<LinkTerms>::new()}/>
                        <Route path=path!("done") view={Lazy::<LinkDone>::new()}/>
                        <Route path=path!("help/:topic") view={Lazy::<LinkHelp>::new()}/>
                    </ParentRoute>
                    <Route path=path!("/license/unlink") view={Lazy::<UnlinkConsent>::new()}/>
                    <Route path=path!("/license/unlink/done") view={Lazy::<UnlinkDone>::new()}/>
                    <Route path=path!("/license/onestop") view={Lazy::<Onestop>::new()}/>
                    <Route path=path!("/license/onestop/start") view={Lazy::<OnestopStart>::new()}/>
                    <Route path=path!("/license/onestop/renew") view={Lazy::<OnestopRenew>::new()}/>
                    <Route path=path!("/license/onestop/status") view={Lazy::<OnestopStatus>::new()}/>
                    <Route path=path!("/license/onestop/cancel") view={Lazy::<OnestopCancel>::new()}/>
                    <Route path=path!("/connections") view={Lazy::<Connections>::new()}/>
                    <Route path=path!("/notices") view={Lazy::<Notices>::new()}/>
                    <Route path=path!("/notices/:id") view={Lazy::<NoticeDetail>::new()}/>
                    <Route path=path!("/applications") view={Lazy::<Applications>::new()}/>
                    <Route path=path!("/applications/:id") view={Lazy::<ApplicationDetail>::new()}/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
