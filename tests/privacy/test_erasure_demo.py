"""Erasing people of the demo's finished program: every report number stays exactly the same,
and no table, no export keeps their name, e-mail address or the texts they wrote."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from terbalik.accounts.models import User
from terbalik.core import demo
from terbalik.pairs.models import CheckIn, Goal, Meeting, Note, Pair
from terbalik.people import services as people_services
from terbalik.people.models import Employee, Profile
from terbalik.privacy import erasure_services
from terbalik.privacy.models import ErasureSource, ErasureStatus
from terbalik.programs.models import Program
from terbalik.reports import exports
from terbalik.reports.context import build_report
from terbalik.reports.demo import NAME
from terbalik.reports.feedback_page import Filters, export_rows, feedback_page, feedback_scope
from terbalik.surveys.models import TEXT_TYPES, Answer, Response

from .conftest import export_text, traces_in_database

pytestmark = pytest.mark.django_db


def numbers(program: Program) -> dict[str, Any]:
    """Every number the program's report shows (the dashboard, outcomes and verdict,
    retention, the evaluation's scores); only the free-text panels are left out."""
    report = build_report(program=program, people=True,
                          now=dt.datetime(2027, 2, 1, 3, 0, tzinfo=dt.UTC))
    feedback = dataclasses.asdict(report.feedback)
    feedback["groups"] = [g["question"].pk for g in feedback["groups"]]
    return {
        "board": dataclasses.asdict(report.board),
        "outcomes": [dataclasses.asdict(o) for o in report.outcomes],
        "verdict": dataclasses.asdict(report.verdict),
        "retention": dataclasses.asdict(report.retention),
        "feedback": feedback,
    }


def _plant(user: User, pair: Pair, mark: str) -> list[str]:
    """Free text only this person wrote (unique, so that a search can find it)."""
    texts = [f"{mark} catatan pribadi", f"{mark} komentar sesi", f"{mark} tujuan saya",
             f"{mark} jawaban bebas", f"+6281234{user.pk % 10000:04d}"]
    Note.objects.create(pair=pair, author=user, body=texts[0], created_at=timezone.now())
    role = "mentee" if pair.mentee.user_id == user.pk else "mentor"
    checkin = CheckIn.objects.filter(meeting__pair=pair, role=role).first()
    assert checkin is not None
    CheckIn.objects.filter(pk=checkin.pk).update(comment=texts[1])
    Goal.objects.filter(pair=pair).update(statement=texts[2])
    answer = Answer.objects.filter(response__user=user, question__type__in=TEXT_TYPES).first()
    if answer is None:
        texts.pop(3)
    else:
        Answer.objects.filter(pk=answer.pk).update(value=texts[3])
    Meeting.objects.filter(pair=pair).update(location=f"{mark} ruang rapat")
    texts.append(f"{mark} ruang rapat")
    profile, _ = Profile.objects.get_or_create(employee=user.employee)
    profile.whatsapp = texts[4]
    profile.photo.save(f"{mark}.jpg", ContentFile(b"\xff\xd8 not really a jpeg"), save=True)
    return texts


def _exports(program: Program) -> str:
    out = []
    for fmt in ("csv", "xlsx"):
        out.append(export_text(people_services.employees_export(
            queryset=Employee.objects.all(), fmt=fmt), fmt))
        for kind in ("pairs", "meetings", "goals", "outcome"):
            out.append(export_text(exports.export(program=program, kind=kind, fmt=fmt), fmt))
        for sending in exports.program_sendings(program):
            content = exports.sending_export(program=program, instance_id=sending.pk, fmt=fmt)
            out.append(export_text(content or b"", fmt))
    page = feedback_page(scope=feedback_scope(program), people=True, filters=Filters(),
                         paginate=False)
    headers, rows = export_rows(page)
    out.append(" ".join(str(c) for row in [headers, *rows] for c in row))
    return "\n".join(out).lower()


@time_machine.travel(dt.datetime(2027, 2, 1, 3, 0, tzinfo=dt.UTC), tick=False)
def test_erasure_keeps_every_number_and_leaves_no_trace(django_capture_on_commit_callbacks):
    call_command("demo", stdout=io.StringIO())
    program = Program.objects.get(name=NAME)
    hr_user = User.objects.get(email=f"hr@{demo.DOMAIN}")
    responders = set(Response.objects.filter(
        instance__program_id=program.pk, answers__question__type__in=TEXT_TYPES
    ).values_list("user_id", flat=True))
    everyone = list(Employee.objects.values_list("full_name", "email"))

    def unique(user: User) -> bool:
        """Nobody else's name or address contains theirs (Adi Mahendra / Hadi Mahendra)."""
        name, email = user.employee.full_name.lower(), user.employee.email.lower()
        return (sum(name in other.lower() for other, _e in everyone) == 1
                and sum(email in other.lower() for _n, other in everyone) == 1)

    candidates = Pair.objects.filter(
        program=program, mentee__user_id__in=responders
    ).select_related("mentee__user__employee", "mentor__user__employee").order_by("pk")
    chosen = [(p.mentee.user, p) for p in candidates if unique(p.mentee.user)][:2]
    chosen += [(p.mentor.user, p) for p in candidates.exclude(pk__in=[c[1].pk for c in chosen])
               if p.mentor.user and unique(p.mentor.user)][:1]
    assert len(chosen) == 3
    people = [user for user, _pair in chosen]
    pairs = [pair for _user, pair in chosen]
    secrets: list[str] = []
    photos = []
    for n, (user, pair) in enumerate(zip(people, pairs, strict=True)):
        secrets += _plant(user, pair, f"rahasia{n}x")
        secrets += [user.full_name, user.email, user.employee.full_name, user.employee.email]
        photos.append(Profile.objects.get(employee=user.employee).photo)
    before = numbers(program)
    assert Answer.objects.filter(value__icontains="jawaban bebas").count() >= 2
    assert traces_in_database(secrets[:2])  # the search finds what is there
    assert secrets[-1].lower() in _exports(program)  # the e-mail, in the people export

    for user in people:
        request = erasure_services.erasure_request_create(
            by=user, user=user, explanation="please", source=ErasureSource.SELF)
        with django_capture_on_commit_callbacks(execute=True):
            done = erasure_services.erasure_approve(request=request, by=hr_user,
                                                    reason="Permintaan sah")
        assert done.status == ErasureStatus.DONE and done.pseudonym.startswith("Peserta ")

    assert numbers(program) == before
    found = traces_in_database(secrets)
    assert found == [], found
    text = _exports(program)
    assert [s for s in secrets if s.lower() in text] == []
    for user, photo in zip(people, photos, strict=True):
        assert not photo.storage.exists(photo.name)
        user.refresh_from_db()
        assert not user.is_active and not user.has_usable_password()
        assert authenticate(email=user.email, password=demo.DEMO_PASSWORD) is None
