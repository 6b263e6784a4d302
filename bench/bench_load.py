"""Load benchmark with Locust against gunicorn on PostgreSQL on loopback (issue 18).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/bench_load.py [--minutes 1] [--scenario all] [--port 8765]

Builds the demo company scaled to 5,000 employees and 2,000 pairs (bench/company.py), gives
the HR manager a TOTP authenticator (production requires one; without it every HR page is a
redirect to the set-up page), starts gunicorn as `terbalik serve --production` does
(terbalik/gunicorn_conf.py; WEB_CONCURRENCY and GUNICORN_THREADS apply), then runs Locust
headless (bench/locustfile.py) for each scenario and checks its targets:

* throughput: 60 users (participants 9 : HR 1), each paced so that together they offer
  `--offered` requests/s (default 160), for `--minutes`: >= 150 requests/s sustained and
  p95 < 300 ms. Paced, not "as fast as they can": with N users that never pause, latency is
  N / throughput by Little's law (40 such users at 150/s wait 267 ms on average whatever the
  server does), so the p95 would measure the queue the bench built, not the server;
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
small machine are pessimistic. Each scenario also prints where the CPU went (per request:
gunicorn with its workers, PostgreSQL, Locust, and everything else on the machine, which
should be near 0 on a quiet machine). Prints every figure with its target; exits 1 on a miss.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from company import (  # bench/company.py
    HR_EMAIL,
    PASSWORD,
    PROGRAM,
    ROOT,
    analyze,
    bench_env,
    build,
    ensure_hr_totp,
    sessions_for,
    setup_django,
    start_gunicorn,
)
from targets import finish

LOCUST = str(ROOT / ".venv" / "bin" / "locust")
#: throughput scenario: this many users, each paced so that together they offer --offered
THROUGHPUT_USERS = 60


def prepare(tmp: Path) -> Path:
    from django.conf import settings

    from terbalik.pairs.models import Meeting, Pair

    if Pair.objects.filter(program__name=PROGRAM).count() < 2000:
        build(employees=5000, pairs=2000)
    analyze()  # cheap; a database built before statistics existed gets them
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


class CpuMeter:
    """CPU seconds used by the server (gunicorn and its workers, reaped ones included), by
    PostgreSQL (when it runs on this machine) and by the whole machine, between two readings:
    the figures behind "requests/s" (where the two cores went) and a check that nothing else
    was competing for them."""

    def __init__(self, server_pid: int) -> None:
        import psutil  # Locust depends on it

        self.psutil = psutil
        self.server = psutil.Process(server_pid)
        self.postmasters = [
            proc for proc in psutil.process_iter(["name"])
            if proc.info["name"] == "postgres" and proc.parent() is not None
            and proc.parent().name() != "postgres"
        ]

    def _tree(self, root: Any) -> float:
        try:
            times = root.cpu_times()
            total = times.user + times.system + times.children_user + times.children_system
            children = root.children(recursive=True)
        except self.psutil.Error:
            return 0.0
        for child in children:
            try:
                times = child.cpu_times()
            except self.psutil.Error:
                continue
            total += times.user + times.system
        return total

    def read(self) -> dict[str, float]:
        machine = self.psutil.cpu_times()
        return {
            "server": self._tree(self.server),
            "postgres": sum(self._tree(root) for root in self.postmasters),
            "machine": machine.user + machine.system + machine.nice + getattr(machine, "irq", 0)
            + getattr(machine, "softirq", 0),
            "locust": _children_cpu(),
        }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # reaped children: Locust runs
    return usage.ru_utime + usage.ru_stime


#: HTTP requests per Locust action in the participant/HR mix (the check-in action is a GET
#: and a POST; bench/locustfile.py): the pace per user is the offered rate divided by this
PER_ACTION = (9 * (3 + 2 + 4 + 2) / 10 + 1 * 1.0) / 10


def locust(*, host: str, data: Path, tmp: Path, name: str, users: int, rate: float,
           seconds: int, wait: str, weights: dict[str, int], meter: CpuMeter
           ) -> dict[str, float]:
    env = {**os.environ, **bench_env(), "BENCH_LOAD_DATA": str(data), "BENCH_WAIT": wait,
           **{f"BENCH_{k.upper()}_WEIGHT": str(v) for k, v in weights.items()}}
    classes = {"participant": "Participant", "hr": "HR", "signin": "SignIn"}
    prefix = tmp / name
    before, started = meter.read(), time.monotonic()
    subprocess.run(  # noqa: S603 - our own virtualenv's locust
        [LOCUST, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(users), "-r", str(rate), "-t", f"{seconds}s", "--host", host,
         "--csv", str(prefix), "--loglevel", "WARNING",
         *[classes[k] for k, v in weights.items() if v]],
        env=env, check=False,
    )
    after, wall = meter.read(), time.monotonic() - started
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
    used = {key: after[key] - before[key] for key in after}
    per = 1000 / max(figures["requests"], 1)
    other = used["machine"] - used["server"] - used["postgres"] - used["locust"]
    print(f"  CPU per request: server {used['server'] * per:.1f} ms, PostgreSQL "
          f"{used['postgres'] * per:.1f} ms, Locust {used['locust'] * per:.1f} ms, everything "
          f"else on the machine {max(other, 0) * per:.1f} ms "
          f"({os.cpu_count()} CPUs busy {used['machine'] / wall:.2f} on average)")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=1)
    parser.add_argument("--scenario", choices=["all", "throughput", "concurrent", "signin"],
                        default="all")
    parser.add_argument("--signin-minutes", type=float, default=5,
                        help="window over which the 1,000 sign-ins arrive (default 5)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--offered", type=float, default=160,
                        help="throughput: requests/s the users offer together (default 160)")
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
        meter = CpuMeter(server.pid)
        try:
            if args.scenario in ("all", "throughput"):
                pace = args.offered / THROUGHPUT_USERS / PER_ACTION
                f = locust(host=host, data=data, tmp=tmp, name="throughput",
                           users=THROUGHPUT_USERS, rate=20, seconds=seconds,
                           wait=f"pace:{pace:.4f}", weights={"participant": 9, "hr": 1},
                           meter=meter)
                if f["rps"] < 150:
                    missed.append(f"throughput {f['rps']:.1f} requests/s < 150")
                if f["p95"] >= 300:
                    missed.append(f"throughput p95 {f['p95']:.0f} ms >= 300 ms")
            if args.scenario in ("all", "concurrent"):
                f = locust(host=host, data=data, tmp=tmp, name="concurrent", users=1000, rate=50,
                           seconds=seconds + 20, wait="10-30",
                           weights={"participant": 9, "hr": 1}, meter=meter)
                if f["p95"] >= 300:
                    missed.append(f"1,000 users p95 {f['p95']:.0f} ms >= 300 ms")
                if f["failures"]:
                    missed.append(f"1,000 users: {f['failures']:.0f} errors")
            if args.scenario in ("all", "signin"):
                window = int(args.signin_minutes * 60)
                f = locust(host=host, data=data, tmp=tmp, name="signin", users=1000,
                           rate=round(1000 / window, 2), seconds=window + 30, wait="0",
                           weights={"participant": 0, "hr": 0, "signin": 1}, meter=meter)
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
