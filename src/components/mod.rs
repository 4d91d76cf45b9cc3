//! Reusable widgets. Each takes typed props and uses the manual's labels as accessible names.

pub mod breadcrumbs;
pub mod field;
pub mod focus;
pub mod hidden_value;
pub mod page_heading;
pub mod shell;
pub mod status;
pub mod title;
