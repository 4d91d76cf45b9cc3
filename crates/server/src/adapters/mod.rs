//! The external systems the portal talks to, each behind one small interface with a demo
//! implementation (SPEC §6): the koseki system (本籍 and 筆頭者氏名 from the koseki
//! e-certificate) and the driver registry (the licence record the worker changes). J-LIS's
//! side of the one-stop service is `crate::onestop::jlis`.
//!
//! The driver registry is a trait ([`registry::Registry`], an `Arc<dyn Registry>` part of
//! the state) with the demo's table and the HTTP client of docs/CONTRACT-registry.md
//! ([`http_json`] is that client's transport: deadlines, retries, idempotency keys). The
//! koseki system is still an enum with its demo variant only.

pub mod http_json;
pub mod koseki;
pub mod registry;
