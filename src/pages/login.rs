//! `/login` — login with the card (SPEC §4.1, §5): the authentication-certificate PIN
//! (4 digits), the card-read screen, then the server checks the card's signature over a
//! single-use challenge and rotates the session. In demo mode the demo people are listed
//! as buttons named by 氏名; choosing one uses that person's virtual card.

use jpki::PinKind;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::bridge::{ReaderKind, NO_READER, WEB_NFC_NOTE};
use crate::components::card_step::{CardStep, CardStepView};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

/// The `id` of a demo person's button (focus returns there when the dialog closes).
fn person_button_id(person: &str) -> String {
    format!("login-person-{person}")
}

const CARD_BUTTON_ID: &str = "login-card";

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let flow = CardStep::with_device_reader(PinKind::Auth);
    let people = LocalResource::new(api::demo_people);
    // The demo person whose card the remote reader uses.
    let chosen = StoredValue::new(None::<String>);

    // What the card does once 「読み取り開始」 is pressed: sign the server's challenge
    // with the authentication key and send certificate and signature back.
    flow.on_read(move |access| {
        let next = domain::paths::safe_next(query.read_untracked().get("next").as_deref()).to_string();
        async move {
            let challenge = api::login_challenge().await?;
            api::login_card(&access.answer(&challenge).await?).await?;
            // The session names the card from now on.
            if let Some(reader) = access.reader() {
                reader.use_demo_person(None);
            }
            flow.go_on(&next);
            Ok(())
        }
    });

    let choose = move |person: String| {
        if chosen.get_value().as_deref() != Some(person.as_str()) {
            flow.reset();
        }
        flow.use_demo_person(Some(person.clone()));
        chosen.set_value(Some(person.clone()));
        flow.open(Some(person_button_id(&person)));
    };

    let body = move || match flow.device_reader() {
        None => view! { <Loading/> }.into_any(),
        Some(None) => view! {
            <section class="notice" aria-labelledby="login-no-reader">
                <h2 id="login-no-reader">"この端末ではカードを読み取れません"</h2>
                <p>{NO_READER}</p>
            </section>
        }
        .into_any(),
        Some(Some(ReaderKind::Remote)) => {
            let list = move || {
                people.get().map(move |result| match result {
                    Err(e) => view! { <p class="status-error">{e.detail}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="person-list">
                            {list.into_iter().map(|p| {
                                let id = p.id.clone();
                                view! {
                                    <li>
                                        <button type="button" class="button button--secondary" id=person_button_id(&p.id)
                                            on:click=move |_| choose(id.clone())>{p.name}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                })
            };
            view! {
                <section class="panel" aria-labelledby="demo-people-heading">
                    <h2 id="demo-people-heading">"デモ利用者でログイン"</h2>
                    <p>"利用者を選ぶと、その方のデモ用マイナンバーカードでログインします。デモ用カードのパスワード（利用者証明用電子証明書）は「1234」です。"</p>
                    {list}
                </section>
            }
            .into_any()
        }
        Some(Some(kind)) => {
            let web_nfc = kind == ReaderKind::WebNfc;
            view! {
                {web_nfc.then(|| view! { <p class="notice">{WEB_NFC_NOTE}</p> })}
                <button type="button" class="button button--primary" id=CARD_BUTTON_ID
                    on:click=move |_| flow.open(Some(CARD_BUTTON_ID.to_string()))>"マイナンバーカードでログイン"</button>
            }
            .into_any()
        }
    };

    view! {
        <CardStepView flow=flow>
            <PageHeading text="ログイン"/>
            <p class="lead">"マイナンバーカードを使ってログインします。"</p>
            <p>"利用者証明用電子証明書のパスワード（数字4桁）を入力し、カードを読み取ります。"</p>
            {body}
        </CardStepView>
    }
}
