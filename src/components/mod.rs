//! Reusable widgets. Each takes typed props and uses the manual's labels as accessible names.

pub mod accepted_status;
pub mod bell;
pub mod breadcrumbs;
pub mod card_step;
pub mod completion;
pub mod field;
pub mod flash;
pub mod focus;
pub mod hidden_value;
pub mod idle_warning;
pub mod load_failed;
pub mod loading;
pub mod login_redirect;
pub mod page_heading;
pub mod receipt;
pub mod require_session;
pub mod session_gate;
pub mod shell;
pub mod status;
pub mod step;
pub mod terms_gate;
pub mod title;
pub mod webauthn;
