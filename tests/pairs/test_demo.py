from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from terbalik.accounts.models import User
from terbalik.pairs.demo import build_demo_pairs
from terbalik.pairs.models import Meeting, Pair
from terbalik.programs.demo import build_demo_programs

pytestmark = pytest.mark.django_db

REFERENCE = dt.datetime(2027, 3, 15, 3, 0, tzinfo=dt.UTC)


def test_demo_pairs_cover_every_health_state_and_are_idempotent(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", stdout=io.StringIO())  # the demo company
    hr_user = User.objects.get(email__startswith="hr@")
    build_demo_programs(hr_user=hr_user)
    mail.outbox.clear()
    program = build_demo_pairs(hr_user=hr_user, reference=REFERENCE)
    assert mail.outbox == []
    assert program.status == "active"
    pairs = list(Pair.objects.filter(program=program).select_related(
        "mentor__employee", "mentee__employee"))
    health = [p.health for p in pairs]
    assert {"on_track", "at_risk", "inactive"} <= set(health)
    assert health == ["on_track", "on_track", "at_risk", "at_risk", "inactive", "on_track"]
    assert set(pairs[2].health_reasons) >= {"one_sided", "low_rating"}
    assert "no_meeting" in pairs[3].health_reasons and "overdue_goals" in pairs[3].health_reasons
    for pair in pairs:
        assert 1 <= pair.mentor.employee.grade <= 5 and pair.mentee.employee.grade >= 8
    logins = pairs[0]
    assert logins.mentor.employee.user.email.startswith("mentor@")
    assert logins.mentee.employee.user.email.startswith("mentee@")
    assert Meeting.objects.filter(pair=logins, outcome="held").count() == 4
    count = Meeting.objects.count()
    again = build_demo_pairs(hr_user=hr_user, reference=REFERENCE)
    assert again.pk == program.pk and Meeting.objects.count() == count
