"""The served side of `make bench`: gunicorn with the project's gunicorn.conf.py and 2 workers on
the data set's database; throughput of the public feed's 304 and warm 200 beside a static file of
the same bytes from the same server; the peak memory of its workers.

The load comes from wrk (Debian's `wrk`) when it is installed, else from a Python client of a few
processes (it shares the 2 cores with the server and is slower per request than wrk: its numbers
are lower bounds, and only the ratios between the rows are meant to be read). Only 127.0.0.1.
"""

import multiprocessing
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

from bench import changes
from config import BASE_DIR
from meetings.extensions import db

SECONDS = 5  # of load per row
CONNECTIONS = 8
STATIC_DIR = BASE_DIR / "static" / "_bench"  # ignored by git; removed after the run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch(threading.Thread):
    """The highest peak resident set (VmHWM) of any worker of ``master``, sampled until stopped
    (workers that gunicorn replaces after max_requests are seen while they live)."""

    def __init__(self, master: int) -> None:
        super().__init__(daemon=True)
        self.master, self.peak_kib, self.running = master, 0, True

    def run(self) -> None:
        while self.running:
            for pid in _children(self.master):
                self.peak_kib = max(self.peak_kib, _kib(pid, "VmHWM"))
            time.sleep(0.2)

    def current_kib(self) -> list[int]:
        return [_kib(pid, "VmRSS") for pid in _children(self.master)]


def _python_load(args: tuple[str, int, str, dict, float]) -> int:
    host, port, path, headers, seconds = args
    connection, done = HTTPConnection(host, port, timeout=10), 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status not in (200, 304):
            raise RuntimeError(f"{path}: {response.status}")
        if response.getheader("Connection", "").lower() == "close":
            connection.close()  # gunicorn's sync workers close after each answer: a new connection
        done += 1
    return done


def load(base: str, path: str, headers: dict) -> dict:
    """Requests per second over SECONDS, with CONNECTIONS at once."""
    wrk = shutil.which("wrk")
    if wrk:
        # A long timeout: a slow answer counts (late), not dropped as if it never came.
        command = [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "60s"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), "tool": "wrk",
                "errors": int(errors.group(1)) if errors else 0}
    host, port = base.removeprefix("http://").split(":")
    with multiprocessing.Pool(CONNECTIONS // 2) as pool:
        counts = pool.map(_python_load, [(host, int(port), path, headers, SECONDS)] * (CONNECTIONS // 2))
    return {"rps": sum(counts) / SECONDS, "tool": "python", "errors": 0}


def drained(base: str, measured: dict) -> dict:
    """``measured``, once the server has answered what the load left queued (the next row starts
    on idle workers): a few requests of nothing that each wait their turn."""
    for _ in range(CONNECTIONS):
        fetch(base, "/healthz")
    return measured


def start(url: str, port: int, errors) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in ("FLASK_CONFIG", "PROXY_HOPS")}
    env |= {"DATABASE_URL": url, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"}
    # Access lines to nowhere, errors to a file (a pipe nobody reads would stop the server when full).
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--no-control-socket",
                               "wsgi:app"], cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=errors)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                errors.seek(0)
                raise RuntimeError(errors.read().decode()) from None
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz")


def fetch(base: str, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(base + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # a 304 arrives as an "error"
        return error.code, dict(error.headers), b""


def run(app, url: str, large: int, small: int) -> dict:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as errors:
        return _serve(app, url, large, small, base, start(url, port, errors))


def _serve(app, url: str, large: int, small: int, base: str, server: subprocess.Popen) -> dict:
    watch = MemoryWatch(server.pid)
    watch.start()
    result: dict = {}
    try:
        # Four large feed builds (English and Russian, before and after a change), the large
        # meeting's .ics and its agenda PDF, each asked of both workers: then the memory they keep.
        for n in (1, 2):
            for _ in range(2):
                for path in ("/calendar.ics", "/calendar.ics?lang=ru", f"/meetings/{large}.ics",
                             f"/meetings/{large}/agenda"):
                    fetch(base, path)
            with app.app_context():
                changes.retitle_meeting(small, 100 + n)
                db.session.remove()
        result["rss_after_builds_mib"] = [kib / 1024 for kib in watch.current_kib()]
        status, headers, body = fetch(base, "/calendar.ics", {"Accept-Encoding": "identity"})
        STATIC_DIR.mkdir(exist_ok=True)
        (STATIC_DIR / "feed.ics").write_bytes(body)
        static = "/static/_bench/feed.ics"
        static_status, _h, static_body = fetch(base, static, {"Accept-Encoding": "identity"})
        result["static_same_bytes"] = static_status == 200 and static_body == body
        validators = {name: headers[header] for name, header in
                      (("If-None-Match", "ETag"), ("If-Modified-Since", "Last-Modified")) if header in headers}
        for _ in range(4):  # both workers warm
            fetch(base, "/calendar.ics")
        result["static"] = drained(base, load(base, static, {}))
        result["feed_304"] = drained(base, load(base, "/calendar.ics", validators)) if validators else None
        result["feed_warm"] = drained(base, load(base, "/calendar.ics", {}))
        result["feed_304_status"] = fetch(base, "/calendar.ics", validators)[0] if validators else None
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        watch.running = False
        watch.join()
        shutil.rmtree(STATIC_DIR, ignore_errors=True)
    result["peak_rss_mib"] = watch.peak_kib / 1024
    return result
