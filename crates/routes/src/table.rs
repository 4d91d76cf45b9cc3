//! The pages. Each entry: `PageId => the SPA component { fields }`, in a block per lazy
//! group (`Group in split_function`); `Main` is the first view, in the main wasm.
//!
//! Fields (the rest take [`crate::DEFAULT`]'s values; end each with a comma):
//! `path` (required), `name` (required), `access` (default `Access::Person`), `flow`,
//! `preload` (the first screen's requests, in order), `example` (a URL for `:params`),
//! `steps` (the manual's numbered steps the screen is, and its card read's: [`crate::Steps`]).
//!
//! Order matters where paths could overlap: the first match wins, here and in the router.
//! A flow's pages stand together.
//!
//! The table is the body of the macro [`with_pages!`]: this crate expands it into
//! [`PAGES`], [`PageId`] and [`crate::Group`]; the SPA expands the same body into its
//! router's screens and its wasm split points (src/app.rs), so the two cannot disagree.
//! The component paths are only tokens here; they resolve in the SPA (`crate::pages::…`).

/// Calls `$callback! { <the table> }`; see the module documentation.
#[macro_export]
macro_rules! with_pages {
    ($callback:ident) => {
        $callback! {
            Main {
                Home => pages::home::HomePage {
                    path: "/",
                    name: "ホーム",
                    access: Access::Anyone,
                },
                License => pages::license::LicensePage {
                    path: "/license",
                    name: "運転免許",
                    // The server paints a logged-in person's record into the page and drops this.
                    preload: &[$crate::api::LICENSE],
                },
            }
            // The card flows share the bridge, the JPKI client, the PIN dialogs, the card-read
            // screen and the terms gate; wasm-split puts that shared code into chunk files both
            // groups load.
            Link in link_screens {
                Login => pages::login::LoginPage {
                    path: "/login",
                    name: "ログイン",
                    access: Access::Anyone,
                },
                LinkIntro => pages::link::intro::LinkIntroPage {
                    path: "/license/link",
                    name: "マイナ免許証との連携",
                    flow: Some(Flow::Link),
                    preload: &[$crate::api::SESSION],
                    steps: Some(Steps::at("2章①-1", 2, 2)),
                },
                LinkConsent => pages::link::consent::LinkConsentPage {
                    path: "/license/link/consent",
                    name: "同意確認",
                    flow: Some(Flow::Link),
                    preload: &[$crate::api::SESSION],
                    steps: Some(Steps::at("2章①-1", 3, 3)),
                },
                LinkSend => pages::link::send::LinkSendPage {
                    path: "/license/link/send",
                    name: "アカウント登録用情報の送信",
                    flow: Some(Flow::Link),
                    preload: &[$crate::api::SESSION],
                    steps: Some(Steps::at("2章①-1", 4, 5).read(6)),
                },
                LinkReadResult => pages::link::read_result::LinkReadResultPage {
                    path: "/license/link/read-result",
                    name: "アカウント登録用情報の送信（読み取った情報）",
                    flow: Some(Flow::Link),
                    preload: &[$crate::api::SESSION],
                    steps: Some(Steps::at("2章①-1", 7, 7)),
                },
                LinkTerms => pages::link::terms::LinkTermsPage {
                    path: "/license/link/terms",
                    name: "属性連携開始手続き",
                    flow: Some(Flow::Link),
                    preload: &[$crate::api::SESSION],
                    steps: Some(Steps::at("2章①-1", 8, 9).read(10)),
                },
                LinkDone => pages::link::done::LinkDonePage {
                    path: "/license/link/done",
                    name: "アカウント連携の完了",
                    flow: Some(Flow::Link),
                    preload: &[$crate::api::SESSION],
                    steps: Some(Steps::at("2章①-1", 11, 11)),
                },
                LinkHelp => pages::link::help::LinkHelpPage {
                    path: "/license/link/help/:topic",
                    name: "連携の説明（一体化の手続き・よくある質問・マニュアル）",
                    access: Access::Anyone,
                    flow: Some(Flow::Link),
                    example: Some("/license/link/help/faq"),
                },
            }
            // 本籍のオンライン変更 (manual 3章②): its own file, as a one-stop page is; the card
            // step's code comes in the chunks the card flows share.
            Honseki in honseki_screens {
                HonsekiStart => pages::honseki::start::HonsekiStartPage {
                    path: "/license/honseki",
                    name: "本籍のオンライン変更の申請",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 2, 2)),
                },
                HonsekiKoseki => pages::honseki::koseki::HonsekiKosekiPage {
                    path: "/license/honseki/koseki",
                    name: "戸籍情報のオンライン取得・提出について",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 3, 3)),
                },
                HonsekiIdentity => pages::honseki::identity::HonsekiIdentityPage {
                    path: "/license/honseki/identity",
                    name: "本人情報の確認",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 4, 5).read(6)),
                },
                HonsekiIdentityResult => pages::honseki::identity_result::HonsekiIdentityResultPage {
                    path: "/license/honseki/identity-result",
                    name: "マイナンバーカードから読み取った情報",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 7, 7)),
                },
                HonsekiConfirm => pages::honseki::confirm::HonsekiConfirmPage {
                    path: "/license/honseki/confirm",
                    name: "本籍・筆頭者氏名の確認",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 8, 8)),
                },
                HonsekiAgreement => pages::honseki::agreement::HonsekiAgreementPage {
                    path: "/license/honseki/agreement",
                    name: "確認事項への同意",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 9, 9)),
                },
                HonsekiSign => pages::honseki::sign::HonsekiSignPage {
                    path: "/license/honseki/sign",
                    name: "電子署名して申請",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 10, 11).read(12)),
                },
                HonsekiDone => pages::honseki::done::HonsekiDonePage {
                    path: "/license/honseki/done",
                    name: "申請完了",
                    flow: Some(Flow::Honseki),
                    preload: &[$crate::api::HONSEKI],
                    steps: Some(Steps::at("3章②", 13, 13)),
                },
                HonsekiHelp => pages::honseki::help::HonsekiHelpPage {
                    path: "/license/honseki/help/:topic",
                    name: "本籍のオンライン変更の説明（利用の対象・戸籍情報のオンライン取得）",
                    access: Access::Anyone,
                    flow: Some(Flow::Honseki),
                    example: Some("/license/honseki/help/eligibility"),
                },
            }
            // オンライン講習 (manual 3章①): the portal's page and the lecture site, a service of
            // its own with its own frame (`shell`).
            Lecture in lecture_screens {
                LecturePortal => pages::lecture::portal::LecturePortalPage {
                    path: "/license/lecture",
                    name: "オンライン講習の受講",
                    preload: &[$crate::api::LECTURE],
                },
                LectureFlowHelp => pages::lecture::flow_help::LectureFlowHelpPage {
                    path: "/license/lecture/flow",
                    name: "オンライン講習の流れについて",
                    access: Access::Anyone,
                },
                LectureAttendee => pages::lecture::attendee::LectureAttendeePage {
                    path: "/lecture",
                    name: "受講者情報",
                    access: Access::Attendee,
                    shell: Shell::LectureSite,
                },
                LectureChapter => pages::lecture::chapter::LectureChapterPage {
                    path: "/lecture/chapters/:n",
                    name: "講習（章）",
                    access: Access::Attendee,
                    shell: Shell::LectureSite,
                    example: Some("/lecture/chapters/1"),
                },
                LectureComplete => pages::lecture::complete::LectureCompletePage {
                    path: "/lecture/complete",
                    name: "受講完了",
                    access: Access::Attendee,
                    shell: Shell::LectureSite,
                },
                LectureSiteHelp => pages::lecture::site_help::LectureSiteHelpPage {
                    path: "/lecture/help/:topic",
                    name: "操作マニュアル・よくある質問 (FAQ)",
                    access: Access::Anyone,
                    shell: Shell::LectureSite,
                    example: Some("/lecture/help/manual"),
                },
            }
            Onestop in onestop_screens {
                Onestop => pages::onestop::OnestopPage {
                    path: "/license/onestop",
                    name: "基本情報の自動変更",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP],
                },
                OnestopStart => pages::onestop::OnestopStartPage {
                    path: "/license/onestop/start",
                    name: "住所変更ワンストップサービス等 利用開始",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP, "/terms/onestop.txt"],
                    steps: Some(Steps::at("3章③-1", 3, 3)),
                },
                OnestopStartItems => pages::onestop::OnestopStartItemsPage {
                    path: "/license/onestop/start/items",
                    name: "住所変更ワンストップサービス等利用同意項目選択",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP, $crate::api::ONESTOP_STEPS_START],
                    steps: Some(Steps::at("3章③-1", 4, 5).read(6)),
                },
                OnestopStartDone => pages::onestop::OnestopStartDonePage {
                    path: "/license/onestop/start/done",
                    name: "住所変更ワンストップサービス等利用同意申請完了通知",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP_STEPS_START],
                    steps: Some(Steps::at("3章③-1", 7, 7)),
                },
                OnestopRenew => pages::onestop::OnestopRenewPage {
                    path: "/license/onestop/renew",
                    name: "同意有効期間の更新（同意項目の変更）",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP, "/terms/onestop.txt"],
                    steps: Some(Steps::at("3章③-1", 3, 3)),
                },
                OnestopRenewItems => pages::onestop::OnestopRenewItemsPage {
                    path: "/license/onestop/renew/items",
                    name: "住所変更ワンストップサービス等利用同意項目選択（更新）",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP, $crate::api::ONESTOP_STEPS_RENEW],
                    steps: Some(Steps::at("3章③-1", 4, 5).read(6)),
                },
                OnestopRenewDone => pages::onestop::OnestopRenewDonePage {
                    path: "/license/onestop/renew/done",
                    name: "住所変更ワンストップサービス等利用同意申請完了通知（更新）",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP_STEPS_RENEW],
                    steps: Some(Steps::at("3章③-1", 7, 7)),
                },
                OnestopStatus => pages::onestop::OnestopStatusPage {
                    path: "/license/onestop/status",
                    name: "住所変更ワンストップサービス等利用同意状況照会",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP],
                    steps: Some(Steps::at("3章③-2", 3, 3)),
                },
                OnestopCancel => pages::onestop::OnestopCancelPage {
                    path: "/license/onestop/cancel",
                    name: "住所変更ワンストップサービス等利用同意解除",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP, "/terms/onestop-cancel.txt"],
                    steps: Some(Steps::at("3章③-3", 3, 4).read(5)),
                },
                OnestopCancelDone => pages::onestop::OnestopCancelDonePage {
                    path: "/license/onestop/cancel/done",
                    name: "住所変更ワンストップサービス等利用同意解除申請完了通知",
                    preload: &[$crate::api::SESSION, $crate::api::ONESTOP_STEPS_CANCEL],
                    steps: Some(Steps::at("3章③-3", 6, 6)),
                },
                OnestopHelp => pages::onestop::OnestopHelpPage {
                    path: "/license/onestop/help/:topic",
                    name: "住所変更ワンストップサービス等の説明（サービスについて・FAQ・マニュアル）",
                    access: Access::Anyone,
                    example: Some("/license/onestop/help/faq"),
                },
            }
            // The account's own pages, none of which reads a card, and the accessibility pages.
            Account in account_screens {
                UnlinkConsent => pages::unlink::UnlinkConsentPage {
                    path: "/license/unlink",
                    name: "アカウント連携解除の同意確認",
                    preload: &[$crate::api::SESSION],
                },
                UnlinkDone => pages::unlink::UnlinkDonePage {
                    path: "/license/unlink/done",
                    name: "アカウント連携解除の完了",
                    preload: &[$crate::api::SESSION],
                },
                Connections => pages::connections::ConnectionsPage {
                    path: "/connections",
                    name: "外部サイトとの連携",
                    preload: &[$crate::api::SESSION],
                },
                AccountSessions => pages::account::AccountSessionsPage {
                    path: "/account/sessions",
                    name: "ログイン中の端末",
                    preload: &[$crate::api::SESSIONS],
                },
                PhoneCredential => pages::account::PhoneCredentialPage {
                    path: "/account/phone-credential",
                    name: "スマホ用電子証明書",
                    preload: &[$crate::api::PHONE_CREDENTIALS],
                },
                Notices => pages::notices::NoticesPage {
                    path: "/notices",
                    name: "お知らせ",
                    preload: &[$crate::api::NOTICES],
                },
                NoticeDetail => pages::notices::NoticeDetailPage {
                    path: "/notices/:id",
                    name: "お知らせの詳細",
                },
                Applications => pages::applications::ApplicationsPage {
                    path: "/applications",
                    name: "手続き状況",
                    preload: &[$crate::api::APPLICATIONS],
                },
                ApplicationDetail => pages::applications::ApplicationDetailPage {
                    path: "/applications/:id",
                    name: "申請の詳細",
                },
                // The accessibility policy and its test results (issue 33.3), linked from
                // every page's footer. Here rather than in a group of their own: a new group
                // cost the first view 20 B more of brotli (its loader), with the budget
                // already tight; the account group loads no card code either.
                AccessibilityPolicy => pages::accessibility::AccessibilityPolicyPage {
                    path: "/accessibility",
                    name: "ウェブアクセシビリティ方針",
                    access: Access::Anyone,
                },
                AccessibilityResults => pages::accessibility::AccessibilityResultsPage {
                    path: "/accessibility/results",
                    name: "試験結果",
                    access: Access::Anyone,
                },
            }
            Demo in demo_screens {
                Demo => pages::demo::DemoPage {
                    path: "/demo",
                    name: "デモ操作",
                    access: Access::Demo,
                    preload: &[$crate::api::DEMO_PEOPLE, $crate::api::DEMO_CLOCK],
                },
                // Design review (issue 18): every page of this table at its URL. In the demo
                // group, not one of its own: a group's loader weighs on the first view, whose
                // budget had no room for it (180 024 bytes of 180 000 with its own group).
                Gallery => pages::gallery::GalleryPage {
                    path: "/gallery",
                    name: "画面一覧",
                    access: Access::Demo,
                    // Only to learn that this is demo mode (the page says so elsewhere).
                    preload: &[$crate::api::DEMO_CLOCK],
                },
            }
        }
    };
}

/// Expands the table into this crate's data.
macro_rules! define_table {
    (
        Main { $($main_id:ident => $main_view:path { $($main_field:tt)* },)* }
        $( $group:ident in $split:ident { $($id:ident => $view:path { $($field:tt)* },)* } )*
    ) => {
        /// One per page of the table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum PageId {
            $($main_id,)*
            $($($id,)*)*
        }

        /// Which wasm file a page's code is in. `Main` is the first view; every other
        /// group is a lazy file, fetched when one of its pages is first opened.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Group {
            Main,
            $($group,)*
        }

        impl Group {
            pub const ALL: &'static [Group] = &[Group::Main, $(Group::$group,)*];

            /// The split point's name: the function the SPA defines for the group, and
            /// the key wasm-split gives its files. `None` for the main module.
            pub const fn split_name(self) -> Option<&'static str> {
                match self {
                    Group::Main => None,
                    $(Group::$group => Some(stringify!($split)),)*
                }
            }
        }

        /// Every page, in the router's order.
        pub static PAGES: &[Page] = &[
            $(Page { id: PageId::$main_id, group: Group::Main, $($main_field)* ..DEFAULT },)*
            $($(Page { id: PageId::$id, group: Group::$group, $($field)* ..DEFAULT },)*)*
        ];
    };
}

use crate::{Access, Flow, Page, Shell, Steps, DEFAULT};

with_pages!(define_table);
