//! The koseki system: 本籍 and 筆頭者氏名 as the person's koseki e-certificate gives them
//! (manual 3章② step 8). In production the portal obtains a 戸籍電子証明書提供用識別符号
//! through the Ministry of Justice's 戸籍情報連携システム; the demo reads a table seeded
//! with one record per demo person.

use crate::store::koseki::{self, KosekiRow};
use crate::store::Store;

#[derive(Clone, Copy, Debug)]
pub enum Koseki {
    /// `koseki_records`, seeded by the demo (crate::demo::seed::koseki_records).
    Demo,
}

impl Koseki {
    /// The person's record, or `None` when the koseki system has none for them.
    pub async fn record(self, store: &Store, person_id: &str) -> anyhow::Result<Option<KosekiRow>> {
        match self {
            Koseki::Demo => koseki::get(store, person_id).await,
        }
    }
}
