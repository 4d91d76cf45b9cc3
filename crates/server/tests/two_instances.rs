//! Two instances on one PostgreSQL (issue 17's acceptance): the real `server` binary
//! twice, in demo mode on loopback, on one fresh database, started at the same moment (so
//! they migrate and seed it together). A person logs in on one; several clients submit
//! demo applications alternating between the two — each with its own idempotency key,
//! retried with the same key on the other instance when the connection breaks, as a
//! phone behind a load balancer would — while a client keeps both workers busy and each
//! instance in turn is killed with SIGKILL mid-run and restarted. Afterwards, the crash
//! test's checks (tests/crash.rs):
//! - every application that was answered 受付済 still exists, under the id it was given,
//!   and either instance lists it;
//! - each key made exactly one application (retries across instances included);
//! - every application was processed once: one result notice and one history row per
//!   status, the notices the same read on either instance.
//!
//! PostgreSQL only (`TEST_DATABASE_URL`): `#[ignore]`d, so the SQLite pass leaves it out
//! and `cargo xtask test`'s PostgreSQL pass runs it (`--include-ignored`); run without the
//! URL, it fails. Bounded: 200 submissions, 4 kills, about fifteen seconds.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::process::{accepted_id, http, login, Server};

const SUBMISSIONS: u32 = 200;
const KILLS: u32 = 4;
const CLIENTS: u32 = 4;
const DEADLINE: Duration = Duration::from_secs(120);

#[test]
#[ignore = "PostgreSQL only: cargo xtask test runs it in the PostgreSQL pass"]
fn two_instances_process_each_application_once_through_kills() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let url = rt.block_on(common::postgres_url_required());
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html lang=\"ja\"><title>t</title></html>").unwrap();
    let data = [dir.path().join("data-a"), dir.path().join("data-b")];

    // Both at once: migrations and the demo seed must happen once between them.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| Server::start(&dist, &data[0], 0, Some(&url)));
        let b = s.spawn(|| Server::start(&dist, &data[1], 0, Some(&url)));
        (a.join().unwrap(), b.join().unwrap())
    });
    let ports = [a.port, b.port];
    let mut servers = [a, b];
    // Logged in on A; the session works on B.
    let cookie = login(ports[0], "taro");
    let session = http(ports[1], "GET", "/api/session", &[("Cookie", &cookie)], None).unwrap();
    assert_eq!(session.status, 200, "a session made on A is valid on B: {}", session.body);

    let answered = Arc::new(Mutex::new(BTreeMap::<u32, (String, u16)>::new()));
    let done = Arc::new(AtomicU32::new(0));
    let broken = Arc::new(AtomicU32::new(0)); // requests cut off by a kill, then retried elsewhere
    let stop = Arc::new(AtomicBool::new(false));

    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (answered, done, broken, cookie) = (answered.clone(), done.clone(), broken.clone(), cookie.clone());
        clients.push(std::thread::spawn(move || {
            for i in (c..SUBMISSIONS).step_by(CLIENTS as usize) {
                let key = format!("two-{i}");
                let body = format!(r#"{{"kind":"demo","document":"{{\"n\":{i}}}"}}"#);
                // Alternate instances; after a broken connection, the other one.
                let mut at = i as usize % 2;
                loop {
                    assert!(started.elapsed() < DEADLINE, "deadline passed while submitting {key}");
                    let headers = [("Cookie", cookie.as_str()), ("Idempotency-Key", key.as_str())];
                    match http(ports[at], "POST", "/api/applications", &headers, Some(&body)) {
                        Ok(r) => {
                            answered.lock().unwrap().insert(i, (accepted_id(&key, &r), r.status));
                            done.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        Err(_) => {
                            broken.fetch_add(1, Ordering::SeqCst);
                            at = 1 - at;
                            std::thread::sleep(Duration::from_millis(10));
                        }
                    }
                }
            }
        }));
    }
    // Keeps both workers' transactions in flight, so kills land in the middle of processing.
    let processor = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            let mut n = 0usize;
            while !stop.load(Ordering::SeqCst) {
                let _ = http(ports[n % 2], "POST", "/api/demo/process", &[], None);
                n += 1;
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };

    for k in 1..=KILLS {
        let threshold = SUBMISSIONS * k / (KILLS + 1);
        while done.load(Ordering::SeqCst) < threshold {
            assert!(started.elapsed() < DEADLINE, "deadline passed before kill {k}");
            std::thread::sleep(Duration::from_millis(2));
        }
        let victim = (k as usize - 1) % 2;
        servers[victim].kill();
        // Down for a moment: its clients move to the other instance meanwhile.
        std::thread::sleep(Duration::from_millis(100));
        servers[victim] = Server::start(&dist, &data[victim], ports[victim], Some(&url));
    }
    for c in clients {
        c.join().expect("a client failed");
    }
    stop.store(true, Ordering::SeqCst);
    processor.join().unwrap();

    // Whatever the last kill left is taken over by a worker (asked here on both).
    let mut n = 0usize;
    let list = loop {
        assert!(started.elapsed() < DEADLINE, "applications were not all processed in time");
        let processed = http(ports[n % 2], "POST", "/api/demo/process", &[], None).unwrap();
        assert_eq!(processed.status, 200, "{}", processed.body);
        let list = http(ports[n % 2], "GET", "/api/applications", &[("Cookie", &cookie)], None).unwrap();
        assert_eq!(list.status, 200);
        n += 1;
        if list.body.matches("\"status\":\"完了\"").count() == SUBMISSIONS as usize {
            break list.body;
        }
    };

    // Every answered application exists, under the id it was answered with, on both.
    let other = http(ports[n % 2], "GET", "/api/applications", &[("Cookie", &cookie)], None).unwrap();
    assert_eq!(other.body, list, "both instances list the same applications");
    let answered = answered.lock().unwrap().clone();
    assert_eq!(answered.len(), SUBMISSIONS as usize);
    for (i, (id, _)) in &answered {
        assert!(list.contains(&format!("\"id\":\"{id}\"")), "two-{i}: application {id} was lost");
    }
    let replays = answered.values().filter(|(_, s)| *s == 200).count();
    // The notices, read on either instance: one per application, the same on both.
    let notices_a = http(ports[0], "GET", "/api/notices", &[("Cookie", &cookie)], None).unwrap();
    let notices_b = http(ports[1], "GET", "/api/notices", &[("Cookie", &cookie)], None).unwrap();
    assert_eq!((notices_a.status, notices_b.status), (200, 200));
    assert_eq!(notices_a.body, notices_b.body, "both instances show the same notices");
    for s in &mut servers {
        s.kill();
    }

    // And straight from the database.
    let duplicates = rt.block_on(async {
        let store = server::store::Store::open(&server::store::DatabaseTarget::Url(url.clone())).await.unwrap();
        let pool = store.pool();
        let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap() };
        let seeded = server::demo::seed::people().len() as i64;
        assert_eq!(
            count("SELECT COUNT(*) FROM persons").await,
            seeded,
            "seeded once by two instances starting together"
        );
        assert_eq!(count("SELECT COUNT(*) FROM applications").await, SUBMISSIONS as i64, "one application per key");
        assert_eq!(count("SELECT COUNT(DISTINCT idempotency_key) FROM applications").await, SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(*) FROM applications WHERE status <> 'completed'").await, 0);
        let result_notices = count("SELECT COUNT(*) FROM notices WHERE application_id IS NOT NULL").await;
        assert_eq!(result_notices, SUBMISSIONS as i64, "exactly one result notice per application");
        assert_eq!(count("SELECT COUNT(DISTINCT application_id) FROM notices").await, SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(*) FROM application_events").await, 3 * SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(DISTINCT seq) FROM notices").await, count("SELECT COUNT(*) FROM notices").await);
        store.close().await;
        result_notices - SUBMISSIONS as i64
    });
    common::drop_database(&url);
    eprintln!(
        "two-instance test: {SUBMISSIONS} applications from {CLIENTS} clients alternating between 2 instances on one \
         PostgreSQL, {KILLS} SIGKILLs (each instance twice), {} requests cut off by the kills and retried on the other \
         instance, {replays} answered as replays, 0 lost, {duplicates} duplicates, {:.1} s",
        broken.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}
