"""Benchmark: every HR and sponsor reports page, the exports and the PDF of a program with
2,000 pairs and 50,000 meetings.

    .venv/bin/python bench/bench_reports.py [--pairs 2000] [--meetings 50000] [--runs 7]

Uses its own SQLite file in a temporary directory; set BENCH_DATABASE_URL to run against
PostgreSQL instead (that database is migrated; earlier bench data is deleted first). Builds the
synthetic program with bulk_create, then times through the Django test Client (median of
`--runs` runs after one warm-up) every HR page (overview, dashboard, report, feedback, each export),
the PDF, assigning a sponsor (reports:sponsors, a form's action), and every page a sponsor
may open (their home included), each against its target (TARGETS_MS).
A baseline measured in the same run computes the dashboard's meeting figures and the report's
outcome (n, means, change with its interval, effect size, verdict on the +20 % target of a
digital-literacy test taken before and after by a sample of mentees) naively, row by row in
Python from the raw answers; the report page's and the PDF's figures must equal the
baseline's. The script prints every figure with its target and exits 1 when a target is missed
or an answer differs.
Never part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from targets import finish  # bench/targets.py (the script folder is on sys.path)

PREFIX = "BENCHR"
#: what every fifth check-in says (with its meeting's id, so no two texts are the same)
COMMENTS = ["Jadwal bentrok dengan rapat, sesi dipindah", "Great session on AI tools",
            "Diskusi terbuka tentang pelanggan Gen Z", "Waktu terlalu singkat", "Bermanfaat",
            "Still confusing how the dashboard refreshes", "Zoom putus-putus"]
#: server-time targets (median) per kind of page
TARGETS_MS = {"page": 300.0, "export": 1000.0, "pdf": 2000.0}
#: mentees who take the digital-literacy test before and after (every 10th skips the after)
TESTED = 200
#: the test's score pattern before and after, per person (percent of points)
BEFORE = [0, 50, 50, 100, 0, 50]
AFTER = [50, 100, 50, 100, 50, 100]


def setup_django(data_dir: Path) -> None:
    os.environ["TERBALIK_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "terbalik.settings"
    # Production settings (DEBUG off) need these; a throwaway key is fine for a local benchmark.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "0123456789abcdef" * 4)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
    os.environ.setdefault("SITE_URL", "http://localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test Client speaks plain HTTP
    os.environ.setdefault("REQUIRE_STAFF_MFA", "0")  # the bench's HR user has no authenticator
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(pairs: int, meetings: int) -> tuple[Any, Any]:
    from django.db import transaction

    from terbalik.accounts.models import Role, User
    from terbalik.pairs.models import (
        CheckIn,
        Goal,
        Health,
        Meeting,
        MeetingOutcome,
        Pair,
        TrainingResult,
    )
    from terbalik.people.models import Department, Employee
    from terbalik.programs.models import Enrollment, Program

    Pair.objects.filter(program__name__startswith=PREFIX).delete()  # pairs protect enrollments
    Program.objects.filter(name__startswith=PREFIX).delete()
    Employee.objects.filter(employee_id__startswith=PREFIX).delete()
    User.objects.filter(email__startswith=PREFIX.lower()).delete()
    start = dt.datetime(2026, 1, 5, 3, 0, tzinfo=dt.UTC)
    with transaction.atomic():
        hr = User.objects.create_user(email=f"{PREFIX.lower()}-hr@example.co.id",
                                      password=None, role=Role.HR)
        program = Program.objects.create(
            name=f"{PREFIX} program", status="active", goal_metric="score",
            goal_target_value=20, goal_unit="%", created_by=hr)
        program.owners.add(hr)
        employees = [
            Employee(employee_id=f"{PREFIX}{n:06d}", full_name=f"Bench {n}",
                     email=f"{PREFIX.lower()}{n}@example.co.id", grade=2 if n % 2 else 10,
                     department=f"D{n % 10}", hire_date=dt.date(2022, 1, 1))
            for n in range(2 * pairs)
        ]
        for d in range(10):  # bulk_create skips the save() that creates department records
            Department.objects.get_or_create(name=f"D{d}", defaults={"key": f"d{d}"})
        Employee.objects.bulk_create(employees, batch_size=2000)
        employees = list(Employee.objects.filter(employee_id__startswith=PREFIX)
                         .order_by("employee_id"))
        Enrollment.objects.bulk_create([
            Enrollment(program=program, employee=e, role="mentor" if e.grade == 2 else "mentee",
                       status="approved", applied_at=start) for e in employees
        ], batch_size=2000)
        enrollments = list(Enrollment.objects.filter(program=program).order_by("employee_id"))
        mentees, mentors = enrollments[0::2], enrollments[1::2]
        Pair.objects.bulk_create([
            Pair(program=program, mentor=m, mentee=t, source="bulk", started_at=start,
                 health=Health.AT_RISK if k % 9 == 0 else Health.ON_TRACK)
            for k, (m, t) in enumerate(zip(mentors, mentees, strict=True))
        ], batch_size=2000)
        pair_ids = list(Pair.objects.filter(program=program).values_list("pk", flat=True))
        per_pair = max(1, meetings // len(pair_ids))
        rows = []
        for k, pid in enumerate(pair_ids):
            for w in range(per_pair):
                when = start + dt.timedelta(weeks=w, hours=k % 8)
                rows.append(Meeting(
                    pair_id=pid, uid=f"{PREFIX}-{pid}-{w}", starts_at=when,
                    ends_at=when + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
                    outcome=MeetingOutcome.HELD if (k + w) % 4 else MeetingOutcome.PENDING,
                    updated_at=when))
        Meeting.objects.bulk_create(rows, batch_size=5000)
        held = Meeting.objects.filter(pair__program=program, outcome=MeetingOutcome.HELD)
        CheckIn.objects.bulk_create([
            CheckIn(meeting_id=mid, role="mentor", answer="held", rating=3 + mid % 3, at=at,
                    comment=COMMENTS[mid % len(COMMENTS)] + f" ({mid})" if mid % 5 == 0 else "")
            for mid, at in held.values_list("pk", "starts_at")
        ], batch_size=5000)
        Goal.objects.bulk_create([
            Goal(pair_id=pid, statement="g", target_value=5, unit="x", achievable="a",
                 relevance="r", due_date=dt.date(2026, 6, 1),
                 status="achieved" if pid % 3 == 0 else "open", created_at=start,
                 last_progress_at=start) for pid in pair_ids
        ], batch_size=2000)
        TrainingResult.objects.bulk_create([
            TrainingResult(enrollment=e, score=5, attempts=1, completed_at=start)
            for e in enrollments[::3]
        ], batch_size=2000)
        tested_before_and_after(program, hr, [m.employee for m in mentees[:TESTED]], start)
    return hr, program


def tested_before_and_after(program: Any, hr: Any, employees: list[Any],
                            start: dt.datetime) -> None:
    """The digital-literacy test before and after, through the survey services, for the
    measurement plan of a digital-skills program: what the report's outcome and verdict read."""
    from terbalik.accounts.models import Role, User
    from terbalik.programs.models import MeasurementItem, MeasurementPhase, Objective
    from terbalik.surveys import services as surveys
    from terbalik.surveys.answering import response_record
    from terbalik.surveys.models import Kind, Phase, QuestionType, Survey

    type(program).objects.filter(pk=program.pk).update(objective=Objective.DIGITAL_SKILLS)
    for position, phase in enumerate((MeasurementPhase.BEFORE, MeasurementPhase.AFTER)):
        MeasurementItem.objects.create(program=program, template_key="digital_literacy",
                                       phase=phase, position=position)
    survey = surveys.survey_create(by=hr, title={"id": "Tes", "en": "Test"}, kind=Kind.TEST)
    for text in ("Q1", "Q2"):
        surveys.question_add(survey=survey, by=hr, data=surveys.QuestionData(
            type=QuestionType.TEST, text={"id": text, "en": text}, points=2, options=[
                {"value": "a", "label": {"id": "benar", "en": "right"}, "correct": True},
                {"value": "b", "label": {"id": "salah", "en": "wrong"}, "correct": False}]))
    Survey.objects.filter(pk=survey.pk).update(
        copied_from=Survey.objects.get(template_key="digital-literacy-test"))
    users = [User.objects.create_user(email=f"{PREFIX.lower()}-t{e.pk}@example.co.id",
                                      password=None, role=Role.PARTICIPANT, employee=e)
             for e in employees]
    pre = surveys.survey_instance_create(
        survey=survey, by=hr, title="pre", opens_at=start, closes_at=start + dt.timedelta(days=7),
        phase=Phase.PRE, program_id=program.pk)
    post = surveys.survey_instance_create(
        survey=survey, by=hr, title="post", opens_at=start + dt.timedelta(days=60),
        closes_at=start + dt.timedelta(days=67), phase=Phase.POST, pre_instance=pre,
        program_id=program.pk)
    questions = list(survey.versions.get().questions.order_by("position"))
    for instance, scores in ((pre, BEFORE), (post, AFTER)):
        surveys.survey_instance_add_recipients(instance=instance, users=users, by=hr)
        for k, user in enumerate(users):
            if instance is post and k % 10 == 9:
                continue  # left before the second test
            right = scores[k % len(scores)] // 50
            response_record(instance=instance, user=user, submitted_at=instance.opens_at,
                            answers={q.pk: "a" if i < right else "b"
                                     for i, q in enumerate(questions)})


def naive_baseline(program: Any) -> dict[str, Any]:
    """The dashboard's meeting figures by looping over every row in Python (the slow way)."""
    from django.utils import timezone

    from terbalik.pairs.models import Meeting, MeetingStatus

    weeks: dict[dt.date, list[int]] = {}
    past = answered = 0
    ratings: list[int] = []
    now = timezone.now()
    meetings = Meeting.objects.filter(pair__program=program).prefetch_related("checkins")
    for meeting in meetings:
        for checkin in meeting.checkins.all():  # ratings count on every meeting
            if checkin.rating is not None:
                ratings.append(checkin.rating)
        if meeting.status == MeetingStatus.CANCELLED:
            continue
        day = timezone.localtime(meeting.starts_at).date()
        week = day - dt.timedelta(days=day.weekday())
        counts = weeks.setdefault(week, [0, 0])
        counts[0] += 1
        counts[1] += meeting.outcome == "held"
        if meeting.starts_at < now:
            past += 1
            answered += meeting.outcome != "pending"
    return {
        "weeks": {week: tuple(counts) for week, counts in sorted(weeks.items())},
        "checkin_rate": 100.0 * answered / past if past else None,
        "mean_rating": sum(ratings) / len(ratings) if ratings else None,
    }


def naive_outcome(program: Any) -> dict[str, Any]:
    """The report's outcome from the raw answers: each person's percent of points before and
    after, recomputed answer by answer against the correct options, paired by person; the
    verdict's statistics (`surveys.verdict`, pure) on those pairs."""
    from fractions import Fraction

    from terbalik.surveys import verdict as V
    from terbalik.surveys.models import Phase, Response, SurveyInstance

    post = SurveyInstance.objects.get(program_id=program.pk, phase=Phase.POST)
    scores: dict[str, dict[int, Fraction]] = {"pre": {}, "post": {}}
    for side, instance_id in (("pre", post.pre_instance_id), ("post", post.pk)):
        responses = Response.objects.filter(instance_id=instance_id).prefetch_related(
            "answers__question")
        for response in responses:
            if response.status != Response.Status.SUBMITTED:
                continue
            earned = total = Fraction(0)
            for answer in response.answers.all():
                question = answer.question
                right = {o["value"] for o in question.options if o.get("correct")}
                total += Fraction(question.points)
                earned += Fraction(question.points) if answer.value in right else 0
            scores[side][response.user_id] = 100 * earned / total
    both = sorted(set(scores["pre"]) & set(scores["post"]))
    data = V.Pairs()
    data.before = [scores["pre"][u] for u in both]
    data.after = [scores["post"][u] for u in both]
    for reason, side in (("no_after", "pre"), ("no_before", "post")):
        missing = len(set(scores[side]) - set(both))
        if missing:
            data.exclude(reason, missing)
    target = Fraction(str(program.goal_target_value))
    v = V.prepost_verdict(data, target=target, unit=V.PERCENT, direction=V.INCREASE)
    return outcome_figures(v)


def outcome_figures(v: Any) -> dict[str, Any]:
    """n, the two means, the change with its interval, the effect size and the verdict."""
    return {"n": v.n, "excluded": v.excluded, "mean_before": v.mean_before,
            "mean_after": v.mean_after, "estimate": v.estimate, "ci_low": v.ci_low,
            "ci_high": v.ci_high, "effect_size": v.effect_size, "verdict": v.outcome}


def same_outcome(fast: dict[str, Any], slow: dict[str, Any]) -> list[str]:
    import math

    wrong = []
    for key, a in fast.items():
        b = slow[key]
        if isinstance(a, str) or a is None or b is None:
            same = a == b
        else:
            same = math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        if not same:
            shown = [x if isinstance(x, str) or x is None else f"{float(x):.6g}" for x in (a, b)]
            wrong.append(f"{key} {shown[0]} != {shown[1]}")
    return wrong


def pdf_shows(content: bytes, slow: dict[str, Any], label: str) -> list[str]:
    """What the PDF should print of the baseline's outcome but does not."""
    import pypdfium2 as pdfium

    from terbalik.reports.pdf import _num

    document = pdfium.PdfDocument(content)
    text = " ".join(" ".join(page.get_textpage().get_text_range().split())
                    for page in document)
    wanted = {
        "verdict": label,
        "n, before, after": " ".join([str(slow["n"]), _num(float(slow["mean_before"])),
                                      _num(float(slow["mean_after"]))]),
        "effect size": _num(slow["effect_size"], 2),
    }
    return [f"PDF lacks {name} ({value!r})" for name, value in wanted.items()
            if value not in text]


def fast_answers(program: Any) -> dict[str, Any]:
    """The same figures from the dashboard code the pages use."""
    from terbalik.reports import metrics

    board = metrics.dashboard(program=program, people=True)
    return {
        "weeks": {w["week"]: (w["planned"], w["held"]) for w in board.weeks},
        "checkin_rate": board.checkin_rate,
        "mean_rating": None if board.mean_rating is None else float(board.mean_rating),
    }


def same_answers(fast: dict[str, Any], slow: dict[str, Any]) -> list[str]:
    """Names of the figures where the fast path and the baseline disagree."""
    import math

    wrong = [] if fast["weeks"] == slow["weeks"] else ["weeks"]
    for key in ("checkin_rate", "mean_rating"):
        a, b = fast[key], slow[key]
        if (a is None) != (b is None) or (a is not None and not math.isclose(a, b)):
            wrong.append(key)
    return wrong


def median_ms(func: Any, runs: int) -> float:
    func()  # warm-up
    times = []
    for _i in range(runs):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--meetings", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        from terbalik.accounts.models import Role, User
        from terbalik.reports.models import ProgramSponsor

        setup_test_environment()
        settings.ALLOWED_HOSTS = ["testserver", "localhost"]
        engine = connection.vendor
        started = time.perf_counter()
        hr, program = build(args.pairs, args.meetings)
        sponsor = User.objects.create_user(email=f"{PREFIX.lower()}-sponsor@example.co.id",
                                           password=None, role=Role.SPONSOR)
        ProgramSponsor.objects.get_or_create(program=program, user=sponsor)
        from terbalik.pairs.models import Meeting

        n_meetings = Meeting.objects.filter(pair__program=program).count()
        print(f"database: {engine}; built {args.pairs} pairs and {n_meetings} meetings "
              f"in {time.perf_counter() - started:.1f} s")
        pid = [program.pk]
        pages: list[tuple[str, str, str]] = [  # (reader, kind, url)
            ("hr", "page", reverse("reports:overview")),
            ("hr", "page", reverse("reports:dashboard", args=pid)),
            ("hr", "page", reverse("reports:report", args=pid)),
            ("hr", "pdf", reverse("reports:report_pdf", args=pid)),
            *[("hr", "export", reverse("reports:export", args=[program.pk, kind, fmt]))
              for kind in ("pairs", "meetings", "goals") for fmt in ("csv", "xlsx")],
            ("hr", "page", reverse("reports:feedback", args=pid)),
            ("hr", "page", reverse("reports:feedback", args=pid) + "?group=theme&q=sesi&page=3"),
            *[("hr", "export", reverse("reports:feedback_export", args=[program.pk, fmt]))
              for fmt in ("csv", "xlsx")],
            ("hr", "page", reverse("reports:sponsors", args=pid)),
            ("sponsor", "page", reverse("core:home")),
            ("sponsor", "page", reverse("reports:overview")),
            ("sponsor", "page", reverse("reports:feedback", args=pid)),
            ("sponsor", "page", reverse("reports:dashboard", args=pid)),
            ("sponsor", "page", reverse("reports:report", args=pid)),
            ("sponsor", "pdf", reverse("reports:report_pdf", args=pid)),
        ]
        #: pages that are a form's action (post, then redirect): what they are sent
        posted = {reverse("reports:sponsors", args=pid): {"user": sponsor.pk, "action": "add"}}
        clients = {}
        for reader, user in (("hr", hr), ("sponsor", sponsor)):
            clients[reader] = Client(HTTP_ACCEPT_LANGUAGE="en")
            clients[reader].force_login(user)

        missed: list[str] = []
        print(f"server time, median of {args.runs} after one warm-up:")
        for reader, kind, url in pages:
            client = clients[reader]
            data = posted.get(url)

            def fetch(client: Any = client, url: str = url, data: Any = data) -> Any:
                # a form's action: sending the same sponsor again changes nothing (idempotent)
                return client.get(url) if data is None else client.post(url, data)

            status = fetch().status_code
            if status == 403 and reader == "sponsor":
                print(f"  {reader:<8} {url:<48} not open to sponsors (403), skipped")
                continue
            if status != (200 if data is None else 302):
                missed.append(f"{reader} {url}: HTTP {status}")
                print(f"  {reader:<8} {url:<48} HTTP {status}  FAIL")
                continue
            queries: list[str] = []

            def count(execute: Any, sql: str, params: Any, many: bool, context: Any,
                      queries: list[str] = queries) -> Any:
                queries.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                fetch()
            ms = median_ms(fetch, args.runs)
            target = TARGETS_MS[kind]
            ok = ms < target
            if not ok:
                missed.append(f"{reader} {url}: {ms:.0f} ms >= {target:.0f} ms")
            shown = url if data is None else f"{url} (POST)"
            print(f"  {reader:<8} {shown:<48} {ms:8.1f} ms  (target < {target:.0f} ms, "
                  f"{len(queries)} queries)  {'PASS' if ok else 'FAIL'}")

        baseline = median_ms(lambda: naive_baseline(program), max(3, args.runs // 2))
        fast = median_ms(lambda: fast_answers(program), args.runs)
        wrong = same_answers(fast_answers(program), naive_baseline(program))
        print(f"baseline (same run): naive Python loop over the meetings {baseline:8.1f} ms; "
              f"dashboard figures {fast:8.1f} ms ({baseline / fast:.1f}x faster)")
        if wrong:
            missed.append("answers differ from the baseline: " + ", ".join(wrong))
        print(f"  answers equal to the baseline (weeks, check-in rate, mean rating): "
              f"{'PASS' if not wrong else 'FAIL ' + ', '.join(wrong)}")

        from django.utils import translation

        slow = naive_outcome(program)
        page = clients["hr"].get(reverse("reports:report", args=pid))
        report = page.context["report"]  # what the report page rendered
        on_page = same_outcome(outcome_figures(report.verdict.verdict), slow)
        pdf = clients["hr"].get(reverse("reports:report_pdf", args=pid))
        with translation.override("en"):
            in_pdf = pdf_shows(b"".join(pdf.streaming_content) if pdf.streaming else
                               pdf.content, slow, str(report.verdict.label))
        print(f"outcome baseline (raw answers, Python): n={slow['n']} "
              f"(excluded {slow['excluded']}), before {float(slow['mean_before']):.1f} %, "
              f"after {float(slow['mean_after']):.1f} %, change {float(slow['estimate']):.1f} % "
              f"[{float(slow['ci_low']):.1f}; {float(slow['ci_high']):.1f}], "
              f"d_z {slow['effect_size']:.2f}, verdict {slow['verdict']}")
        for name, problems in (("report page", on_page), ("PDF", in_pdf)):
            if problems:
                missed.append(f"{name} differs from the baseline: " + "; ".join(problems))
            verdict = "PASS" if not problems else "FAIL " + "; ".join(problems)
            print(f"  {name} figures equal to the baseline (n, means, change, interval, "
                  f"effect size, verdict): {verdict}")
    finish(missed)


if __name__ == "__main__":
    main()
