//! Personal pages that load their data themselves: a 401 answer sends the person to
//! `/login`, coming back to the page they asked for.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::ApiResult;

/// Watches `data`; when it is `not_logged_in`, replaces the page with `/login?next=<this page>`.
pub fn login_on_unauthorized<T>(data: LocalResource<ApiResult<T>>)
where
    T: Clone + 'static,
{
    let navigate = use_navigate();
    let location = use_location();
    Effect::new(move |_| {
        if let Some(Err(e)) = data.get() {
            if e.is_unauthorized() {
                let next = location.pathname.get_untracked();
                navigate(&format!("/login?next={next}"), NavigateOptions { replace: true, ..Default::default() });
            }
        }
    });
}
