//! The external systems the portal talks to, each behind one small interface with a demo
//! implementation (SPEC §6): the koseki system (本籍 and 筆頭者氏名 from the koseki
//! e-certificate) and the driver registry (the licence record the worker changes). J-LIS's
//! side of the one-stop service is `crate::onestop::jlis`.
//!
//! Each is an enum with one variant per implementation, not a trait object: the demo one is
//! the only one here, and a production one is a new variant whose calls are added beside
//! it, so every caller keeps one concrete type.

pub mod koseki;
pub mod registry;
