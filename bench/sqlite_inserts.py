"""The bare SQLite baseline of `cargo xtask bench`: one INSERT per committed transaction
(WAL, synchronous=FULL, as the server's store), rows shaped like an application, for a
fixed time, in a fresh database file in DIR (the same disk as the server's data).

    python3 bench/sqlite_inserts.py DIR SECONDS   ->  one JSON line on stdout
"""
import json
import os
import sqlite3
import sys
import time

directory, seconds = sys.argv[1], float(sys.argv[2])
os.makedirs(directory, exist_ok=True)
path = os.path.join(directory, "baseline.sqlite")
for suffix in ("", "-wal", "-shm"):
    try:
        os.remove(path + suffix)
    except FileNotFoundError:
        pass
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute(
    "CREATE TABLE applications (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, person_id TEXT NOT NULL,"
    " kind TEXT NOT NULL, document TEXT NOT NULL, idempotency_key TEXT NOT NULL, status TEXT NOT NULL,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (person_id, idempotency_key))"
)
n = 0
start = time.perf_counter()
deadline = start + seconds
while time.perf_counter() < deadline:
    n += 1
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    db.execute(
        "INSERT INTO applications VALUES (?, ?, 'taro', 'demo', '{\"bench\":true}', ?, 'accepted', ?, ?)",
        (os.urandom(16).hex(), n, "bench-%d" % n, now, now),
    )
elapsed = time.perf_counter() - start
db.close()
print(json.dumps({
    "inserts": n,
    "seconds": round(elapsed, 3),
    "per_sec": round(n / elapsed, 1),
    "sqlite_version": sqlite3.sqlite_version,
    "synchronous": "FULL",
    "journal_mode": "WAL",
}))
