//! Reusable widgets. Each takes typed props and uses the manual's labels as accessible names.

pub mod bell;
pub mod breadcrumbs;
pub mod card_access;
pub mod card_flow;
pub mod card_flow_view;
pub mod card_read;
pub mod completion;
pub mod field;
pub mod flash;
pub mod focus;
pub mod hidden_value;
pub mod load_failed;
pub mod login_redirect;
pub mod page_heading;
pub mod phone_dialog;
pub mod pin_dialog;
pub mod pin_texts;
pub mod receipt;
pub mod require_session;
pub mod session_gate;
pub mod shell;
pub mod status;
pub mod step;
pub mod terms_gate;
pub mod title;
pub mod webauthn;
