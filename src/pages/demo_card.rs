//! /demo's reader control: the card is taken away during the next read of a person's
//! virtual card (a few APDUs in), as a hand that moves does, so the card-read screen's
//! failure and 「再読み取り」 can be tried.

use domain::api::DemoPerson;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// APDUs into the next read before the card leaves: past the PIN, inside a certificate.
const AFTER: u32 = 6;

#[component]
pub fn CardRemovalForm(people: Vec<DemoPerson>, report: Callback<Result<String, api::ApiError>>) -> impl IntoView {
    let chosen = RwSignal::new(people.first().map(|p| p.id.clone()).unwrap_or_default());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let person = chosen.get_untracked();
        spawn_local(async move {
            let outcome = api::demo_card_removal(&person, AFTER)
                .await
                .map(|()| "次の読み取りの途中で、カードが離れます。「再読み取り」で読み取り直せます。".to_string());
            report.run(outcome);
        });
    };
    view! {
        <section class="panel" aria-labelledby="demo-card">
            <h2 id="demo-card">"カードの読み取り"</h2>
            <p>"選んだ利用者のデモ用カードを、次の読み取りの途中で離します（読み取りの失敗と「再読み取り」を試せます）。"</p>
            <form class="inline-form" on:submit=submit>
                <label for="demo-card-person">"カードの利用者"</label>
                <select id="demo-card-person" on:change=move |ev| chosen.set(event_target_value(&ev))>
                    {people.into_iter().map(|p| view! { <option value=p.id.clone()>{p.name}</option> }).collect_view()}
                </select>
                <button type="submit" class="button button--secondary">"次の読み取りの途中でカードを離す"</button>
            </form>
        </section>
    }
}
