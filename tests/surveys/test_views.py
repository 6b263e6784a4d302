"""The builder, sendings, answering and results through HTTP."""

from __future__ import annotations

import csv
import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.surveys import services
from terbalik.surveys.models import Kind, Phase, QuestionType, Response, Survey
from terbalik.surveys.services import QuestionData

from ..factories import EmployeeFactory, UserFactory
from .conftest import T, likert, opt

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr(client, hr_user):
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    return client


def test_hr_builds_a_survey_through_the_forms(hr, hr_user):
    response = hr.post(reverse("surveys:create"), {
        "title_id": "Survei pulsa", "title_en": "", "description_id": "", "description_en": "",
        "kind": Kind.CUSTOM,
    })
    survey = Survey.objects.get(created_by=hr_user)
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    add = reverse("surveys:question_add", args=[survey.pk])
    bad = hr.post(add, {"type": "test", "text_id": "Ibu kota?", "options_id": "Jakarta\nBandung",
                        "correct": "", "points": "1", "required": "on"})
    assert bad.status_code == 200
    assert "Mark at least one option as correct." in bad.content.decode()
    hr.post(add, {"type": "test", "text_id": "Ibu kota?", "text_en": "Capital?",
                  "options_id": "Jakarta\nBandung\nMedan", "options_en": "Jakarta\nBandung\nMedan",
                  "correct": "1", "points": "2", "required": "on"})
    hr.post(add, {"type": "likert", "text_id": "Saya yakin", "min_value": "1", "max_value": "5",
                  "scale_id": "Sangat tidak setuju\n\n\n\nSangat setuju", "required": "on"})
    first, second = services.survey_current_version(survey).questions.order_by("position")
    assert first.options[0] == {"value": "o1", "label": {"id": "Jakarta", "en": "Jakarta"},
                                "correct": True}
    assert first.points == 2
    assert second.scale_labels == {"1": {"id": "Sangat tidak setuju"}, "5": {"id": "Sangat setuju"}}
    # edit keeps option values
    hr.post(reverse("surveys:question_edit", args=[survey.pk, first.pk]), {
        "type": "test", "text_id": "Ibu kota Indonesia?", "options_id": "Jakarta\nSurabaya\nMedan",
        "correct": "1", "points": "2", "required": "on"})
    first.refresh_from_db()
    assert first.text == {"id": "Ibu kota Indonesia?"}
    assert [o["value"] for o in first.options] == ["o1", "o2", "o3"]


def test_htmx_reorder_returns_the_list_and_remove_confirms(hr, make_survey):
    survey = make_survey([likert(T("Satu", "One")), likert(T("Dua", "Two"))])
    one, two = services.survey_current_version(survey).questions.order_by("position")
    response = hr.post(reverse("surveys:question_down", args=[survey.pk, one.pk]),
                       HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and 'id="question-list"' in html
    assert "<html" not in html
    assert html.index('fw-semibold">Two') < html.index('fw-semibold">One')
    assert "“One” moved down." in html
    # without JavaScript: a normal form post redirects
    response = hr.post(reverse("surveys:question_up", args=[survey.pk, one.pk]))
    assert response.status_code == 302
    assert [q.key for q in services.survey_current_version(survey).questions.order_by(
        "position")] == [one.key, two.key]
    confirm = hr.get(reverse("surveys:question_remove", args=[survey.pk, two.pk]))
    assert "Remove the question “Two”?" in confirm.content.decode()
    assert services.survey_current_version(survey).questions.count() == 2
    hr.post(reverse("surveys:question_remove", args=[survey.pk, two.pk]), HTTP_HX_REQUEST="true")
    assert services.survey_current_version(survey).questions.count() == 1


def test_hr_creates_a_sending_picks_recipients_and_invites(hr, hr_user, make_survey):
    survey = make_survey([likert(T("Satu", "One"))])
    senior = EmployeeFactory(grade=10, department="Keuangan")
    junior = EmployeeFactory(grade=2, department="Keuangan")
    other = EmployeeFactory(grade=10, department="Pemasaran")
    for e in (senior, junior, other):
        UserFactory(role=Role.PARTICIPANT, employee=e, email=e.email)
    response = hr.post(reverse("surveys:instance_create", args=[survey.pk]), {
        "title": "Sebelum", "opens_at": "2026-01-01T08:00", "closes_at": "2026-01-01T07:00",
        "phase": Phase.PRE,
    })
    assert "The closing date must be after the opening date." in response.content.decode()
    response = hr.post(reverse("surveys:instance_create", args=[survey.pk]), {
        "title": "Sebelum", "opens_at": "2026-01-01T08:00", "closes_at": "2099-01-01T08:00",
        "phase": Phase.PRE,
    })
    instance = hr_user.survey_instances_created.get()
    assert instance.opens_at.isoformat() == "2026-01-01T01:00:00+00:00"  # 08:00 in Jakarta
    url = reverse("surveys:recipients", args=[instance.pk])
    preview = hr.get(url, {"department": "Keuangan", "grade_min": "8"})
    assert "1 person matches" in preview.content.decode()
    hr.post(url, {"department": "Keuangan", "grade_min": "8", "grade_max": "", "role": ""})
    assert list(instance.recipients.all()) == [senior.user]
    hr.post(reverse("surveys:invite", args=[instance.pk]))
    assert [m.to for m in mail.outbox] == [[senior.email]]
    assert "http://testserver/surveys/my/" in mail.outbox[0].body


def test_participant_saves_resumes_and_submits(client, make_survey, make_instance,
                                               participant_user):
    participant_user.language = "en"
    participant_user.save()
    survey = make_survey([
        likert(T("Saya yakin", "I am confident")),
        QuestionData(type=QuestionType.MULTIPLE, text=T("Minat", "Interests"),
                     options=[opt("ai", "AI"), opt("data", "Data")]),
        QuestionData(type=QuestionType.SHORT_TEXT, text=T("Catatan", "Notes"), required=False),
    ])
    instance = make_instance(survey, [participant_user])
    q1, q2, q3 = services.survey_current_version(survey).questions.order_by("position")
    client.force_login(participant_user)
    url = reverse("surveys:answer", args=[instance.pk])
    page = client.get(url).content.decode()
    assert "<legend" in page and "I am confident" in page and "0 of 3 questions answered" in page
    response = client.post(url, {f"q{q1.pk}": "4", "action": "save"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'value="4" checked' in page and "1 of 3 questions answered" in page
    response = client.post(url, {f"q{q1.pk}": "4", f"q{q3.pk}": "=cmd|' /C calc'!A0",
                                 "action": "submit"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_q{q2.pk}">Please answer “Interests”.</a>' in html
    assert f'id="id_q{q2.pk}-error"' in html
    assert Response.objects.get().status == Response.Status.DRAFT
    response = client.post(url, {f"q{q1.pk}": "4", f"q{q2.pk}": ["data", "ai"],
                                 f"q{q3.pk}": "=cmd|' /C calc'!A0", "action": "submit"})
    assert response["Location"] == reverse("surveys:my")
    assert Response.objects.get().status == Response.Status.SUBMITTED
    done = client.get(url).content.decode()
    assert "You submitted your answers" in done and "AI; Data" in done
    assert "Completed" in client.get(reverse("surveys:my")).content.decode()
    # the export neutralises the formula
    hr_user = survey.created_by
    client.force_login(hr_user)
    content = client.get(reverse("surveys:export_csv", args=[instance.pk])).content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][-1] == "'=cmd|' /C calc'!A0"
    xlsx = client.get(reverse("surveys:export_xlsx", args=[instance.pk]))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cell = sheet.cell(row=2, column=sheet.max_column)
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"


def test_results_page_shows_charts_tables_and_hides_small_groups(client, make_survey,
                                                                 make_instance, participants,
                                                                 hr_user, sponsor_user,
                                                                 sponsored):
    survey = make_survey([likert(T("Yakin", "Confident")),
                          likert(T("Atasan", "Manager"), confidential=True)])
    users = participants(3)
    instance = make_instance(survey, users)
    q1, q2 = services.survey_current_version(survey).questions.order_by("position")
    for u in users:
        services.response_submit(instance=instance, user=u, answers={q1.pk: 4, q2.pk: 2})
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    html = client.get(reverse("surveys:results", args=[instance.pk])).content.decode()
    assert f'id="chart-{q1.pk}"' in html and "chart.umd.min.js" in html
    assert f'id="chart-{q2.pk}"' not in html
    assert "the totals appear once the sending is closed" in html  # confidential, still open
    services.survey_instance_close(instance=instance, by=hr_user)
    html = client.get(reverse("surveys:results", args=[instance.pk])).content.decode()
    assert "Hidden: fewer than 5 people answered." in html
    assert "the totals appear once the sending is closed" not in html
    sponsor_user.language = "en"
    sponsor_user.save()
    sponsored(instance, sponsor_user)
    client.force_login(sponsor_user)
    html = client.get(reverse("surveys:results", args=[instance.pk])).content.decode()
    assert html.count("Hidden: fewer than 5 people answered.") == 2
    assert "Export CSV" not in html


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_query_per_row(client, hr_user, make_survey, make_instance,
                                         participants, participant_user):
    users = participants(2)

    def add_sending(n):
        survey = make_survey([likert(T(f"Soal {n}"))], title=T(f"Survei {n}"))
        instance = make_instance(survey, users + [participant_user], title=f"Kirim {n}")
        services.survey_instance_close(instance=instance, by=hr_user) if n % 2 else None
        return instance

    add_sending(1)
    client.force_login(hr_user)
    urls = [reverse("surveys:list"), reverse("surveys:results_list")]
    before = {url: _count(client, url) for url in urls}
    first = hr_user.survey_instances_created.first()
    before_detail = _count(client, reverse("surveys:instance", args=[first.pk]))
    for n in range(2, 7):
        add_sending(n)
    services.survey_instance_add_recipients(instance=first, users=participants(4), by=hr_user)
    for url in urls:
        assert _count(client, url) == before[url], url
    assert _count(client, reverse("surveys:instance", args=[first.pk])) == before_detail
    client.force_login(participant_user)
    my = reverse("surveys:my")
    assert _count(client, my) <= before[urls[0]] + 5
    few = _count(client, my)
    add_sending(7)
    assert _count(client, my) == few


def _dangling_describedby(html):
    import re

    ids = set(re.findall(r'\sid="([^"]+)"', html))
    refs = {ref for value in re.findall(r'aria-describedby="([^"]+)"', html)
            for ref in value.split()}
    return sorted(refs - ids)


def test_builder_and_recipient_errors_are_announced_with_their_field(hr, make_survey,
                                                                     make_instance):
    """Every aria-describedby (Django adds "<id>_helptext" / "<id>_error") names a real element."""
    survey = make_survey([likert(T("Yakin", "Confident"))])
    url = reverse("surveys:question_add", args=[survey.pk])
    html = hr.post(url, {"type": "test", "correct": "x", "points": "-1"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert _dangling_describedby(html) == []
    assert 'id="id_correct_error"' in html and 'id="id_correct_helptext"' in html
    instance = make_instance(survey, [])
    url = reverse("surveys:recipients", args=[instance.pk])
    html = hr.get(url, {"grade_min": "9", "grade_max": "3"}).content.decode()
    assert 'id="id_grade_max_error"' in html
    assert _dangling_describedby(html) == []


def test_recipients_can_be_a_programs_mentees_mentors_or_both(hr, hr_user, make_survey,
                                                             make_instance, participants):
    from django.utils import timezone

    from terbalik.programs.models import Enrollment, EnrollmentStatus, Program

    from ..programs.conftest import program_fields

    program = Program.objects.create(created_by=hr_user, **program_fields())
    program.owners.add(hr_user)
    other = Program.objects.create(created_by=hr_user, **program_fields(name="Not mine"))
    mentee, mentor, waiting, outsider = participants(4)
    for user, role, status in [(mentee, "mentee", EnrollmentStatus.APPROVED),
                               (mentor, "mentor", EnrollmentStatus.APPROVED),
                               (waiting, "mentee", EnrollmentStatus.WAITLISTED)]:
        Enrollment.objects.create(program=program, employee=user.employee, user=user, role=role,
                                  status=status, applied_at=timezone.now())
    instance = make_instance(make_survey([likert(T("Yakin"))]), [])
    url = reverse("surveys:recipients", args=[instance.pk])
    page = hr.get(url).content.decode()
    assert "Digital skills 2027" in page and "Not mine" not in page  # only programs HR runs
    html = hr.get(url, {"program": other.pk}).content.decode()
    assert "Select a valid choice" in html
    html = hr.get(url, {"audience": "mentee"}).content.decode()
    assert "Choose the program whose mentors or mentees you mean." in html
    hr.post(url, {"program": program.pk, "audience": "mentee"})
    assert set(instance.recipient_links.values_list("user", flat=True)) == {mentee.pk}
    hr.post(url, {"program": program.pk, "audience": ""})
    assert set(instance.recipient_links.values_list("user", flat=True)) == {mentee.pk, mentor.pk}


def test_autosave_says_why_nothing_was_saved_once_the_survey_closed(client, make_survey,
                                                                   make_instance,
                                                                   participant_user, hr_user):
    participant_user.language = "en"
    participant_user.save()
    survey = make_survey([likert(T("Saya yakin", "I am confident"))])
    instance = make_instance(survey, [participant_user])
    (q,) = services.survey_current_version(survey).questions.all()
    client.force_login(participant_user)
    url = reverse("surveys:autosave", args=[instance.pk])
    assert "Saved automatically" in client.post(url, {f"q{q.pk}": "3"}).content.decode()
    services.survey_instance_close(instance=instance, by=hr_user)
    html = client.post(url, {f"q{q.pk}": "4"}).content.decode()
    assert "This survey is not open for answers." in html
    assert "an answer needs checking" not in html
