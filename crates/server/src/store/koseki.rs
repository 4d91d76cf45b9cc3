//! The koseki adapter's demo records (crate::adapters::koseki).

use super::{Conn, Store};

/// 本籍 and 筆頭者氏名 on a person's koseki e-certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KosekiRow {
    pub honseki: String,
    pub head_name: String,
}

pub async fn get(store: &Store, person_id: &str) -> anyhow::Result<Option<KosekiRow>> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT honseki, head_name FROM koseki_records WHERE person_id = $1")
            .bind(person_id)
            .fetch_optional(store.pool())
            .await?;
    Ok(row.map(|(honseki, head_name)| KosekiRow { honseki, head_name }))
}

pub async fn put(conn: &mut Conn, person_id: &str, row: &KosekiRow) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO koseki_records (person_id, honseki, head_name) VALUES ($1, $2, $3) \
         ON CONFLICT (person_id) DO UPDATE SET honseki = excluded.honseki, head_name = excluded.head_name",
    )
    .bind(person_id)
    .bind(&row.honseki)
    .bind(&row.head_name)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn delete_all(conn: &mut Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM koseki_records").execute(conn).await?;
    Ok(())
}
