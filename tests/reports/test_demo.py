"""The demo's finished program has a complete report; the demo sponsor may read it."""

from __future__ import annotations

import datetime as dt
import io
from fractions import Fraction

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from terbalik.accounts.models import User
from terbalik.reports.context import build_report
from terbalik.reports.demo import build_demo_reports
from terbalik.reports.models import ProgramSponsor
from terbalik.surveys.demo import build_demo_surveys

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2027, 2, 1, 3, 0, tzinfo=dt.UTC), tick=False)
def test_finished_demo_program_has_a_complete_report(settings, client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("demo", stdout=io.StringIO())
    hr_user = User.objects.get(email__startswith="hr@")
    build_demo_surveys(hr_user=hr_user)
    mail.outbox.clear()
    program = build_demo_reports(hr_user=hr_user)
    assert mail.outbox == []
    assert program.status == "completed"
    assert build_demo_reports(hr_user=hr_user) == program  # idempotent
    report = build_report(program=program, people=True)
    funnel = dict(report.board.funnel)
    assert funnel["Completed"] >= 10 and report.board.meetings_held > 0
    assert report.board.mean_rating is not None and report.board.checkin_rate == 100.0
    row = report.outcomes[0].rows[0]
    assert report.outcomes[0].key == "digital_literacy" and row.result.n >= 20
    # hand-known from the seeded demo: 34 paired scores, mean 1755/34 before and 2025/34
    # after, so the relative change is 270/1755 = 200/13 % (not recomputed from the report)
    assert row.result.n == 34
    assert row.result.mean_before == pytest.approx(1755 / 34)
    assert row.result.mean_after == pytest.approx(2025 / 34)
    # honest under the interval rule: about +15 % with a Fieller interval (+1.9 % … +30.4 %)
    # that contains the 20 % target
    v = report.verdict.verdict
    assert report.verdict.code == "inconclusive"
    assert v.estimate == 100 * v.mean_change / v.mean_before  # exact, one value
    assert v.estimate == Fraction(200, 13)
    assert v.ci_low < 20 < v.ci_high and v.n == row.result.n
    assert "selang kepercayaannya masih mencakup target" in program.closing_summary
    assert not report.retention.participants.suppressed
    assert report.retention.participants.at_6 is not None  # followed for more than 6 months
    assert report.feedback.nps is not None and report.feedback.groups[0].texts
    sponsor = User.objects.get(email__startswith="sponsor@")
    assert ProgramSponsor.objects.filter(program=program, user=sponsor).exists()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.force_login(hr_user)
    for name in ("dashboard", "report", "report_pdf"):
        assert client.get(reverse(f"reports:{name}", args=[program.pk])).status_code == 200
    page = client.get(reverse("reports:dashboard", args=[program.pk])).content.decode()
    assert 'id="feedback-link"' in page and "feedback-summary" in page
    text = report.feedback.groups[0].texts[0]
    feedback_url = reverse("reports:feedback", args=[program.pk])
    comments = client.get(feedback_url, {"q": text}).content.decode()
    assert text in comments.replace("&#x27;", "'")
    client.force_login(sponsor)
    page = client.get(reverse("reports:dashboard", args=[program.pk])).content.decode()
    assert "Sponsor view: totals only" in page and "feedback-summary" not in page
    assert 'id="feedback-link"' not in page
    comments = client.get(feedback_url, {"q": text}).content.decode()
    assert text not in comments.replace("&#x27;", "'")
    sponsored = build_report(program=program, people=False)
    assert all(not g.texts for g in sponsored.feedback.groups)
