//! [`CardFlowView`]: a flow's page with its card step — the page and its PIN dialog, or
//! the card-read screen, as the URL says (`?step=card`).

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::card_flow::{CardFlow, Screen};
use super::card_read::CardReadScreen;
use super::phone_dialog::PhoneDialog;
use super::pin_dialog::PinDialog;
use super::status::LiveStatus;
use super::step::Step;

/// Wraps a flow's page: shows the page (and its PIN dialog) or the card-read screen,
/// as the URL says.
#[component]
pub fn CardFlowView(
    flow: CardFlow,
    /// Where the card-read screen stands in the flow (the page has its own).
    #[prop(into, default = None)]
    read_step: Option<Step>,
    children: ChildrenFn,
) -> impl IntoView {
    let navigate = use_navigate();
    flow.navigate.set_value(Some(Rc::new(move |url: &str, options| navigate(url, options))));
    let query = use_query_map();
    let on_card = Memo::new(move |_| query.read().get_str("step") == Some("card"));
    Effect::new(move |_| flow.follow_url(on_card.get()));
    view! {
        {move || match flow.screen.get() {
            Screen::Card => view! { <CardReadScreen flow=flow step=read_step/> }.into_any(),
            Screen::Page => view! {
                {children()}
                <LiveStatus text=flow.page_status.read_only()/>
                <PinDialog flow=flow/>
                <PhoneDialog flow=flow/>
            }.into_any(),
        }}
    }
}
