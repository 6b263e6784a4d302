"""Load benchmark with Locust against gunicorn on PostgreSQL on loopback (issue 18).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/bench_load.py [--minutes 1] [--scenario all] [--port 8765]

Builds the demo company scaled to 5,000 employees and 2,000 pairs (bench/company.py), gives
the HR manager a TOTP authenticator (production requires one; without it every HR page is a
redirect to the set-up page), starts gunicorn as `terbalik serve --production` does
(terbalik/gunicorn_conf.py; WEB_CONCURRENCY and GUNICORN_THREADS apply), then runs Locust
headless (bench/locustfile.py) for each scenario and checks its targets:

* throughput: 40 users without pauses (participants 9 : HR 1) for `--minutes`:
  >= 150 requests/s sustained and p95 < 300 ms;
* concurrent: 1,000 users, 10-30 s between actions, for `--minutes` after the ramp:
  p95 < 300 ms and no error;
* signin: 1,000 employees sign in with their password, arriving evenly over
  `--signin-minutes` (default 5, the issue's launch-day window; shorter is harsher), no
  failure, p95 < 1 s.

One command per scenario (PostgreSQL database that the bench may fill):

    B=postgres://postgres@127.0.0.1:5432/terbalik_bench
    BENCH_DATABASE_URL=$B .venv/bin/python bench/bench_load.py --scenario throughput --minutes 2
    BENCH_DATABASE_URL=$B .venv/bin/python bench/bench_load.py --scenario concurrent --minutes 10
    BENCH_DATABASE_URL=$B .venv/bin/python bench/bench_load.py --scenario signin

The CPU cost per request behind these figures, without a network or Locust, is measured by
bench/bench_request_cost.py (reliable on a busy machine, where these wall-clock figures are not).

Locust runs on the same machine as the server and the database, so figures on a shared or
small machine are pessimistic. Prints every figure with its target; exits 1 on a miss.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from company import (  # bench/company.py
    HR_EMAIL,
    PASSWORD,
    PROGRAM,
    ROOT,
    bench_env,
    build,
    ensure_hr_totp,
    sessions_for,
    setup_django,
    start_gunicorn,
)
from targets import finish

LOCUST = str(ROOT / ".venv" / "bin" / "locust")


def prepare(tmp: Path) -> Path:
    from django.conf import settings

    from terbalik.pairs.models import Meeting, Pair

    if Pair.objects.filter(program__name=PROGRAM).count() < 2000:
        build(employees=5000, pairs=2000)
    ensure_hr_totp()
    pairs = list(Pair.objects.filter(program__name=PROGRAM).select_related(
        "mentor__user", "mentee__user", "program"))
    first_meeting = dict(
        Meeting.objects.filter(pair__in=pairs).order_by("pair_id", "-starts_at")
        .values_list("pair_id", "pk")
    )
    members = [(p.mentor.user.email, p.pk) for p in pairs] + [
        (p.mentee.user.email, p.pk) for p in pairs]
    sessions = sessions_for([email for email, _pk in members] + [HR_EMAIL])
    data = {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "participants": [
            {"session": sessions[email], "pair": pk, "meeting": first_meeting[pk]}
            for email, pk in members
        ],
        "hr_session": sessions[HR_EMAIL],
        "program": pairs[0].program_id,
        "signin": [email for email, _pk in members[:1000]],
        "password": PASSWORD,
    }
    path = tmp / "load.json"
    path.write_text(json.dumps(data))
    return path


def locust(*, host: str, data: Path, tmp: Path, name: str, users: int, rate: float,
           seconds: int, wait: str, weights: dict[str, int]) -> dict[str, float]:
    env = {**os.environ, **bench_env(), "BENCH_LOAD_DATA": str(data), "BENCH_WAIT": wait,
           **{f"BENCH_{k.upper()}_WEIGHT": str(v) for k, v in weights.items()}}
    classes = {"participant": "Participant", "hr": "HR", "signin": "SignIn"}
    prefix = tmp / name
    subprocess.run(  # noqa: S603 - our own virtualenv's locust
        [LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--host", host,
         "--csv", str(prefix), "--loglevel", "WARNING",
         *[classes[k] for k, v in weights.items() if v]],
        env=env, check=False,
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:  # noqa: PTH123
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    figures = {
        "requests": float(row["Request Count"]), "failures": float(row["Failure Count"]),
        "rps": float(row["Requests/s"]), "p95": float(row["95%"]),
        "median": float(row["Median Response Time"]),
    }
    print(f"{name}: {users} users, {seconds} s: {figures['requests']:.0f} requests, "
          f"{figures['failures']:.0f} failures, {figures['rps']:.1f} requests/s, "
          f"median {figures['median']:.0f} ms, p95 {figures['p95']:.0f} ms "
          f"(load average {os.getloadavg()[0]:.2f})")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=1)
    parser.add_argument("--scenario", choices=["all", "throughput", "concurrent", "signin"],
                        default="all")
    parser.add_argument("--signin-minutes", type=float, default=5,
                        help="window over which the 1,000 sign-ins arrive (default 5)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    setup_django()
    seconds = int(args.minutes * 60)
    missed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "metrics").mkdir()
        print(f"load average before the run: {os.getloadavg()[0]:.2f} "
              f"({os.cpu_count()} CPUs): figures on a busy machine are pessimistic")
        data = prepare(tmp)
        server = start_gunicorn(args.port, metrics_dir=str(tmp / "metrics"))
        host = f"http://127.0.0.1:{args.port}"
        try:
            if args.scenario in ("all", "throughput"):
                f = locust(host=host, data=data, tmp=tmp, name="throughput", users=40, rate=20,
                           seconds=seconds, wait="0", weights={"participant": 9, "hr": 1})
                if f["rps"] < 150:
                    missed.append(f"throughput {f['rps']:.1f} requests/s < 150")
                if f["p95"] >= 300:
                    missed.append(f"throughput p95 {f['p95']:.0f} ms >= 300 ms")
            if args.scenario in ("all", "concurrent"):
                f = locust(host=host, data=data, tmp=tmp, name="concurrent", users=1000, rate=50,
                           seconds=seconds + 20, wait="10-30",
                           weights={"participant": 9, "hr": 1})
                if f["p95"] >= 300:
                    missed.append(f"1,000 users p95 {f['p95']:.0f} ms >= 300 ms")
                if f["failures"]:
                    missed.append(f"1,000 users: {f['failures']:.0f} errors")
            if args.scenario in ("all", "signin"):
                window = int(args.signin_minutes * 60)
                f = locust(host=host, data=data, tmp=tmp, name="signin", users=1000,
                           rate=round(1000 / window, 2), seconds=window + 30, wait="0",
                           weights={"participant": 0, "hr": 0, "signin": 1})
                if f["requests"] < 2000:
                    missed.append(f"only {f['requests'] / 2:.0f} of 1,000 sign-ins happened")
                if f["failures"]:
                    missed.append(f"sign-in wave: {f['failures']:.0f} failures")
                if f["p95"] >= 1000:
                    missed.append(f"sign-in wave p95 {f['p95']:.0f} ms >= 1000 ms")
        finally:
            server.terminate()
            server.wait()
    finish(missed)


if __name__ == "__main__":
    sys.exit(main())
