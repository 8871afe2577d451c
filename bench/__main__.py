"""`make bench`: the public feed, a meeting's .ics, its page, its list of participants and its agenda
PDF at 100, 200, 1,000 and 10,000 meetings (bench-data), on SQLite and, when TEST_DATABASE_URL is
set, on PostgreSQL (in a database of its own, BENCH_DATABASE_NAME, default cica_bench, beside the
tests' one); then the largest data set served by gunicorn. One table, with issue 17's targets.

Tests never assert timings; this is where speed is measured. Each data set runs in a process of
its own (bench/dataset.py). Settings: BENCH_SIZES (e.g. "100,1000"), BENCH_REDIS_URL (a Redis
database of the benchmark's own, flushed before each data set: the app then gets it as
REDIS_URL; without it REDIS_URL is left out, and the app uses what it has without Redis).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlsplit, urlunsplit

import redis
from sqlalchemy import create_engine, text

from bench import report

SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "100,200,1000,10000").split(","))


def postgres_url() -> str | None:
    """The benchmark's own database on the tests' PostgreSQL server, made if missing, with a clean schema."""
    tests_url = os.environ.get("TEST_DATABASE_URL")
    if not tests_url:
        return None
    name = os.environ.get("BENCH_DATABASE_NAME", "cica_bench")
    parts = urlsplit(tests_url)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    admin = create_engine(tests_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


def clean(url: str) -> None:
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if redis_url:
        redis.Redis.from_url(redis_url).flushdb()


def child_env(files_dir: str) -> dict[str, str]:
    """The environment of a run: its own FILES_DIR, so that no stored PDF of an earlier run (the same
    seed makes the same HTML, so the same fingerprint) is served as if it had just been made."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "FLASK_CONFIG", "DATABASE_URL")}
    env["FILES_DIR"] = files_dir
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    return env


def run_dataset(url: str, meetings: int, serve: bool, tmp: str, log) -> dict:
    clean(url)
    out = os.path.join(tmp, f"result-{meetings}.json")
    command = [sys.executable, "-m", "bench.dataset", "--meetings", str(meetings), "--url", url, "--out", out]
    t0 = time.perf_counter()
    files_dir = os.path.join(tmp, f"files-{meetings}-{time.monotonic_ns()}")
    done = subprocess.run(command + (["--serve"] if serve else []), env=child_env(files_dir), stdout=log, stderr=log)
    if done.returncode:
        return {"meetings": meetings, "failed": f"exit {done.returncode}: see {log.name}"}
    with open(out, encoding="utf-8") as f:
        result = json.load(f)
    result["seconds"] = time.perf_counter() - t0
    return result


def main() -> int:
    started = time.perf_counter()
    backends = [("SQLite", None)]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append(("PostgreSQL", postgres_url()))
    with tempfile.TemporaryDirectory() as tmp:
        log_path = os.path.join(tempfile.gettempdir(), "cica-bench.log")
        with open(log_path, "w", encoding="utf-8") as log:
            for backend, url in backends:
                results = []
                for meetings in SIZES:
                    db_url = url or f"sqlite:///{tmp}/bench-{meetings}.sqlite3"
                    print(f"[{backend}] {meetings} meetings ...", file=sys.stderr, flush=True)
                    results.append(run_dataset(db_url, meetings, meetings == max(SIZES), tmp, log))
                print(report.table(backend, results))
            others = subprocess.run([sys.executable, "-m", "bench.others"], env=child_env(os.path.join(tmp, "files-others")),
                                    stdout=subprocess.PIPE,
                                    stderr=log, text=True)
            print(others.stdout if others.returncode == 0 else f"Other pages: failed (exit {others.returncode}): see {log_path}")
    print(f"make bench: {time.perf_counter() - started:.0f} s in all; the log of the runs is {log_path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
