//! The frame of every page that depends on the person's link (属性連携): breadcrumbs
//! (when the page has them outside its card-read screen), the session check of
//! [`RequireSession`] (a visitor goes to `/login` and comes back to `next`), then the page
//! for people in the state it is for, and `otherwise` for the others — an already linked
//! person on a link step, a person not linked on a one-stop screen, and so on.

use leptos::prelude::*;

use super::breadcrumbs::Breadcrumbs;
use super::require_session::RequireSession;

#[component]
pub fn SessionGate(
    /// Where to come back to after logging in.
    next: &'static str,
    /// The page is for people who are linked (`true`) or not linked yet (`false`).
    linked: bool,
    /// What the others see instead.
    #[prop(into)]
    otherwise: ViewFn,
    /// The breadcrumbs' ancestors and this page, when the frame places them (pages whose
    /// card-read screen replaces the whole page place their own).
    #[prop(optional)]
    trail: Option<&'static [(&'static str, &'static str)]>,
    #[prop(optional)] current: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        {trail.map(|trail| view! { <Breadcrumbs trail=trail current=current/> })}
        <RequireSession next=next children=move |session| {
            if session.linked == linked { children().into_any() } else { otherwise.run() }
        }/>
    }
}
