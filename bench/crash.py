#!/usr/bin/env python3
"""Crash safety of enrollment: starts the release server, has learners enroll
from many threads, kills the server with SIGKILL mid-way, restarts it on the
same database and checks that every enrollment that got a success answer is
there and that no run holds more seats than its capacity.

    bench/crash.py DATABASE_URL     (run by bench/crash.sh for both backends)
"""
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from sql import run as sql  # noqa: E402

BINARY = "target/release/kurso"
LEARNERS = 40
RUNS = 10
CAPACITY = 30
THREADS = 16
KILL_AFTER = 150  # acknowledged enrollments before the kill


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(url: str, port: int, log) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, KURSO_ADDRESS=f"127.0.0.1:{port}",
               RUST_LOG="warn", KURSO_AUTH_ATTEMPTS_PER_IP_PER_MINUTE="100000")
    server = subprocess.Popen([BINARY, "serve"], env=env, stdout=log, stderr=log)
    for _ in range(1200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1)
            return server
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    raise SystemExit("the server did not come up")


def post(base: str, path: str, form: dict, cookie: str | None = None):
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(base + path, data=data, method="POST")
    request.add_header("Origin", base)
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        request.add_header("Cookie", f"kurso_session={cookie}")
    return urllib.request.urlopen(request, timeout=30)


def sign_up(base: str, n: int) -> str:
    response = post(base, "/api/accounts/register", {
        "name": f"Crash Learner {n}", "email": f"crash{n}@example.com",
        "password": f"mango jeepney {n} sunset harbour", "accept_terms": "yes"})
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        if name == "kurso_session":
            return rest.split(";")[0]
    raise SystemExit("no session cookie after sign-up")


def main(url: str) -> int:
    subprocess.run([BINARY, "seed-demo"], env=dict(os.environ, DATABASE_URL=url),
                   check=True, capture_output=True)
    runs = [int(row[0]) for row in sql(url, f"""
        SELECT r.id FROM course_runs r JOIN courses c ON c.id = r.course_id
        WHERE r.status = 'scheduled' AND c.is_published = TRUE
        ORDER BY r.starts_at DESC, r.id LIMIT {RUNS}""")]
    sql(url, f"UPDATE course_runs SET capacity = {CAPACITY}, seats_taken = 0 "
             f"WHERE id IN ({','.join(map(str, runs))})")

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.environ.get("CRASH_SERVER_LOG", os.devnull), "ab")
    server = start(url, port, log)
    cookies = {n: sign_up(base, n) for n in range(1, LEARNERS + 1)}

    tasks = [(n, run) for n in cookies for run in runs]
    random.shuffle(tasks)
    lock = threading.Lock()
    acknowledged: list[tuple[int, int]] = []
    unanswered: list[tuple[int, int]] = []
    killed = threading.Event()

    def worker():
        while True:
            with lock:
                if not tasks:
                    return
                n, run = tasks.pop()
            try:
                response = post(base, "/api/enrollment/enroll",
                                {"run_id": run, "waitlist": "yes"}, cookies[n])
                if response.status == 200:
                    with lock:
                        acknowledged.append((n, run))
                        if len(acknowledged) == KILL_AFTER and not killed.is_set():
                            killed.set()
                            server.send_signal(signal.SIGKILL)
            except (urllib.error.URLError, ConnectionError, OSError):
                with lock:
                    unanswered.append((n, run))
                if killed.is_set():
                    return

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.wait()
    if not killed.is_set():
        raise SystemExit("the load finished before the kill; raise the task count")

    server = start(url, port, log)  # the same database, after the crash
    live = {(int(row[0].removeprefix("crash").split("@")[0]), int(row[1])) for row in sql(url, """
        SELECT u.email, e.run_id FROM enrollments e JOIN users u ON u.id = e.user_id
        WHERE e.status IN ('confirmed', 'waitlisted', 'offered')""")}
    found = sum(1 for pair in acknowledged if pair in live)
    in_flight_committed = sum(1 for pair in unanswered if pair in live)
    broken = sql(url, f"""
        SELECT r.id FROM course_runs r WHERE r.id IN ({','.join(map(str, runs))}) AND (
            r.seats_taken > r.capacity
            OR r.seats_taken <> (SELECT COUNT(*) FROM enrollments e WHERE e.run_id = r.id
                                 AND e.status IN ('confirmed', 'offered'))
            OR (SELECT COUNT(*) FROM enrollments e WHERE e.run_id = r.id AND e.status = 'waitlisted')
               <> (SELECT COUNT(DISTINCT waitlist_seq) FROM enrollments e WHERE e.run_id = r.id
                   AND e.status = 'waitlisted'))""")
    # And it takes new enrollments (a learner who asked for nothing before).
    newcomer = sign_up(base, LEARNERS + 1)
    still_serving = post(base, "/api/enrollment/enroll",
                         {"run_id": runs[0], "waitlist": "yes"}, newcomer).status
    server.terminate()
    server.wait()
    print(json.dumps({
        "acknowledged": len(acknowledged), "found": found,
        "lost": len(acknowledged) - found,
        "unanswered_at_the_kill": len(unanswered),
        "unanswered_but_committed": in_flight_committed,
        "runs_breaking_the_capacity_invariant": len(broken),
        "after_restart_enroll_status": still_serving,
    }))
    return 0 if found == len(acknowledged) and not broken else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
