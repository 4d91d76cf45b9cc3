//! `/gallery` 「画面一覧」 — every page of the route table at its URL, for design reviewers
//! (SPEC §1: every screen reachable in a browser without code). The list is the table
//! itself ([`routes::PAGES`]), grouped by the manual's chapters, so a page added to the
//! table appears here without touching this file. `cargo xtask screenshots` photographs
//! every link of this list.
//!
//! Each page lists its states beneath it ([`routes::scenes`]), with the manual's section
//! and step: `/gallery?scene=KEY` plays the scene ([`player`]) — a reset, a demo login, and
//! what a person would do — and leaves the real page in that state.
//!
//! Demo mode only, as `/demo` is: outside it the demo API answers 404 and this page says
//! so instead of listing pages that production people reach from their own menus.

mod dom;
mod player;

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use routes::scenes::{self, Scene};
use routes::{Group, Page, PageId, PAGES};

use crate::api;
use crate::components::bell::UnreadNotices;
use crate::components::breadcrumbs::{Breadcrumbs, HOME};
use crate::components::loading::Loading;
use crate::components::page_heading::PageHeading;

/// The gallery's sections: the manual's chapters, and the portal's own pages after them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chapter {
    Start,
    License,
    Lecture,
    Honseki,
    Onestop,
    Inbox,
    Account,
    About,
    Demo,
}

impl Chapter {
    /// In the order the sections stand.
    const ALL: [Chapter; 9] = [
        Chapter::Start,
        Chapter::License,
        Chapter::Lecture,
        Chapter::Honseki,
        Chapter::Onestop,
        Chapter::Inbox,
        Chapter::Account,
        Chapter::About,
        Chapter::Demo,
    ];

    fn heading(self) -> &'static str {
        match self {
            Chapter::Start => "1章 ログイン・ホーム",
            Chapter::License => "2章 連携・運転免許の表示",
            Chapter::Lecture => "3章① オンライン講習",
            Chapter::Honseki => "3章② 本籍のオンライン変更",
            Chapter::Onestop => "3章③ 住所変更ワンストップサービス等",
            Chapter::Inbox => "お知らせ・手続き状況",
            Chapter::Account => "アカウント",
            Chapter::About => "このサイトについて",
            Chapter::Demo => "デモ",
        }
    }

    /// The section's `id`, for its `aria-labelledby`.
    fn id(self) -> &'static str {
        match self {
            Chapter::Start => "gallery-start",
            Chapter::License => "gallery-license",
            Chapter::Lecture => "gallery-lecture",
            Chapter::Honseki => "gallery-honseki",
            Chapter::Onestop => "gallery-onestop",
            Chapter::Inbox => "gallery-inbox",
            Chapter::Account => "gallery-account",
            Chapter::About => "gallery-about",
            Chapter::Demo => "gallery-demo",
        }
    }

    /// Where a page of the table belongs. The lazy group decides, as it follows the flows;
    /// the match over every group makes a new group choose its section (it does not
    /// compile otherwise), and a new page of an existing group lands in its group's.
    fn of(page: &Page) -> Chapter {
        match (page.group, page.id) {
            (_, PageId::Home | PageId::Login) => Chapter::Start,
            // The 運転免許 view and the link flow (the Link group, whose Login is above).
            (Group::Main | Group::Link, _) => Chapter::License,
            (Group::Account, PageId::UnlinkConsent | PageId::UnlinkDone) => Chapter::License,
            (Group::Lecture, _) => Chapter::Lecture,
            (Group::Honseki, _) => Chapter::Honseki,
            (Group::Onestop, _) => Chapter::Onestop,
            (
                Group::Account,
                PageId::Notices | PageId::NoticeDetail | PageId::Applications | PageId::ApplicationDetail,
            ) => Chapter::Inbox,
            (Group::Account, PageId::AccessibilityPolicy | PageId::AccessibilityResults) => Chapter::About,
            (Group::Account, _) => Chapter::Account,
            (Group::Demo, _) => Chapter::Demo,
        }
    }
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    // Only to know demo mode: the demo API exists there and nowhere else.
    let demo = LocalResource::new(api::demo_clock);
    let playing = RwSignal::new(None::<&'static Scene>);
    let query = use_query_map();
    let navigate = use_navigate();
    let header = use_context::<UnreadNotices>();
    // `?scene=KEY`: play it (once per key; a link to the same key again plays it again).
    Effect::new(move |_| {
        let key = query.with(|q| q.get("scene"));
        let Some(scene) = key.as_deref().and_then(scenes::find) else { return };
        playing.set(Some(scene));
        let navigate = navigate.clone();
        let navigate: player::Navigate = Rc::new(move |url, options| navigate(url, options));
        spawn_local(player::play(scene, navigate, header));
    });
    view! {
        <Breadcrumbs trail=HOME current="画面一覧"/>
        <PageHeading text="画面一覧"/>
        {move || playing.get().map(|scene| view! {
            <p class="loading" role="status">{format!("「{}」（{}）を準備しています…", scene.state, routes::page(scene.page).name)}</p>
        })}
        {move || match demo.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) if e.status == 404 => {
                view! { <p>"この画面はデモ環境でのみ表示できます。"</p> }.into_any()
            }
            Some(Err(e)) => view! { <p class="status-error">{e.detail}</p> }.into_any(),
            Some(Ok(_)) => view! { <Sections/> }.into_any(),
        }}
    }
}

#[component]
fn Sections() -> impl IntoView {
    view! {
        <p class="lead">{format!("デザインレビュー用に、全{}画面をURLから開けるように並べています。", PAGES.len())}</p>
        <p>"ログインが必要な画面は、"<a href="/demo">"デモ操作"</a>"で利用者を選んでから開いてください。"</p>
        {Chapter::ALL
            .into_iter()
            .map(|chapter| {
                let pages: Vec<&'static Page> = PAGES.iter().filter(|p| Chapter::of(p) == chapter).collect();
                (!pages.is_empty()).then(|| view! {
                    <section aria-labelledby=chapter.id()>
                        <h2 id=chapter.id()>{chapter.heading()}</h2>
                        <ul class="procedure-list">
                            {pages.into_iter().map(|page| view! { <Entry page/> }).collect_view()}
                        </ul>
                    </section>
                })
            })
            .collect_view()}
    }
}

/// One page: a link to its URL, with its name and route beside it. A route with
/// parameters and no example (ids the server makes) has no URL of its own: it opens from
/// its list, which the entry names.
#[component]
fn Entry(page: &'static Page) -> impl IntoView {
    let route = match page.url() {
        Some(url) if url != page.path => format!("{}（例：{url}）", page.path),
        _ => page.path.to_string(),
    };
    // The manual's steps the page is (the route table's, as its caption says them).
    let steps = page.steps.map(|s| {
        let read = s.card_read().map(|r| format!("、カードの読み取り {}", r.caption())).unwrap_or_default();
        view! { <span class="procedure__sub gallery-steps">{format!("{} {}{read}", s.section, s.screen().caption())}</span> }
    });
    let states: Vec<&'static Scene> = scenes::of(page.id).collect();
    let states = (!states.is_empty()).then(|| {
        view! {
            <ul class="procedure-list gallery-states" aria-label=format!("{}の状態", page.name)>
                {states.into_iter().map(|scene| view! { <State scene/> }).collect_view()}
            </ul>
        }
    });
    match page.url() {
        Some(url) => view! {
            <li>
                <a class="procedure" href=url>
                    <span class="procedure__text">
                        <span class="procedure__title">{page.name}</span>
                        <span class="procedure__sub">{route}</span>
                        {steps}
                    </span>
                    <span class="procedure__chevron" aria-hidden="true">"›"</span>
                </a>
                {states}
            </li>
        }
        .into_any(),
        None => view! {
            <li class="procedure">
                <span class="procedure__text">
                    <span>{page.name}</span>
                    <span class="procedure__sub">{route}</span>
                    <span class="procedure__sub">{opened_from(page)}</span>
                </span>
                {states}
            </li>
        }
        .into_any(),
    }
}

/// One state of a page: a link that plays its scene, with the manual's steps beside it.
#[component]
fn State(scene: &'static Scene) -> impl IntoView {
    let manual = match scene.manual {
        [] => "マニュアル外".to_string(),
        refs => refs.iter().map(|m| m.label()).collect::<Vec<_>>().join("・"),
    };
    view! {
        <li>
            // The page list's own look (no stylesheet of the gallery's: CSS is in every
            // page's first view).
            <a class="procedure gallery-state" href=format!("/gallery?scene={}", scene.key)>
                <span class="procedure__text">
                    <span class="procedure__title gallery-state__name">{scene.state}</span>
                    <span class="procedure__sub gallery-state__manual">{manual}</span>
                </span>
                <span class="procedure__chevron" aria-hidden="true">"›"</span>
            </a>
        </li>
    }
}

/// 「「お知らせ」の一覧から開きます。」: the page one segment up (`/notices` for
/// `/notices/:id`), where the links to this page are.
fn opened_from(page: &Page) -> String {
    let list = page.path.rsplit_once('/').and_then(|(up, _)| routes::find(up)).map(|(p, _)| p.name);
    match list {
        Some(name) => format!("「{name}」の一覧から開きます。"),
        None => "一覧の画面から開きます。".to_string(),
    }
}
