//! Crash test (issue 5's acceptance): the real `server` binary, in demo mode on loopback,
//! takes demo applications from several clients at once — each with its own idempotency
//! key, retried with the same key when the connection breaks, as a phone would — while a
//! client keeps the worker busy and the server is killed with SIGKILL and restarted
//! several times. Afterwards:
//! - every application that was answered 受付済 still exists, under the id it was given;
//! - each key made exactly one application (retries across a crash included);
//! - every application was processed, with exactly one result notice and one history
//!   row per status.
//!
//! Each kill is shown to have interrupted something, not assumed to: it is made while a
//! submission is in flight, and counts only when, afterwards, a request of that moment was
//! cut off without its answer and the dead server's database holds work it left undone
//! (applications 受付済 or 処理中, read before the restart finishes them). Kills go on
//! until [`KILLS`] of them count and one of them landed in the middle of processing (an
//! application left 処理中: a power cut, not a graceful stop), at most [`MAX_KILLS`].
//!
//! Bounded: 200 submissions, 5 counted kills, 127.0.0.1 only, about ten seconds.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::process::{accepted_id, http, login, Server};

/// The requests of one stretch between kills (an epoch): how many are still open, and how
/// many ended without their answer though the connection had been made (cut off).
#[derive(Default, Clone, Copy, Debug)]
struct Epoch {
    open: u32,
    cut: u32,
}

/// Per epoch, and the current one (the index of the last).
#[derive(Default)]
struct Flight(Mutex<Vec<Epoch>>);

impl Flight {
    fn begin(&self) -> usize {
        let mut e = self.0.lock().unwrap();
        let now = e.len() - 1;
        e[now].open += 1;
        now
    }
    fn end(&self, epoch: usize, cut: bool) {
        let mut e = self.0.lock().unwrap();
        e[epoch].open -= 1;
        e[epoch].cut += u32::from(cut);
    }
    fn current(&self) -> Epoch {
        *self.0.lock().unwrap().last().unwrap()
    }
    /// A new epoch; the one that ended.
    fn next(&self) -> usize {
        let mut e = self.0.lock().unwrap();
        e.push(Epoch::default());
        e.len() - 2
    }
    fn get(&self, epoch: usize) -> Epoch {
        self.0.lock().unwrap()[epoch]
    }
}

/// Applications by status, read from the database while no server runs.
fn statuses(rt: &tokio::runtime::Runtime, target: &server::store::DatabaseTarget) -> BTreeMap<String, i64> {
    rt.block_on(async {
        let store = server::store::Store::open(target).await.unwrap();
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, COUNT(*) FROM applications GROUP BY status")
            .fetch_all(store.pool())
            .await
            .unwrap();
        store.close().await;
        rows.into_iter().collect()
    })
}

const SUBMISSIONS: u32 = 200;
const KILLS: u32 = 5;
const MAX_KILLS: u32 = 20;
const CLIENTS: u32 = 4;
const DEADLINE: Duration = Duration::from_secs(90);

#[test]
fn applications_survive_sigkill_and_each_result_has_one_notice() {
    let started = Instant::now();
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!DOCTYPE html><html lang=\"ja\"><title>t</title></html>").unwrap();
    let data = dir.path().join("data");
    // On PostgreSQL (`TEST_DATABASE_URL`) a fresh database of its own.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let database_url = rt.block_on(common::fresh_database_url());
    let url = database_url.as_deref();

    let mut server = Server::start(&dist, &data, 0, url);
    let port = server.port;
    let cookie = login(port, "taro");

    let target = match &database_url {
        Some(u) => server::store::DatabaseTarget::Url(u.clone()),
        None => server::store::DatabaseTarget::File(data.join("demo.sqlite3")),
    };

    let answered = Arc::new(Mutex::new(BTreeMap::<u32, (String, u16)>::new()));
    let done = Arc::new(AtomicU32::new(0));
    let broken = Arc::new(AtomicU32::new(0)); // requests refused or cut off by a kill, then retried
    let flight = Arc::new(Flight(Mutex::new(vec![Epoch::default()])));
    let stop = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicU32::new(0));

    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (answered, done, broken, cookie) = (answered.clone(), done.clone(), broken.clone(), cookie.clone());
        let (flight, finished) = (flight.clone(), finished.clone());
        clients.push(std::thread::spawn(move || {
            for i in (c..SUBMISSIONS).step_by(CLIENTS as usize) {
                let key = format!("crash-{i}");
                let body = format!(r#"{{"kind":"demo","document":"{{\"n\":{i}}}"}}"#);
                loop {
                    assert!(started.elapsed() < DEADLINE, "deadline passed while submitting {key}");
                    let headers = [("Cookie", cookie.as_str()), ("Idempotency-Key", key.as_str())];
                    let epoch = flight.begin();
                    let answer = http(port, "POST", "/api/applications", &headers, Some(&body));
                    let cut = matches!(&answer, Err(e) if e.kind() != std::io::ErrorKind::ConnectionRefused);
                    flight.end(epoch, cut);
                    match answer {
                        Ok(r) => {
                            answered.lock().unwrap().insert(i, (accepted_id(&key, &r), r.status));
                            done.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        Err(_) => {
                            broken.fetch_add(1, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(20));
                        }
                    }
                }
            }
            finished.fetch_add(1, Ordering::SeqCst);
        }));
    }
    // Keeps worker transactions in flight, so kills also land in the middle of processing.
    let processor = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let _ = http(port, "POST", "/api/demo/process", &[], None);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };

    // (cut off, applications left 受付済, left 処理中) for each kill that counted.
    let mut counted: Vec<(u32, i64, i64)> = Vec::new();
    let mut kills = 0;
    while counted.len() < KILLS as usize || !counted.iter().any(|c| c.2 > 0) {
        let threshold = SUBMISSIONS * (counted.len() as u32 + 1).min(KILLS) / (KILLS + 1);
        // Enough done since the last kill, and a submission in flight right now.
        while done.load(Ordering::SeqCst) < threshold || flight.current().open == 0 {
            assert!(started.elapsed() < DEADLINE, "deadline passed before kill {}", kills + 1);
            assert!(finished.load(Ordering::SeqCst) < CLIENTS, "the clients finished after {counted:?} counted kills");
            std::thread::sleep(Duration::from_millis(1));
        }
        server.kill();
        kills += 1;
        let epoch = flight.next();
        // Every request of that moment has ended (a cut connection fails at once).
        while flight.get(epoch).open > 0 {
            assert!(started.elapsed() < DEADLINE, "requests of kill {kills} never ended");
            std::thread::sleep(Duration::from_millis(1));
        }
        let left = statuses(&rt, &target);
        let (accepted, processing) =
            (left.get("accepted").copied().unwrap_or(0), left.get("processing").copied().unwrap_or(0));
        let cut = flight.get(epoch).cut;
        if cut > 0 && accepted + processing > 0 {
            counted.push((cut, accepted, processing));
        }
        let enough = counted.len() >= KILLS as usize && counted.iter().any(|c| c.2 > 0);
        assert!(
            enough || kills < MAX_KILLS,
            "{kills} kills, and only these interrupted anything (cut off, left 受付済, left 処理中): {counted:?}"
        );
        server = Server::start(&dist, &data, port, url);
    }
    for c in clients {
        c.join().expect("a client failed");
    }
    stop.store(true, Ordering::SeqCst);
    processor.join().unwrap();

    // Let the worker finish what the last crash left.
    let list = loop {
        assert!(started.elapsed() < DEADLINE, "applications were not all processed in time");
        let processed = http(port, "POST", "/api/demo/process", &[], None).unwrap();
        assert_eq!(processed.status, 200, "{}", processed.body);
        let list = http(port, "GET", "/api/applications", &[("Cookie", &cookie)], None).unwrap();
        assert_eq!(list.status, 200);
        if list.body.matches("\"status\":\"完了\"").count() == SUBMISSIONS as usize {
            break list.body;
        }
    };

    // Every answered application exists, under the id it was answered with.
    let answered = answered.lock().unwrap().clone();
    assert_eq!(answered.len(), SUBMISSIONS as usize);
    for (i, (id, _)) in &answered {
        assert!(list.contains(&format!("\"id\":\"{id}\"")), "crash-{i}: application {id} was lost");
    }
    let replays = answered.values().filter(|(_, s)| *s == 200).count();
    server.kill();

    // And straight from the database.
    rt.block_on(async {
        let store = server::store::Store::open(&target).await.unwrap();
        let pool = store.pool();
        let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap() };
        if database_url.is_none() {
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(pool).await.unwrap();
            assert_eq!(integrity, "ok");
        }
        assert_eq!(count("SELECT COUNT(*) FROM applications").await, SUBMISSIONS as i64, "one application per key");
        assert_eq!(count("SELECT COUNT(DISTINCT idempotency_key) FROM applications").await, SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(*) FROM applications WHERE status <> 'completed'").await, 0);
        assert_eq!(
            count("SELECT COUNT(*) FROM notices WHERE application_id IS NOT NULL").await,
            SUBMISSIONS as i64,
            "exactly one result notice per application"
        );
        assert_eq!(count("SELECT COUNT(DISTINCT application_id) FROM notices").await, SUBMISSIONS as i64);
        assert_eq!(count("SELECT COUNT(*) FROM application_events").await, 3 * SUBMISSIONS as i64);
        store.close().await;
    });
    if let Some(u) = &database_url {
        common::drop_database(u);
    }
    // The figures: every counted kill cut off a request and left work undone.
    let cut: u32 = counted.iter().map(|c| c.0).sum();
    let left: i64 = counted.iter().map(|c| c.1 + c.2).sum();
    let mid_processing = counted.iter().filter(|c| c.2 > 0).count();
    assert!(counted.len() >= KILLS as usize && mid_processing >= 1, "{counted:?}");
    assert!(cut >= KILLS && left >= i64::from(KILLS), "{counted:?}");
    eprintln!(
        "crash test: {SUBMISSIONS} submissions from {CLIENTS} clients, {kills} SIGKILLs ({} counted: {cut} requests \
         cut off, {left} applications left 受付済/処理中, {mid_processing} kills mid-processing), {} attempts refused or \
         cut off and retried, {replays} answered as replays, 0 lost, 0 duplicate notices, {:.1} s",
        counted.len(),
        broken.load(Ordering::SeqCst),
        started.elapsed().as_secs_f64()
    );
}
