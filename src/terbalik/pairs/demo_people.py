"""Demo additions for the participant's phone (`terbalik demo`, after `build_demo_pairs`):

- the `mentee@` login gets a second pair, in a second running program (the engagement
  template), just started, so the home shows two pairs with different next steps;
- participants of the demo pairs get profiles: every other one a photo (drawn here, then
  re-encoded by the same service an upload goes through), the others initials; some share a
  WhatsApp number with consent, one gives a number without consent (no link appears).

Idempotent: the second program is found again by its template, and profiles are written only
for people who have none yet.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from terbalik.notify import emails as notify_emails
from terbalik.people import services as people_services
from terbalik.people.models import Employee, Profile
from terbalik.people.photos import initials
from terbalik.programs import emails as program_emails
from terbalik.programs import services as program_services
from terbalik.programs.models import ParticipantRole, Program, Status

from . import services
from .demo import _enroll, _login_employee
from .models import Meeting, Pair, TrainingResult

SECOND_TEMPLATE = "engagement"
PALETTE = [(37, 99, 235), (5, 150, 105), (217, 119, 6), (190, 24, 93), (109, 40, 217)]


def _existing(hr_user: Any) -> Program | None:
    return (Program.objects.filter(template_key=SECOND_TEMPLATE, owners=hr_user,
                                   pairs__isnull=False).order_by("id").first())


def _second_mentor(program: Program, mentee: Employee) -> Employee | None:
    """A junior not yet in any program (nor a demo login), outside the mentee's line."""
    busy = Employee.objects.filter(program_enrollments__isnull=False).values("pk")
    chain = {m.pk for m in mentee.management_chain()}
    candidates = (Employee.objects.filter(active=True, grade__gte=1, grade__lte=4)
                  .exclude(pk__in=busy).exclude(user__email__regex=r"^(hr|mentor|mentee|sponsor|admin)@")
                  .order_by("employee_id"))
    return next((e for e in candidates if e.pk not in chain and e.manager_id != mentee.pk), None)


def build_second_pair(*, hr_user: Any, reference: dt.datetime | None = None) -> Pair | None:
    """The `mentee@` login's second pair, in its own running program (once)."""
    existing = _existing(hr_user)
    if existing is not None:
        return existing.pairs.order_by("pk").first()
    mentee_employee = _login_employee("mentee")
    if mentee_employee is None:
        return None
    reference = reference or timezone.now().replace(minute=0, second=0, microsecond=0)
    start = (reference - dt.timedelta(days=6)).date()
    with notify_emails.muted(), program_emails.muted(), transaction.atomic():
        program = program_services.program_create_from_template(
            by=hr_user, template_key=SECOND_TEMPLATE, language="id", start=start)
        program = program_services.program_update(
            program=program, by=hr_user,
            changes={"mentee_places": 2, "mentor_places": 2, "mentor_grade_min": 1,
                     "mentee_grade_min": 1, "min_grade_gap": 0, "cadence": "biweekly"})
        program = program_services.program_transition(program=program, to=Status.RECRUITING,
                                                      by=hr_user)
        mentor_employee = _second_mentor(program, mentee_employee)
        if mentor_employee is None:
            transaction.set_rollback(True)
            return None
        mentor = _enroll(program, mentor_employee, ParticipantRole.MENTOR, hr_user)
        mentee = _enroll(program, mentee_employee, ParticipantRole.MENTEE, hr_user)
        program = program_services.program_transition(program=program, to=Status.MATCHING,
                                                      by=hr_user)
        pair = services.pair_create(program=program, mentor=mentor, mentee=mentee, by=hr_user)
        services.program_launch(
            program=program, by=hr_user, kickoff_place="Zoom",
            kickoff_at=dt.datetime.combine(start, dt.time(2, 0), tzinfo=dt.UTC))
        # the mentor is trained and booked a first meeting; the mentee still has to do the
        # training, accept the agreement, and together they set goals: the home says so
        TrainingResult.objects.get_or_create(
            enrollment=mentor, defaults={"score": 5, "attempts": 1, "answers": {},
                                         "completed_at": reference - dt.timedelta(days=5)})
        first = dt.datetime.combine((reference + dt.timedelta(days=4)).date(), dt.time(7, 0),
                                    tzinfo=dt.UTC)
        Meeting.objects.create(
            pair=pair, uid=f"demo-{pair.pk}-first@terbalik", starts_at=first,
            ends_at=first + dt.timedelta(minutes=60), time_zone="Asia/Jakarta",
            channel="video", location="https://meet.google.com/abc-defg-hij",
            created_by=services.common.user_of(mentor), updated_at=reference)
    return pair


def _drawn_photo(name: str, n: int) -> io.BytesIO:
    """A simple portrait stand-in: a coloured square with a light circle and the initials."""
    image = Image.new("RGB", (320, 320), PALETTE[n % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 50, 230, 190), fill=(245, 245, 245))
    draw.rectangle((60, 210, 260, 320), fill=(245, 245, 245))
    draw.text((12, 12), initials(name), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def build_demo_profiles(*, programs: list[Program]) -> int:
    """Profiles for the participants of these programs' pairs who have none; returns how many
    were written. Every other person gets a photo; odd ones share WhatsApp with consent."""
    pairs = (Pair.objects.filter(program__in=programs)
             .select_related("mentor__employee__user", "mentee__employee__user",
                             "mentor__user", "mentee__user").order_by("program_id", "pk"))
    people: list[Employee] = []
    for pair in pairs:
        for enrollment in (pair.mentor, pair.mentee):
            if enrollment.employee not in people:
                people.append(enrollment.employee)
    have = set(Profile.objects.filter(employee__in=people).values_list("employee_id", flat=True))
    written = 0
    for n, employee in enumerate(people):
        user = getattr(employee, "user", None)
        if employee.pk in have or user is None:
            continue
        login = user.email.split("@")[0]
        number = f"+62 812 {5550000 + n:07d}"
        consent = login == "mentor" or (login != "mentee" and n % 2 == 1)
        people_services.profile_update(
            employee=employee, by=user,
            whatsapp=number if n % 3 != 2 else "",
            whatsapp_consent=consent,
            channels=["whatsapp", "video"] if consent else ["email", "chat"],
            photo=_drawn_photo(employee.full_name, n) if login in ("mentor", "mentee")
            or n % 2 == 0 else None,
        )
        written += 1
    return written
