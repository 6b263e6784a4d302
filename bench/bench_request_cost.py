"""CPU cost per request of the load mix, without a network or a load generator (issue 18).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/bench_request_cost.py [--runs 200] [--profile PAGE] [--top 30]

Wall-clock load tests are unreliable on a shared machine; CPU time is not (much). This bench
builds the scaled demo company when missing (bench/company.py), signs in as participants and
as the HR manager (sessions made like a password sign-in leaves them), and calls the Django
WSGI application directly — the exact middleware stack gunicorn runs, with production
settings — for each page of bench/locustfile.py's mix, `--runs` times after a warm-up. For
every page it prints:

* CPU ms per request in this process (`time.process_time`),
* CPU ms per request in the PostgreSQL server process serving this connection (read from
  /proc; 0 when PostgreSQL runs elsewhere), and their sum,
* the number of SQL queries, and the response status.

The load mix weights the pages as bench/locustfile.py does (participants 9 : HR 1) and gives
CPU ms per request of the mix; at 2 cores, 150 requests/s leave 13.3 ms of CPU per request for
everything (gunicorn, Django, PostgreSQL and, on this machine, Locust itself), so the target is
BUDGET_MS of application + database CPU per request. The baseline in the same run is the
cheapest answer the stack can give (`/healthz`, answered by the first middleware without the
database): the ratio says how many "empty requests" each page costs, a figure that carries
over to other machines.

`--profile PAGE` (a name from the table, or "mix") prints cProfile's top functions for it.
Exits 1 when the mix costs more than BUDGET_MS or a page answers with an unexpected status.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from company import (  # bench/company.py
    HR_EMAIL,
    PASSWORD,
    PROGRAM,
    analyze,
    build,
    ensure_hr_totp,
    sessions_for,
    setup_django,
)
from targets import finish

#: application + database CPU per request of the load mix (13.3 ms for everything at 150/s on
#: 2 cores, minus gunicorn's HTTP handling and the load generator on the same machine)
BUDGET_MS = 10.0
CLK = os.sysconf("SC_CLK_TCK")


@dataclass
class Page:
    name: str
    weight: float  # share of the load mix (bench/locustfile.py)
    method: str
    path: str
    who: str  # "participant" | "hr" | "anonymous"
    status: int = 200
    data: Callable[[], dict[str, str]] | None = None
    cpu: list[float] = field(default_factory=list)
    db_cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)


class Caller:
    """Calls the WSGI application in process, like gunicorn would, and counts queries."""

    def __init__(self, cookies: dict[str, dict[str, str]]) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.app = WSGIHandler()
        self.cookies = cookies
        self.queries = 0
        self.sql: list[str] | None = None  # the statements, when asked for

    def count(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries += 1
        if self.sql is not None:
            self.sql.append(sql % tuple(repr(p) for p in params) if params else sql)
        return execute(sql, params, many, context)

    def __call__(self, page: Page) -> tuple[int, int]:
        from django.db import connection

        body = urlencode(page.data()).encode() if page.data else b""
        environ = {
            "REQUEST_METHOD": page.method,
            "PATH_INFO": page.path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8765",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8765",
            "HTTP_USER_AGENT": "bench_request_cost",
            "HTTP_ACCEPT": "text/html",
            "HTTP_ACCEPT_LANGUAGE": "en",
            "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in self.cookies[page.who].items()),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if body:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        status: list[str] = []
        self.queries = 0
        with connection.execute_wrapper(self.count):
            response = self.app(environ, lambda s, headers, exc_info=None: status.append(s))
            for _chunk in response:
                pass
            response.close()  # request_finished: what gunicorn does after sending
        return int(status[0].split()[0]), self.queries


def backend_cpu() -> Callable[[], float]:
    """Seconds of CPU the PostgreSQL process of Django's connection has used (0 when remote).
    The connection is reopened now and then (CONN_MAX_AGE): the new process's counter then
    starts again, so the caller's difference is discarded (NaN) for that request."""
    from django.db import connection

    seen: dict[str, Any] = {"raw": None, "stat": None}

    def read() -> float:
        raw = connection.connection
        if raw is None or raw is not seen["raw"]:
            connection.ensure_connection()
            seen["raw"] = connection.connection
            seen["stat"] = Path(f"/proc/{seen['raw'].info.backend_pid}/stat")
            return float("nan")
        try:
            fields = seen["stat"].read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / CLK

    return read


def prepare() -> tuple[list[Page], dict[str, dict[str, str]]]:
    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    from terbalik.accounts.models import User
    from terbalik.pairs.models import Meeting, Pair

    if Pair.objects.filter(program__name=PROGRAM).count() < 2000:
        build(employees=5000, pairs=2000)
    analyze()  # cheap; a database built before statistics existed gets them
    ensure_hr_totp()
    pair = (Pair.objects.filter(program__name=PROGRAM).select_related("mentee__user")
            .order_by("pk")[1000])
    meeting = Meeting.objects.filter(pair=pair).order_by("starts_at").first()
    participant = pair.mentee.user.email
    hr = User.objects.get(email=HR_EMAIL)
    sessions = sessions_for([participant, HR_EMAIL])
    secret = _get_new_csrf_string()
    cookies = {
        who: {settings.SESSION_COOKIE_NAME: sessions[email], settings.CSRF_COOKIE_NAME: secret}
        for who, email in (("participant", participant), ("hr", hr.email))
    }
    cookies["anonymous"] = {settings.CSRF_COOKIE_NAME: secret}
    checkin = f"/pairs/{pair.pk}/meetings/{meeting.pk}/checkin/"

    def post() -> dict[str, str]:
        return {"csrfmiddlewaretoken": _mask_cipher_secret(secret), "answer": "held",
                "rating": "4"}

    def sign_in() -> dict[str, str]:
        return {"csrfmiddlewaretoken": _mask_cipher_secret(secret), "login": participant,
                "password": PASSWORD}

    program = pair.program_id
    # Weights: tasks per user class in bench/locustfile.py, participants 9 : HR 1.
    pages = [
        Page("baseline /healthz", 0, "GET", "/healthz", "anonymous"),
        Page("participant home", 0.9 * 3 / 10, "GET", "/", "participant"),
        Page("my pairs", 0.9 * 2 / 10, "GET", "/pairs/", "participant"),
        Page("pair page", 0.9 * 4 / 10, "GET", f"/pairs/{pair.pk}/", "participant"),
        Page("check-in form", 0.9 * 1 / 10, "GET", checkin, "participant"),
        Page("check-in post", 0.9 * 1 / 10, "POST", checkin, "participant", 302, post),
        Page("HR home", 0.1 * 2 / 5, "GET", "/", "hr"),
        Page("HR dashboard", 0.1 * 1 / 5, "GET", f"/reports/programs/{program}/", "hr"),
        Page("HR pair list", 0.1 * 2 / 5, "GET", f"/pairs/program/{program}/", "hr"),
        Page("sign-in page", 0, "GET", "/login/", "anonymous"),
        Page("sign-in post", 0, "POST", "/login/", "anonymous", 302, sign_in),
    ]
    return pages, cookies


def measure(pages: list[Page], caller: Caller, runs: int, db_cpu: Callable[[], float]) -> None:
    for page in pages:  # warm-up: template cache, translations, connection
        for _ in range(5):
            caller(page)
    for _ in range(runs):  # interleaved, so a burst of load elsewhere hits every page alike
        for page in pages:
            db0, cpu0, wall0 = db_cpu(), time.process_time(), time.perf_counter()
            status, queries = caller(page)
            page.cpu.append(time.process_time() - cpu0)
            page.wall.append(time.perf_counter() - wall0)
            page.db_cpu.append(db_cpu() - db0)
            page.queries.append(queries)
            page.statuses.add(status)


def med(values: list[float]) -> float:
    """Median in ms: what a request costs when nothing else on the machine gets in its way
    (other processes inflate some samples' CPU time through caches and shared cores)."""
    return 1000 * statistics.median(values)


def ms(values: list[float]) -> float:
    kept = [v for v in values if v == v]  # NaN: the database connection changed meanwhile
    return 1000 * statistics.fmean(kept) if kept else 0.0


def profile(pages: list[Page], caller: Caller, name: str, runs: int, top: int) -> None:
    chosen = [p for p in pages if p.weight] if name == "mix" else [
        p for p in pages if p.name == name]
    if not chosen:
        sys.exit(f"--profile: no page named {name!r}; one of: mix, "
                 + ", ".join(p.name for p in pages))
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting on the database
    for _ in range(runs):
        for page in chosen:
            profiler.enable()
            caller(page)
            profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    by_area: dict[str, float] = {}
    for (filename, _line, _func), row in stats.stats.items():  # type: ignore[attr-defined]
        by_area[area(filename)] = by_area.get(area(filename), 0.0) + row[2]
    total = sum(by_area.values())
    print(f"own time by area, ms per request ({len(chosen)} page(s) x {runs} runs, "
          "under the profiler):")
    for name, seconds in sorted(by_area.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {name:40s} {1000 * seconds / runs / len(chosen):7.2f}  "
              f"{100 * seconds / total:5.1f} %")
    stats.strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def area(filename: str) -> str:
    """Where a function lives, coarsely: django/db/models, terbalik/pairs, psycopg, ..."""
    parts = Path(filename).parts
    for anchor, depth in (("site-packages", 3), ("src", 3)):
        if anchor in parts:
            rest = parts[parts.index(anchor) + 1:]
            return "/".join(rest[: min(depth, len(rest) - 1)] or rest)
    return "python" if filename.startswith(("<", "~")) else "stdlib/" + Path(filename).stem


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--profile", default="", help='page name, or "mix"')
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", default="", help="page name: print its SQL statements")
    parser.add_argument("--only", default="", help="comma-separated page names to measure "
                        "(the baseline is always measured; no verdict on the mix)")
    args = parser.parse_args()
    setup_django()
    pages, cookies = prepare()
    caller = Caller(cookies)
    if args.sql:
        page = next((p for p in pages if p.name == args.sql), None)
        if page is None:
            sys.exit(f"--sql: no page named {args.sql!r}")
        caller(page)
        caller.sql = []
        print(caller(page))
        print("\n\n".join(caller.sql))
        return
    if args.profile:
        for page in pages:
            caller(page)
        profile(pages, caller, args.profile, args.runs, args.top)
        return
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        pages = [p for p in pages if p.name in wanted or p is pages[0]]
    measure(pages, caller, args.runs, backend_cpu())
    base = pages[0]
    base_cpu = med(base.cpu)
    print(f"CPU per request of {args.runs} runs: app = this process (median), db = its "
          "PostgreSQL backend (mean: the kernel counts in 10 ms ticks); baseline = /healthz")
    print(f"{'page':22s} {'weight':>6s} {'app ms':>7s} {'db ms':>6s} {'total':>6s} "
          f"{'x base':>7s} {'wall ms':>8s} {'queries':>7s} status")
    missed: list[str] = []
    for page in pages:
        total = med(page.cpu) + ms(page.db_cpu)
        queries = "/".join(str(q) for q in sorted(set(page.queries)))
        print(f"{page.name:22s} {page.weight:6.3f} {med(page.cpu):7.2f} {ms(page.db_cpu):6.2f} "
              f"{total:6.2f} {med(page.cpu) / base_cpu:7.1f} {med(page.wall):8.2f} "
              f"{queries:>7s} {','.join(map(str, sorted(page.statuses)))}")
        if page.statuses != {page.status}:
            missed.append(f"{page.name}: status {sorted(page.statuses)}, expected {page.status}")
    weighted = [p for p in pages if p.weight]
    if args.only:
        finish(missed)
    share = sum(p.weight for p in weighted)
    app = sum(p.weight * med(p.cpu) for p in weighted) / share
    db = sum(p.weight * ms(p.db_cpu) for p in weighted) / share
    queries = sum(p.weight * statistics.fmean(p.queries) for p in weighted) / share
    print(f"\nload mix: app {app:.2f} ms + db {db:.2f} ms = {app + db:.2f} ms CPU per request "
          f"({(app + db) / base_cpu:.0f}x the baseline), {queries:.1f} queries per request; "
          f"target <= {BUDGET_MS:.1f} ms (ratio {(app + db) / BUDGET_MS:.2f})")
    print(f"at that cost 2 cores serve at most {2000 / (app + db):.0f} requests/s "
          "(before gunicorn and the load generator)")
    if app + db > BUDGET_MS:
        missed.append(f"load mix costs {app + db:.2f} ms CPU per request > {BUDGET_MS} ms")
    finish(missed)


if __name__ == "__main__":
    main()
