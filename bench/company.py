"""The demo company scaled up for the load, soak and spike benchmarks (never part of the tests).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/company.py [--employees 5000] [--pairs 2000]

Migrates the database, builds the demo company once (`terbalik demo`), then adds a program
"Bench program" with `--pairs` active pairs and meetings, and employees up to `--employees`,
every one with an account whose password is PASSWORD (hashed once and shared: the hash is not
what is measured here). Earlier bench rows are deleted first, so it can run again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-Passw0rd!"  # noqa: S105 - a throwaway account password on a loopback bench
DOMAIN = "bench.example"
PROGRAM = "Bench program"
HR_EMAIL = "hr@nusantara-maju.co.id"


def setup_django() -> None:
    """Production settings (DEBUG off) on BENCH_DATABASE_URL (PostgreSQL)."""
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database (it is migrated and filled).")
    # BENCH_SRC: measure another copy of the code (e.g. `git archive main src`) on the same data
    sys.path.insert(0, os.environ.get("BENCH_SRC") or str(ROOT / "src"))
    os.environ.update(bench_env())
    import django

    django.setup()


def bench_env() -> dict[str, str]:
    """Environment for this process and for the servers and workers the benches start."""
    return {
        "DATABASE_URL": os.environ["BENCH_DATABASE_URL"],
        "DJANGO_SETTINGS_MODULE": "terbalik.settings",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "0123456789abcdef" * 4),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",  # plain HTTP on loopback
        # every Locust client comes from 127.0.0.1, like an office behind one NAT address
        "THROTTLE_LOGIN": os.environ.get("THROTTLE_LOGIN", "1000/m/ip"),
    }


def build(*, employees: int, pairs: int) -> dict[str, Any]:
    """Fill the database; returns the bench program and the e-mails of its people."""
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from terbalik.accounts.models import Role, User
    from terbalik.pairs.models import Meeting, MeetingOutcome, MeetingStatus, Pair, PairSource
    from terbalik.people.models import Department, Employee, name_key
    from terbalik.privacy import notice
    from terbalik.privacy.models import ConsentKind, ConsentMethod, ConsentRecord
    from terbalik.programs.models import (
        Enrollment,
        EnrollmentSource,
        EnrollmentStatus,
        ParticipantRole,
        Program,
        Status,
    )
    from terbalik.surveys.models import SurveyInstance

    call_command("migrate", verbosity=0)
    if not User.objects.filter(email=HR_EMAIL).exists():
        call_command("demo", verbosity=0)
    hr = User.objects.get(email=HR_EMAIL)
    now = timezone.now()
    password = make_password(PASSWORD)
    with transaction.atomic():
        Pair.objects.filter(program__name=PROGRAM).delete()  # pairs protect enrollments
        # the program's survey sendings protect it (SurveyInstance.program is a foreign key)
        SurveyInstance.objects.filter(program__name=PROGRAM).delete()
        Program.objects.filter(name=PROGRAM).delete()
        User.objects.filter(email__endswith="@" + DOMAIN).delete()
        Employee.objects.filter(email__endswith="@" + DOMAIN).delete()
        template = Program.objects.filter(status=Status.ACTIVE).order_by("pk").first()
        program = Program.objects.get(pk=template.pk)
        program.pk = None
        program.id = None
        program.name, program.mentee_places, program.mentor_places = PROGRAM, None, None
        program.save()
        program.owners.add(hr)
        count = max(employees - User.objects.filter(employee__isnull=False).count(), 2 * pairs)
        for n in range(40):  # bulk_create skips Employee.save(), which makes the records
            Department.objects.get_or_create(key=name_key(f"Dept {n}"),
                                             defaults={"name": f"Dept {n}"})
        people = Employee.objects.bulk_create(
            Employee(
                employee_id=f"BENCH-{i:06d}", full_name=f"Bench Person {i:05d}",
                email=f"p{i:05d}@{DOMAIN}", grade=3 if i % 2 else 12,
                department=f"Dept {i % 40}", time_zone="Asia/Jakarta", languages=["en"],
            )
            for i in range(count)
        )
        users = User.objects.bulk_create(
            User(email=e.email, full_name=e.full_name, role=Role.PARTICIPANT, employee=e,
                 language="en", password=password)
            for e in people
        )
        enrollments = Enrollment.objects.bulk_create(
            Enrollment(
                program=program, employee=people[i], user=users[i],
                role=ParticipantRole.MENTOR if i % 2 else ParticipantRole.MENTEE,
                status=EnrollmentStatus.APPROVED, source=EnrollmentSource.DIRECT,
                applied_at=now, decided_at=now, commitment_accepted_at=now,
            )
            for i in range(2 * pairs)
        )
        # applicants accept the privacy notice on the application form; without it every
        # participant page redirects to the notice (privacy.middleware.NoticeGateMiddleware)
        version = notice.current().number
        ConsentRecord.objects.bulk_create(
            ConsentRecord(user=users[i], employee=people[i], kind=ConsentKind.NOTICE,
                          notice_version=version, method=ConsentMethod.APPLICATION, at=now)
            for i in range(2 * pairs)
        )
        made = Pair.objects.bulk_create(
            Pair(program=program, mentor=enrollments[2 * k + 1], mentee=enrollments[2 * k],
                 status="active", source=PairSource.MANUAL, started_at=now - dt.timedelta(days=30),
                 created_by=hr)
            for k in range(pairs)
        )
        Meeting.objects.bulk_create(
            Meeting(
                pair=pair, uid=f"{uuid.uuid4()}@bench", starts_at=start,
                ends_at=start + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
                status=MeetingStatus.SCHEDULED,
                outcome=MeetingOutcome.HELD if start < now else MeetingOutcome.PENDING,
                created_by=hr, updated_at=now,
            )
            for pair in made
            for start in (now - dt.timedelta(days=14), now - dt.timedelta(days=7),
                          now + dt.timedelta(days=3))
        )
    analyze()
    return {
        "program": program,
        "pairs": made,
        "participants": [u.email for u in users[: 2 * pairs]],
        "others": [u.email for u in users[2 * pairs:]],
        "hr": HR_EMAIL,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--pairs", type=int, default=2000)
    args = parser.parse_args()
    setup_django()
    data = build(employees=args.employees, pairs=args.pairs)
    print(f"{PROGRAM}: {len(data['pairs'])} pairs, "
          f"{len(data['participants']) + len(data['others'])} bench employees")


def analyze() -> None:
    """Give PostgreSQL's planner statistics of the tables just filled, as autovacuum does on a
    production server within a minute. This machine's server runs with autovacuum off (its CI
    configuration), and without statistics the planner guesses: the dashboard's ratings query
    took 16-23 ms as a nested loop instead of 1.3 ms as a hash join."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def sessions_for(emails: list[str]) -> dict[str, str]:
    """A signed-in session per e-mail (what a password sign-in leaves), by session key, so a
    bench can act as thousands of people without paying the password hash for each."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.utils.crypto import get_random_string

    from terbalik.accounts.models import User

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys: dict[str, str] = {}
    rows = []
    for user in User.objects.filter(email__in=emails):
        session = store()
        key = get_random_string(32, VALID_KEY_CHARS)  # 32 of 36 chars: never collides
        rows.append(session.get_model_class()(
            session_key=key, expire_date=session.get_expiry_date(), session_data=session.encode({
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            })))
        keys[user.email] = key
    store.get_model_class().objects.bulk_create(rows, batch_size=1000)  # one by one: minutes
    return keys


def ensure_hr_totp() -> None:
    """HR managers have TOTP in production (REQUIRE_STAFF_MFA): without an authenticator
    every HR page redirects to the set-up page, and a bench would measure that page instead."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from terbalik.accounts.models import User

    hr = User.objects.get(email=HR_EMAIL)
    if not Authenticator.objects.filter(user=hr, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(hr, generate_totp_secret())


def start_gunicorn(port: int, *, metrics_dir: str | None = None) -> Any:
    """gunicorn on loopback as `terbalik serve --production` runs it (terbalik/gunicorn_conf.py:
    WEB_CONCURRENCY processes, default one per core (at least 2), of GUNICORN_THREADS threads,
    default 1; the metrics shared in `metrics_dir`), with the bench settings and without the
    access log (GUNICORN_ACCESS_LOG=- to keep it); the caller terminates it."""
    import subprocess
    import tempfile
    import time
    import urllib.request

    metrics_dir = metrics_dir or tempfile.mkdtemp(prefix="terbalik-bench-metrics-")
    env = {**os.environ, **bench_env(), "BIND": f"127.0.0.1:{port}",
           "PROMETHEUS_MULTIPROC_DIR": metrics_dir,
           "GUNICORN_ACCESS_LOG": os.environ.get("GUNICORN_ACCESS_LOG", ""),
           "GUNICORN_LOG_LEVEL": "warning", "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "python:terbalik.gunicorn_conf"],
        env=env, cwd=ROOT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=5)  # noqa: S310
            return proc
        except OSError:
            time.sleep(1)
    proc.kill()
    raise SystemExit("gunicorn did not start")


if __name__ == "__main__":
    main()
