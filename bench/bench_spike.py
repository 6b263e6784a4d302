"""Launch-day spike: `--applications` people apply within `--seconds` to one open program with
`--places` places, through gunicorn on PostgreSQL (issue 18).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/bench_spike.py [--applications 2000] [--places 100] \\
        [--seconds 300] [--clients 50]

Each applicant (an already signed-in bench employee) opens the apply form and posts it at a
random moment within `--seconds`, from `--clients` concurrent HTTP clients. Targets: exactly
`--places` places taken, everyone else waitlisted, no 5xx and no failed request; the p95 of the
POST is printed. Exits 1 on a miss. Never part of the test suite.
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from company import build, sessions_for, setup_django, start_gunicorn  # bench/company.py
from targets import finish

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--places", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    from terbalik.programs.models import EnrollmentMode, EnrollmentStatus, Program, Status

    data = build(employees=args.applications + 1000, pairs=0)
    emails = data["others"][: args.applications]
    program = Program.objects.get(pk=data["program"].pk)
    program.pk = program.id = None
    program.name = "Spike program"
    Program.objects.filter(name=program.name).delete()
    program.status, program.enrollment_mode = Status.RECRUITING, EnrollmentMode.OPEN
    program.mentee_places, program.mentor_places = args.places, None
    program.manager_approval, program.min_tenure_months = False, 0
    program.mentee_grade_min = program.mentee_grade_max = None
    program.mentor_grade_min = program.mentor_grade_max = None
    program.departments_included, program.departments_excluded = [], []
    program.save()
    cookies = sessions_for(emails)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = start_gunicorn(port)
    url = f"http://127.0.0.1:{port}/programs/{program.pk}/apply/?role=mentee"
    rng = random.Random(1)
    start = time.monotonic()
    moments = sorted(rng.uniform(0, args.seconds) for _ in emails)
    lock = threading.Lock()
    codes: dict[str, int] = {}
    times: list[float] = []
    failures: list[str] = []

    def apply(email: str, at: float) -> None:
        time.sleep(max(0.0, start + at - time.monotonic()))
        with requests.Session() as http:
            http.cookies.set(settings.SESSION_COOKIE_NAME, cookies[email])
            try:
                form = http.get(url, timeout=60)
                token = CSRF.search(form.text)
                if form.status_code != 200 or token is None:
                    raise RuntimeError(f"form {form.status_code}")
                t0 = time.monotonic()
                posted = http.post(url, timeout=60, allow_redirects=False, headers={
                    "Referer": url}, data={
                    "csrfmiddlewaretoken": token.group(1), "skills_wanted": "python, data",
                    "languages": "id", "commitment": "on",
                        "privacy_notice": "on"})
                elapsed = time.monotonic() - t0
            except Exception as exc:  # noqa: BLE001 - counted as a failure
                with lock:
                    failures.append(f"{email}: {exc}")
                return
        with lock:
            codes[str(posted.status_code)] = codes.get(str(posted.status_code), 0) + 1
            times.append(elapsed)

    try:
        with ThreadPoolExecutor(args.clients) as pool:
            for email, at in zip(emails, moments, strict=True):
                pool.submit(apply, email, at)
    finally:
        server.terminate()
        server.wait()
    wall = time.monotonic() - start
    statuses = list(program.enrollments.values_list("status", flat=True))
    taken = sum(s in (EnrollmentStatus.PENDING, EnrollmentStatus.APPROVED) for s in statuses)
    waitlisted = statuses.count(EnrollmentStatus.WAITLISTED)
    p95 = statistics.quantiles(times, n=20)[-1] * 1000 if len(times) > 1 else float("nan")
    print(f"spike: {len(emails)} applications in {wall:.0f} s to {args.places} places, "
          f"{args.clients} clients")
    print(f"  responses to the POST: {codes}; failed requests: {len(failures)}")
    print(f"  POST p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95:.0f} ms")
    print(f"  enrollments: {len(statuses)}, places taken {taken}, waitlisted {waitlisted}")
    for line in failures[:5]:
        print(f"    {line}")
    missed = []
    if taken != args.places:
        missed.append(f"{taken} places taken, {args.places} expected")
    if waitlisted != len(emails) - args.places:
        missed.append(f"{waitlisted} waitlisted, {len(emails) - args.places} expected")
    if failures or set(codes) - {"302"}:
        missed.append(f"failed requests {len(failures)}, responses {codes}")
    finish(missed)


if __name__ == "__main__":
    main()
