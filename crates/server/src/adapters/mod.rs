//! The external systems the portal talks to, each behind one small interface with a demo
//! implementation (SPEC §6): the koseki system (本籍 and 筆頭者氏名 from the koseki
//! e-certificate) and the driver registry (the licence record the worker changes). J-LIS's
//! side of the one-stop service is `crate::onestop::jlis`.
//!
//! Each is a trait ([`registry::Registry`], [`koseki::Koseki`]; an `Arc<dyn …>` part of the
//! state) with the demo's table and an HTTP client of docs/CONTRACT-registry.md
//! ([`http_json`] is the clients' transport: deadlines, retries, idempotency keys).

pub mod http_json;
pub mod koseki;
pub mod registry;
