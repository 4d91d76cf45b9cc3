//! The driver registry (運転者管理システム): the licence record of the National Police
//! Agency's system. The demo's registry is the `persons` table, changed inside the
//! worker's transaction, so a change commits with the application's result and notice or
//! not at all.

use crate::store::{persons, Conn};

#[derive(Clone, Copy, Debug)]
pub enum Registry {
    Demo,
}

impl Registry {
    /// The 本籍 the licence records now.
    pub async fn honseki(self, conn: &mut Conn, person_id: &str) -> anyhow::Result<Option<String>> {
        match self {
            Registry::Demo => persons::honseki_in(conn, person_id).await,
        }
    }

    /// Records the new 本籍; false when the registry has no such person.
    pub async fn set_honseki(self, conn: &mut Conn, person_id: &str, honseki: &str) -> anyhow::Result<bool> {
        match self {
            Registry::Demo => persons::set_honseki(conn, person_id, honseki).await,
        }
    }
}
