//! RSA-2048 key generation for the CA and the virtual cards, off the async threads.
//!
//! Generation takes ~0.1–0.5 s per key even with `rsa`/`num-bigint-dig` optimised in dev
//! builds, so nothing generates keys eagerly on the request path: the CA and each card are
//! made on first need (and, for the demo binary, in the background right after start).
//!
//! Test binaries start dozens of apps, each with its own database; [`reuse_in_process`]
//! lets them share one key per label (e.g. `ca`, `taro/auth`) for the whole process
//! instead of generating new ones for every app. The server binary never calls it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::Context;
use rand_core::OsRng;

static REUSE: AtomicBool = AtomicBool::new(false);
/// One cell per label; a cell is filled once by whichever caller gets there first.
type Memo = Mutex<HashMap<String, Arc<OnceLock<Vec<u8>>>>>;
static MEMO: OnceLock<Memo> = OnceLock::new();

/// For test binaries: keys with the same label are generated once per process.
pub fn reuse_in_process() {
    REUSE.store(true, Ordering::SeqCst);
}

/// A fresh RSA-2048 key (PKCS#8 DER) for `label`, generated on the blocking pool.
pub async fn generate(label: &str) -> anyhow::Result<Vec<u8>> {
    let label = label.to_string();
    tokio::task::spawn_blocking(move || {
        if !REUSE.load(Ordering::SeqCst) {
            return jpki::sim::generate_key_pkcs8(&mut OsRng);
        }
        let cell = {
            let mut memo = MEMO.get_or_init(Default::default).lock().expect("key memo lock");
            memo.entry(label).or_default().clone()
        };
        // Concurrent callers for the same label wait for the one generating it.
        cell.get_or_init(|| jpki::sim::generate_key_pkcs8(&mut OsRng)).clone()
    })
    .await
    .context("key generation task")
}
