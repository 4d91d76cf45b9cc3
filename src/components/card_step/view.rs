//! [`CardStepView`]: a flow's page with its card step — the page and its dialogs, or the
//! card-read screen, as the URL says (`?step=card`).

use std::rc::Rc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::card_read::CardReadScreen;
use super::phone_dialog::PhoneDialog;
use super::pin_dialog::PinDialog;
use super::{CardStep, Stage};
use crate::components::status::LiveStatus;
use crate::components::step::StepOf;

/// Wraps a flow's page: shows the page (and its PIN dialog or phone screen) or the
/// card-read screen, as the URL says.
#[component]
pub fn CardStepView(
    flow: CardStep,
    /// Where the card-read screen stands in the flow (the page has its own).
    #[prop(into, default = None)]
    read_step: Option<StepOf>,
    children: ChildrenFn,
) -> impl IntoView {
    let navigate = use_navigate();
    flow.navigate.set_value(Some(Rc::new(move |url: &str, options| navigate(url, options))));
    let query = use_query_map();
    let on_card = Memo::new(move |_| query.read().get_str("step") == Some("card"));
    Effect::new(move |_| flow.follow_url(on_card.get()));
    let on_card_screen = Memo::new(move |_| flow.stage.with(|s| matches!(s, Stage::Card(_))));
    view! {
        {move || if on_card_screen.get() {
            view! { <CardReadScreen flow=flow step=read_step/> }.into_any()
        } else {
            view! {
                {children()}
                <LiveStatus text=flow.page_status.read_only()/>
                <PinDialog flow=flow/>
                <PhoneDialog flow=flow/>
            }.into_any()
        }}
    }
}
