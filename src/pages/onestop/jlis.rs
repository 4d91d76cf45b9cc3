//! `/demo`: play the municipality — change someone's 住所・氏名・生年月日 as if it had been
//! done at the 市区町村 window and forwarded by J-LIS. The worker then updates the licence
//! record for the consented items only (「申請を処理する」 runs it at once).

use chrono::NaiveDate;
use domain::api::DemoPerson;
use domain::onestop::JlisChange;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};

fn optional(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

#[component]
pub fn JlisChangeForm(
    /// The demo people to choose from.
    people: Vec<DemoPerson>,
    /// Where the outcome is reported (the page's one status line).
    report: Callback<Result<String, ApiError>>,
) -> impl IntoView {
    let person = RwSignal::new(people.first().map(|p| p.id.clone()).unwrap_or_default());
    let address = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let names: Vec<(String, String)> = people.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    let name_of = {
        let names = names.clone();
        move |id: &str| names.iter().find(|(i, _)| i == id).map(|(_, n)| n.clone()).unwrap_or_default()
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let birth_text = birth.get_untracked();
        let birth_date = match birth_text.trim() {
            "" => None,
            t => match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    report.run(Err(invalid("生年月日を正しく入力してください。")));
                    return;
                }
            },
        };
        let change = JlisChange {
            person: person.get_untracked(),
            address: optional(address.get_untracked()),
            name: optional(name.get_untracked()),
            birth_date,
        };
        let who = name_of(&change.person);
        spawn_local(async move {
            let r = api::demo_jlis_change(&change).await.map(|_| {
                format!("{who}さんの基本情報の変更（市区町村での手続き）を受け付けました。「申請を処理する」を押すと、同意済の項目だけが免許情報に反映されます。")
            });
            report.run(r);
        });
    };

    view! {
        <section class="panel" aria-labelledby="demo-jlis">
            <h2 id="demo-jlis">"住所等の変更（住所変更ワンストップサービス等）"</h2>
            <p>"市区町村で住所・氏名・生年月日が変更されたことにします。変更する項目だけを入力してください。"</p>
            <form class="stacked-form" on:submit=submit>
                <label for="demo-jlis-person">"変更する利用者"</label>
                <select id="demo-jlis-person" on:change=move |ev| person.set(event_target_value(&ev))>
                    {names.into_iter().map(|(id, n)| {
                        let selected = id == person.get_untracked();
                        view! { <option value=id selected=selected>{n}</option> }
                    }).collect_view()}
                </select>
                <label for="demo-jlis-address">"新しい住所"</label>
                <input id="demo-jlis-address" type="text" autocomplete="off"
                    prop:value=move || address.get() on:input=move |ev| address.set(event_target_value(&ev))/>
                <label for="demo-jlis-name">"新しい氏名"</label>
                <input id="demo-jlis-name" type="text" autocomplete="off"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <label for="demo-jlis-birth">"新しい生年月日"</label>
                <input id="demo-jlis-birth" type="date"
                    prop:value=move || birth.get() on:input=move |ev| birth.set(event_target_value(&ev))/>
                <div>
                    <button type="submit" class="button button--secondary">"市区町村での変更を通知"</button>
                </div>
            </form>
        </section>
    }
}

fn invalid(detail: &str) -> ApiError {
    ApiError { status: 0, code: "invalid".into(), detail: detail.into() }
}
