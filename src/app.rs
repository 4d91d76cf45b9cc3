//! Router and page shell: header with the notices bell, the routed page, footer.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::bell::UnreadNotices;
use crate::components::shell::{SiteFooter, SiteHeader};
use crate::pages::applications::{ApplicationDetailPage, ApplicationsPage};
use crate::pages::connections::ConnectionsPage;
use crate::pages::link::LinkRoutes;
use crate::pages::notices::{NoticeDetailPage, NoticesPage};
use crate::pages::onestop::{OnestopCancelPage, OnestopPage, OnestopRenewPage, OnestopStartPage, OnestopStatusPage};
use crate::pages::unlink::{UnlinkConsentPage, UnlinkDonePage};
use crate::pages::{demo::DemoPage, home::HomePage, license::LicensePage, login::LoginPage, not_found::NotFoundPage};

#[component]
pub fn App() -> impl IntoView {
    UnreadNotices::provide();
    view! {
        <Router>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/login") view=LoginPage/>
                    <Route path=path!("/demo") view=DemoPage/>
                    <Route path=path!("/license") view=LicensePage/>
                    <LinkRoutes/>
                    <Route path=path!("/license/unlink") view=UnlinkConsentPage/>
                    <Route path=path!("/license/unlink/done") view=UnlinkDonePage/>
                    <Route path=path!("/license/onestop") view=OnestopPage/>
                    <Route path=path!("/license/onestop/start") view=OnestopStartPage/>
                    <Route path=path!("/license/onestop/renew") view=OnestopRenewPage/>
                    <Route path=path!("/license/onestop/status") view=OnestopStatusPage/>
                    <Route path=path!("/license/onestop/cancel") view=OnestopCancelPage/>
                    <Route path=path!("/connections") view=ConnectionsPage/>
                    <Route path=path!("/notices") view=NoticesPage/>
                    <Route path=path!("/notices/:id") view=NoticeDetailPage/>
                    <Route path=path!("/applications") view=ApplicationsPage/>
                    <Route path=path!("/applications/:id") view=ApplicationDetailPage/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
