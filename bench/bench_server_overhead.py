"""What gunicorn adds to a request's CPU, and what a new worker costs (issue 18).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/bench_server_overhead.py [--rounds 4] [--repeat 10]

bench/bench_request_cost.py calls the WSGI application in process; bench/bench_load.py measures
gunicorn's workers under Locust, and found them using ~35 % more CPU per request. This bench
measures what lies between the two without a load generator: it starts gunicorn as
`terbalik serve --production` does (terbalik/gunicorn_conf.py) with one worker and, page by
page of the load mix, calls the page `--repeat` times in this process and then as often over
loopback HTTP (one keep-alive connection, one request at a time), `--rounds` times. CPU is read
from /proc/<pid>/task/*/schedstat (nanoseconds) for this process and for the worker. The
difference is gunicorn's own share: reading and parsing HTTP, building the environ, writing the
response, the gthread worker's hand-offs between its threads, the metrics files.

It also prints the CPU a new worker spends before it has answered one request: loading Django,
then (post_worker_init) the URLconf with every view. That is what each `max_requests`
recycling costs.

Measured on the 2-core machine while others worked on it: gunicorn's share 0.6-0.8 ms of
11-14 ms per request of the mix; a new worker ~2.4 s of CPU (so 1.1 ms of every request when
workers were recycled every 2000 requests). The rest of bench_load's gap is not in gunicorn:
5 processes busy at once on 2 cores each use ~30 % more CPU for the same page than one alone
(caches and context switches shared), which this sequential bench leaves out on purpose.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

from bench_request_cost import Caller, Page, prepare  # bench/bench_request_cost.py
from company import setup_django, start_gunicorn  # bench/company.py


def cpu_ns(pid: int) -> int:
    """CPU nanoseconds used so far by every thread of a process."""
    total = 0
    for stat in Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            total += int(stat.read_text().split()[0])
        except (OSError, ValueError, IndexError):  # a thread that just ended
            continue
    return total


class HttpCaller:
    """The same request as Caller builds, over one keep-alive HTTP connection."""

    def __init__(self, port: int, cookies: dict[str, dict[str, str]]) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port)
        self.cookies = cookies

    def __call__(self, page: Page) -> int:
        body = urlencode(page.data()).encode() if page.data else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies[page.who].items()),
                   "User-Agent": "bench_server_overhead", "Accept": "text/html",
                   "Accept-Language": "en"}
        if body:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(page.method, page.path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    setup_django()
    from terbalik import gunicorn_conf

    pages, cookies = prepare()
    mix = [p for p in pages if p.weight]
    caller = Caller(cookies)
    gunicorn_conf.post_worker_init(None)  # the worker's garbage collector settings, here too
    # one worker, never recycled, that keeps the connection while this process takes its turn
    os.environ.update(WEB_CONCURRENCY="1", GUNICORN_MAX_REQUESTS="0", GUNICORN_KEEPALIVE="300")
    server = start_gunicorn(args.port)  # returns once the worker has answered /login/
    try:
        import psutil  # Locust depends on it

        (worker,) = psutil.Process(server.pid).children()
        print(f"a new worker: {cpu_ns(worker.pid) / 1e6:.0f} ms of CPU to load and answer its "
              f"first request (arbiter {cpu_ns(server.pid) / 1e6:.0f} ms)")
        http = HttpCaller(args.port, cookies)
        for page in mix:  # warm-up: templates, prepared statements, both connections
            for _ in range(5):
                caller(page)
                http(page)
        inproc = dict.fromkeys((p.name for p in mix), 0)
        served = dict(inproc)
        me = os.getpid()
        for _ in range(args.rounds):  # interleaved: a burst of load elsewhere hits both alike
            for page in mix:
                start = cpu_ns(me)
                for _ in range(args.repeat):
                    caller(page)
                inproc[page.name] += cpu_ns(me) - start
                start = cpu_ns(worker.pid)
                for _ in range(args.repeat):
                    status = http(page)
                served[page.name] += cpu_ns(worker.pid) - start
                if status != page.status:
                    sys.exit(f"{page.name}: status {status}, expected {page.status}")
    finally:
        server.terminate()
        server.wait()
    per = 1e6 * args.rounds * args.repeat
    share = sum(p.weight for p in mix)
    print(f"CPU ms per request ({args.rounds * args.repeat} of each page, mean; load average "
          f"{os.getloadavg()[0]:.1f})")
    print(f"{'page':22s} {'weight':>6s} {'in process':>10s} {'gunicorn':>8s} {'added':>6s}")
    for page in mix:
        a, g = inproc[page.name] / per, served[page.name] / per
        print(f"{page.name:22s} {page.weight:6.3f} {a:10.2f} {g:8.2f} {g - a:6.2f}")
    a = sum(p.weight * inproc[p.name] for p in mix) / share / per
    g = sum(p.weight * served[p.name] for p in mix) / share / per
    print(f"{'load mix':22s} {'':6s} {a:10.2f} {g:8.2f} {g - a:6.2f}")


if __name__ == "__main__":
    main()
