//! `/account/phone-credential` 「スマホ用電子証明書」: the phone signing credential
//! (スマホ用署名用電子証明書, SPEC §7.3). The registered ones, each with its dates and
//! 「削除」; and registering this phone: a password (6–16, 英大文字と数字), then the card
//! proves who the person is (signing PIN dialog, card read), then the browser creates the
//! WebAuthn credential (with the phone's own user verification). The server binds it to
//! the person and the card's signing certificate.

use domain::phone::{PhoneCredentialInfo, PhoneCredentials, RegistrationFinish, RegistrationStart};
use jpki::pin::ChosenPinError;
use jpki::{Pin, PinKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::components::breadcrumbs::Breadcrumbs;
use crate::components::card_step::{CardStep, CardStepView, FlowError};
use crate::components::focus::focus_id_later;
use crate::components::loading::Loading;
use crate::components::login_redirect::login_on_unauthorized;
use crate::components::page_heading::PageHeading;
use crate::components::status::{LiveStatus, StatusText};
use crate::components::webauthn;

const TITLE: &str = "スマホ用電子証明書";
const PATH: &str = "/account/phone-credential";
const TRAIL: &[(&str, &str)] = &[("ホーム", "/"), ("外部サイトとの連携", "/connections")];
const PASSWORD_ID: &str = "phone-password";
const CONFIRM_ID: &str = "phone-password-confirm";
const HINT_ID: &str = "phone-password-hint";
const ERROR_ID: &str = "phone-password-error";
const REGISTER_ID: &str = "phone-register";
const LIST_ID: &str = "phone-list-heading";

#[component]
pub fn PhoneCredentialPage() -> impl IntoView {
    let data = LocalResource::new(api::phone_credentials);
    login_on_unauthorized(data);
    let (status, set_status) = signal(None::<StatusText>);
    let card = CardStep::with_device_reader(PinKind::Signing);
    // The password chosen, between 「登録する」 and the end of the card read.
    let password = StoredValue::new(None::<Pin>);

    // 「読み取り開始」: the card signs the registration document; with that, the server
    // starts the WebAuthn registration and the browser creates the credential.
    card.on_read(move |access| async move {
        let Some(chosen) = password.get_value() else {
            return Err(FlowError::Card(jpki::JpkiError::Malformed("no password chosen".into())));
        };
        let challenge = api::phone_registration_challenge().await?;
        let signed = access.answer(&challenge).await?;
        let start = RegistrationStart { signed, password: chosen.as_str().to_string() };
        let options = api::phone_registration_start(&start).await?;
        let credential = webauthn::create(options.options).await.map_err(FlowError::Phone)?;
        api::phone_registration_finish(&RegistrationFinish { registration: options.registration, credential }).await?;
        password.set_value(None);
        set_status.set(Some(StatusText::Success(
            "スマホ用電子証明書を登録しました。電子署名の手続きで、マイナンバーカードの代わりに使えます。".into(),
        )));
        data.refetch();
        card.go_on(PATH);
        focus_id_later(LIST_ID.to_string());
        Ok(())
    });

    view! {
        <CardStepView flow=card>
            <Breadcrumbs trail=TRAIL current=TITLE/>
            <PageHeading text=TITLE/>
            <p>"スマートフォンに署名用電子証明書（スマホ用署名用電子証明書）を登録すると、連携や申請の電子署名で、マイナンバーカードを読み取る代わりに、パスワードとスマートフォンの本人確認（指紋・顔認証や画面ロックの解除）で電子署名できます。"</p>
            // The manual shows it at two steps only; the one-stop signatures are ours (issue 30).
            <p id="phone-credential-where">"使える手続き：マイナ免許証との連携（手順9）、本籍のオンライン変更（手順11）。住所変更ワンストップサービス等の電子署名でも使えますが、これはこのポータル独自の対応で、操作マニュアルには記載がありません。"</p>
            <LiveStatus text=status/>
            {move || match data.get() {
                None => view! { <Loading/> }.into_any(),
                Some(Err(e)) if e.is_unauthorized() => ().into_any(),
                Some(Err(e)) => view! { <p class="status-error" role="alert">{e.detail}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <Registered list=list on_deleted=Callback::new(move |said: StatusText| {
                        set_status.set(Some(said));
                        data.refetch();
                    })/>
                }.into_any(),
            }}
            <Register card=card password=password/>
        </CardStepView>
    }
}

/// The registered credentials, each with 「削除」.
#[component]
fn Registered(list: PhoneCredentials, on_deleted: Callback<StatusText>) -> impl IntoView {
    let busy = RwSignal::new(false);
    let locked = list.locked();
    let delete = move |id: String| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let said = match api::phone_delete(&id).await {
                Ok(()) => StatusText::Success("スマホ用電子証明書の登録を削除しました。".into()),
                Err(e) => StatusText::Error(e.detail),
            };
            busy.set(false);
            on_deleted.run(said);
            focus_id_later(LIST_ID.to_string());
        });
    };
    let items = list.credentials.clone();
    view! {
        <h2 id=LIST_ID tabindex="-1">"登録済みのスマホ用電子証明書"</h2>
        {locked.then(|| view! {
            <p class="status-error">{domain::phone::LOCKED}</p>
        })}
        {if items.is_empty() {
            view! { <p>"登録されていません。"</p> }.into_any()
        } else {
            view! {
                <ul class="phone-list">
                    {items.into_iter().map(|c: PhoneCredentialInfo| {
                        let label = format!("{}に登録した電子証明書を削除", c.registered_at);
                        let id = c.id.clone();
                        view! {
                            <li class="phone-list__item">
                                <dl class="phone-list__dates">
                                    <dt>"登録日時"</dt><dd>{c.registered_at.clone()}</dd>
                                    <dt>"最終利用"</dt><dd>{c.last_used_at.clone().unwrap_or_else(|| "未使用".into())}</dd>
                                </dl>
                                <button type="button" class="button button--secondary" aria-label=label
                                    on:click=move |_| delete(id.clone())>"削除"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// The password, checked here, then the card step.
#[component]
fn Register(card: CardStep, password: StoredValue<Option<Pin>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let first = NodeRef::<leptos::html::Input>::new();
    let second = NodeRef::<leptos::html::Input>::new();
    let normalise = move |node: NodeRef<leptos::html::Input>| {
        if let Some(input) = node.get_untracked() {
            let normalised = jpki::pin::normalize(PinKind::Signing, &input.value());
            if normalised != input.value() {
                input.set_value(&normalised);
            }
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(a), Some(b)) = (first.get_untracked(), second.get_untracked()) else { return };
        let refuse = |text: String, id: &str| {
            error.set(Some(text));
            focus_id_later(id.to_string());
        };
        if !webauthn::supported() {
            return refuse(webauthn::UNSUPPORTED.into(), PASSWORD_ID);
        }
        let chosen = match Pin::chosen_twice(PinKind::Signing, &a.value(), &b.value()) {
            Ok(p) => p,
            Err(ChosenPinError::Format(_)) => return refuse(domain::phone::PASSWORD_FORMAT.into(), PASSWORD_ID),
            Err(ChosenPinError::Mismatch) => {
                return refuse(
                    "確認のために入力したパスワードが一致しません。同じパスワードを2回入力してください。".into(),
                    CONFIRM_ID,
                )
            }
        };
        error.set(None);
        password.set_value(Some(chosen));
        card.open(Some(REGISTER_ID.to_string()));
    };
    let invalid = move || if error.get().is_some() { "true" } else { "false" };
    let described = move || if error.get().is_some() { format!("{HINT_ID} {ERROR_ID}") } else { HINT_ID.to_string() };
    view! {
        <h2>"スマホ用電子証明書を登録する"</h2>
        <p>"このスマートフォンで使うパスワードを決めてから、マイナンバーカードの署名用電子証明書で本人であることを確かめます。"</p>
        <form class="phone-register" novalidate on:submit=submit>
            <p id=HINT_ID class="field-hint">"6～16ケタ、英大文字と数字の組み合わせ"</p>
            <label for=PASSWORD_ID>"パスワード"</label>
            <input node_ref=first id=PASSWORD_ID type="password" class="text-input" autocomplete="new-password"
                autocapitalize="characters" spellcheck="false" maxlength="16"
                aria-invalid=invalid aria-describedby=described on:change=move |_| normalise(first)/>
            <label for=CONFIRM_ID>"パスワード（確認）"</label>
            <input node_ref=second id=CONFIRM_ID type="password" class="text-input" autocomplete="new-password"
                autocapitalize="characters" spellcheck="false" maxlength="16"
                aria-invalid=invalid aria-describedby=described on:change=move |_| normalise(second)/>
            <div id=ERROR_ID role="alert">{move || error.get().map(|e| view! { <p class="status-error">{e}</p> })}</div>
            <button type="submit" id=REGISTER_ID class="button button--primary">"登録する"</button>
        </form>
    }
}
