//! Every API path, written once (issue 27): the server's routers declare their routes with
//! these constants, the SPA's client builds its requests from them, and the page table's
//! preloads name them. A path with a parameter has its constant (axum's `{name}` form, as
//! the router declares it) and a function beside it that fills the parameter in (what the
//! client requests); a test below holds the two together. `ALL` lists them for the
//! server's test that every route is one of them.

pub const HEALTH: &str = "/api/health";

pub const SESSION: &str = "/api/session";

pub const HEADER: &str = "/api/header";

pub const LOGOUT: &str = "/api/logout";

pub const LOGIN_CHALLENGE: &str = "/api/login/challenge";

pub const LOGIN_CARD: &str = "/api/login/card";

pub const SESSIONS: &str = "/api/sessions";

pub const SESSIONS_ID: &str = "/api/sessions/{id}";
/// [`SESSIONS_ID`] for one `id` (already a safe path segment).
pub fn sessions_id(id: impl core::fmt::Display) -> String {
    format!("/api/sessions/{id}")
}

pub const LICENSE: &str = "/api/license";

pub const LICENSE_PHOTO: &str = "/api/license/photo";

pub const LICENSE_HONSEKI: &str = "/api/license/honseki";

pub const LICENSE_HISTORY_CLASS: &str = "/api/license/history-class";

pub const CERTIFICATES: &str = "/api/certificates";

pub const LINK: &str = "/api/link";

pub const LINK_CHALLENGE: &str = "/api/link/challenge";

pub const LINK_CHECK: &str = "/api/link/check";

pub const LINK_STATE: &str = "/api/link/state";

pub const LINK_UNLINK: &str = "/api/link/unlink";

pub const CARD_APDU: &str = "/api/card/apdu";

pub const CARD_SESSION: &str = "/api/card/session";

pub const HONSEKI: &str = "/api/honseki";

pub const HONSEKI_IDENTITY: &str = "/api/honseki/identity";

pub const HONSEKI_KOSEKI: &str = "/api/honseki/koseki";

pub const HONSEKI_AGREEMENT: &str = "/api/honseki/agreement";

pub const HONSEKI_CHALLENGE: &str = "/api/honseki/challenge";

pub const HONSEKI_STATE: &str = "/api/honseki/state";

pub const ONESTOP: &str = "/api/onestop";

pub const ONESTOP_CONSENT_CHALLENGE: &str = "/api/onestop/consent/challenge";

pub const ONESTOP_CONSENT: &str = "/api/onestop/consent";

pub const ONESTOP_CANCEL_CHALLENGE: &str = "/api/onestop/cancel/challenge";

pub const ONESTOP_CANCEL: &str = "/api/onestop/cancel";

pub const ONESTOP_STEPS_FLOW: &str = "/api/onestop/steps/{flow}";
/// [`ONESTOP_STEPS_FLOW`] for one `flow` (already a safe path segment).
pub fn onestop_steps_flow(flow: impl core::fmt::Display) -> String {
    format!("/api/onestop/steps/{flow}")
}

/// [`ONESTOP_STEPS_FLOW`] filled in for each flow, for the page table's preloads (a
/// constant: the table is static).
pub const ONESTOP_STEPS_START: &str = "/api/onestop/steps/start";
pub const ONESTOP_STEPS_RENEW: &str = "/api/onestop/steps/renew";
pub const ONESTOP_STEPS_CANCEL: &str = "/api/onestop/steps/cancel";

pub const ONESTOP_STEPS_FLOW_TERMS: &str = "/api/onestop/steps/{flow}/terms";
/// [`ONESTOP_STEPS_FLOW_TERMS`] for one `flow` (already a safe path segment).
pub fn onestop_steps_flow_terms(flow: impl core::fmt::Display) -> String {
    format!("/api/onestop/steps/{flow}/terms")
}

pub const ONESTOP_STEPS_FLOW_ITEMS: &str = "/api/onestop/steps/{flow}/items";
/// [`ONESTOP_STEPS_FLOW_ITEMS`] for one `flow` (already a safe path segment).
pub fn onestop_steps_flow_items(flow: impl core::fmt::Display) -> String {
    format!("/api/onestop/steps/{flow}/items")
}

pub const LECTURE: &str = "/api/lecture";

pub const LECTURE_TICKET: &str = "/api/lecture/ticket";

pub const LECTURE_SITE_ENTER: &str = "/api/lecture-site/enter";

pub const LECTURE_SITE_ATTENDEE: &str = "/api/lecture-site/attendee";

pub const LECTURE_SITE_LANGUAGE: &str = "/api/lecture-site/language";

pub const LECTURE_SITE_CHAPTERS_N: &str = "/api/lecture-site/chapters/{n}";
/// [`LECTURE_SITE_CHAPTERS_N`] for one `n` (already a safe path segment).
pub fn lecture_site_chapters_n(n: impl core::fmt::Display) -> String {
    format!("/api/lecture-site/chapters/{n}")
}

pub const LECTURE_SITE_CHAPTERS_N_ANSWER: &str = "/api/lecture-site/chapters/{n}/answer";
/// [`LECTURE_SITE_CHAPTERS_N_ANSWER`] for one `n` (already a safe path segment).
pub fn lecture_site_chapters_n_answer(n: impl core::fmt::Display) -> String {
    format!("/api/lecture-site/chapters/{n}/answer")
}

pub const APPLICATIONS: &str = "/api/applications";

pub const APPLICATIONS_ID: &str = "/api/applications/{id}";
/// [`APPLICATIONS_ID`] for one `id` (already a safe path segment).
pub fn applications_id(id: impl core::fmt::Display) -> String {
    format!("/api/applications/{id}")
}

pub const NOTICES: &str = "/api/notices";

pub const NOTICES_UNREAD_COUNT: &str = "/api/notices/unread-count";

pub const NOTICES_ID: &str = "/api/notices/{id}";
/// [`NOTICES_ID`] for one `id` (already a safe path segment).
pub fn notices_id(id: impl core::fmt::Display) -> String {
    format!("/api/notices/{id}")
}

pub const NOTICES_ID_READ: &str = "/api/notices/{id}/read";
/// [`NOTICES_ID_READ`] for one `id` (already a safe path segment).
pub fn notices_id_read(id: impl core::fmt::Display) -> String {
    format!("/api/notices/{id}/read")
}

pub const PHONE_CREDENTIALS: &str = "/api/phone-credentials";

pub const PHONE_CREDENTIALS_CHALLENGE: &str = "/api/phone-credentials/challenge";

pub const PHONE_CREDENTIALS_REGISTRATION: &str = "/api/phone-credentials/registration";

pub const PHONE_CREDENTIALS_ASSERTION: &str = "/api/phone-credentials/assertion";

pub const PHONE_CREDENTIALS_ID: &str = "/api/phone-credentials/{id}";
/// [`PHONE_CREDENTIALS_ID`] for one `id` (already a safe path segment).
pub fn phone_credentials_id(id: impl core::fmt::Display) -> String {
    format!("/api/phone-credentials/{id}")
}

pub const DEMO_LOGIN: &str = "/api/demo/login";

pub const DEMO_PEOPLE: &str = "/api/demo/people";

pub const DEMO_RESET: &str = "/api/demo/reset";

pub const DEMO_PROCESS: &str = "/api/demo/process";

pub const DEMO_CLOCK: &str = "/api/demo/clock";

pub const DEMO_CARD_PIN: &str = "/api/demo/card-pin";

pub const DEMO_CARD_HOLD: &str = "/api/demo/card-hold";

pub const DEMO_CARD_REMOVAL: &str = "/api/demo/card-removal";

pub const DEMO_JLIS_CHANGE: &str = "/api/demo/jlis-change";

/// Every path above with its constant's name, for the server's route test.
pub const ALL: [(&str, &str); 61] = [
    ("HEALTH", HEALTH),
    ("SESSION", SESSION),
    ("HEADER", HEADER),
    ("LOGOUT", LOGOUT),
    ("LOGIN_CHALLENGE", LOGIN_CHALLENGE),
    ("LOGIN_CARD", LOGIN_CARD),
    ("SESSIONS", SESSIONS),
    ("SESSIONS_ID", SESSIONS_ID),
    ("LICENSE", LICENSE),
    ("LICENSE_PHOTO", LICENSE_PHOTO),
    ("LICENSE_HONSEKI", LICENSE_HONSEKI),
    ("LICENSE_HISTORY_CLASS", LICENSE_HISTORY_CLASS),
    ("CERTIFICATES", CERTIFICATES),
    ("LINK", LINK),
    ("LINK_CHALLENGE", LINK_CHALLENGE),
    ("LINK_CHECK", LINK_CHECK),
    ("LINK_STATE", LINK_STATE),
    ("LINK_UNLINK", LINK_UNLINK),
    ("CARD_APDU", CARD_APDU),
    ("CARD_SESSION", CARD_SESSION),
    ("HONSEKI", HONSEKI),
    ("HONSEKI_IDENTITY", HONSEKI_IDENTITY),
    ("HONSEKI_KOSEKI", HONSEKI_KOSEKI),
    ("HONSEKI_AGREEMENT", HONSEKI_AGREEMENT),
    ("HONSEKI_CHALLENGE", HONSEKI_CHALLENGE),
    ("HONSEKI_STATE", HONSEKI_STATE),
    ("ONESTOP", ONESTOP),
    ("ONESTOP_CONSENT_CHALLENGE", ONESTOP_CONSENT_CHALLENGE),
    ("ONESTOP_CONSENT", ONESTOP_CONSENT),
    ("ONESTOP_CANCEL_CHALLENGE", ONESTOP_CANCEL_CHALLENGE),
    ("ONESTOP_CANCEL", ONESTOP_CANCEL),
    ("ONESTOP_STEPS_FLOW", ONESTOP_STEPS_FLOW),
    ("ONESTOP_STEPS_FLOW_TERMS", ONESTOP_STEPS_FLOW_TERMS),
    ("ONESTOP_STEPS_FLOW_ITEMS", ONESTOP_STEPS_FLOW_ITEMS),
    ("LECTURE", LECTURE),
    ("LECTURE_TICKET", LECTURE_TICKET),
    ("LECTURE_SITE_ENTER", LECTURE_SITE_ENTER),
    ("LECTURE_SITE_ATTENDEE", LECTURE_SITE_ATTENDEE),
    ("LECTURE_SITE_LANGUAGE", LECTURE_SITE_LANGUAGE),
    ("LECTURE_SITE_CHAPTERS_N", LECTURE_SITE_CHAPTERS_N),
    ("LECTURE_SITE_CHAPTERS_N_ANSWER", LECTURE_SITE_CHAPTERS_N_ANSWER),
    ("APPLICATIONS", APPLICATIONS),
    ("APPLICATIONS_ID", APPLICATIONS_ID),
    ("NOTICES", NOTICES),
    ("NOTICES_UNREAD_COUNT", NOTICES_UNREAD_COUNT),
    ("NOTICES_ID", NOTICES_ID),
    ("NOTICES_ID_READ", NOTICES_ID_READ),
    ("PHONE_CREDENTIALS", PHONE_CREDENTIALS),
    ("PHONE_CREDENTIALS_CHALLENGE", PHONE_CREDENTIALS_CHALLENGE),
    ("PHONE_CREDENTIALS_REGISTRATION", PHONE_CREDENTIALS_REGISTRATION),
    ("PHONE_CREDENTIALS_ASSERTION", PHONE_CREDENTIALS_ASSERTION),
    ("PHONE_CREDENTIALS_ID", PHONE_CREDENTIALS_ID),
    ("DEMO_LOGIN", DEMO_LOGIN),
    ("DEMO_PEOPLE", DEMO_PEOPLE),
    ("DEMO_RESET", DEMO_RESET),
    ("DEMO_PROCESS", DEMO_PROCESS),
    ("DEMO_CLOCK", DEMO_CLOCK),
    ("DEMO_CARD_PIN", DEMO_CARD_PIN),
    ("DEMO_CARD_HOLD", DEMO_CARD_HOLD),
    ("DEMO_CARD_REMOVAL", DEMO_CARD_REMOVAL),
    ("DEMO_JLIS_CHANGE", DEMO_JLIS_CHANGE),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Each function fills in the very path its constant declares.
    #[test]
    fn the_functions_fill_in_their_constants() {
        let filled: [(&str, String); 10] = [
            (SESSIONS_ID, sessions_id("{id}")),
            (ONESTOP_STEPS_FLOW, onestop_steps_flow("{flow}")),
            (ONESTOP_STEPS_FLOW_TERMS, onestop_steps_flow_terms("{flow}")),
            (ONESTOP_STEPS_FLOW_ITEMS, onestop_steps_flow_items("{flow}")),
            (LECTURE_SITE_CHAPTERS_N, lecture_site_chapters_n("{n}")),
            (LECTURE_SITE_CHAPTERS_N_ANSWER, lecture_site_chapters_n_answer("{n}")),
            (APPLICATIONS_ID, applications_id("{id}")),
            (NOTICES_ID, notices_id("{id}")),
            (NOTICES_ID_READ, notices_id_read("{id}")),
            (PHONE_CREDENTIALS_ID, phone_credentials_id("{id}")),
        ];
        for (constant, function) in filled {
            assert_eq!(constant, function);
        }
        for (flow, filled) in
            [("start", ONESTOP_STEPS_START), ("renew", ONESTOP_STEPS_RENEW), ("cancel", ONESTOP_STEPS_CANCEL)]
        {
            assert_eq!(onestop_steps_flow(flow), filled);
        }
    }

    #[test]
    fn every_path_is_listed_once_and_under_api() {
        for (i, (name, path)) in ALL.iter().enumerate() {
            assert!(path.starts_with("/api/"), "{name}: {path}");
            assert!(ALL[i + 1..].iter().all(|(_, p)| p != path), "{path} twice");
        }
    }
}
