//! Rate-limit buckets every instance shares (table `rate_buckets`, migration 0013): the
//! per-person limit on challenges and signed submissions (crate::rate_limit,
//! docs/SECURITY.md). Token bucket arithmetic in whole thousandths of a token and Unix
//! milliseconds of real time, so both engines compute the same.

use super::Store;

/// Takes one token from `bucket` (`burst` at most, one more every `every_ms`), creating it
/// full; `Ok(Err(wait_ms))` when it is empty, with how long until it has a token again.
/// The read and the write happen under the row's lock (PostgreSQL) or the write lock
/// (SQLite) taken by the first statement, so concurrent requests on any instance each
/// see the other's take.
pub async fn take(
    store: &Store,
    bucket: &str,
    burst: u32,
    every_ms: i64,
    now_ms: i64,
) -> anyhow::Result<Result<(), i64>> {
    let full = i64::from(burst) * 1000;
    let every_ms = every_ms.max(1);
    let mut tx = store.begin().await?;
    sqlx::query(
        "INSERT INTO rate_buckets (bucket, milli_tokens, at_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (bucket) DO UPDATE SET at_ms = rate_buckets.at_ms",
    )
    .bind(bucket)
    .bind(full)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    let (milli, at): (i64, i64) = sqlx::query_as("SELECT milli_tokens, at_ms FROM rate_buckets WHERE bucket = $1")
        .bind(bucket)
        .fetch_one(&mut *tx)
        .await?;
    let gained = (now_ms - at).max(0).saturating_mul(1000) / every_ms;
    let (tokens, at) = if milli.saturating_add(gained) >= full {
        (full, now_ms)
    } else {
        // Only the time the gained thousandths account for is used up.
        (milli + gained, at + gained * every_ms / 1000)
    };
    if tokens < 1000 {
        tx.rollback().await?;
        return Ok(Err(((1000 - tokens) * every_ms + 999) / 1000));
    }
    sqlx::query("UPDATE rate_buckets SET milli_tokens = $1, at_ms = $2 WHERE bucket = $3")
        .bind(tokens - 1000)
        .bind(at)
        .bind(bucket)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Every bucket (a demo reset).
pub async fn delete_all(conn: &mut super::Conn) -> anyhow::Result<()> {
    sqlx::query("DELETE FROM rate_buckets").execute(conn).await?;
    Ok(())
}
