"""The feedback page: ratings over time, comments grouped by pair and theme, search, filters,
pagination, export — and who may see what."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terbalik.accounts.models import Role
from terbalik.pairs.models import CheckIn, Note
from terbalik.reports import themes
from terbalik.surveys import services as survey_services
from terbalik.surveys.answering import response_record
from terbalik.surveys.models import Question, Survey

from ..factories import UserFactory
from .conftest import START, add_meetings, add_pairs

pytestmark = pytest.mark.django_db


def _url(program, name="feedback", *args):
    return reverse(f"reports:{name}", args=[program.pk, *args])


def comment_all(pairs, texts):
    """Give every check-in of `pairs` a comment, cycling through `texts`."""
    checkins = list(CheckIn.objects.filter(meeting__pair__in=pairs).order_by("id"))
    for i, c in enumerate(checkins):
        c.comment = texts[i % len(texts)]
    CheckIn.objects.bulk_update(checkins, ["comment"])
    return checkins


def evaluation(program, hr_user, pairs, *, confidential=False, text="worked {n}"):
    """Every member of `pairs` answers the end-of-program evaluation."""
    survey = Survey.objects.get(template_key="program-evaluation")
    opens = timezone.now() - dt.timedelta(days=20)
    instance = survey_services.survey_instance_create(
        survey=survey, by=hr_user, title="Final evaluation", opens_at=opens,
        closes_at=opens + dt.timedelta(days=10), program_id=program.pk)
    users = []
    for pair in pairs:
        for enrollment in (pair.mentor, pair.mentee):
            users.append(UserFactory(role=Role.PARTICIPANT, employee=enrollment.employee))
    survey_services.survey_instance_add_recipients(instance=instance, users=users, by=hr_user)
    questions = {q.key: q for q in instance.version.questions.all()}
    if confidential:
        Question.objects.filter(pk=questions["did-not-work"].pk).update(confidential=True)
    for n, user in enumerate(users):
        response_record(instance=instance, user=user, answers={
            questions["overall"].pk: 4, questions["nps"].pk: 9,
            questions["worked"].pk: text.format(n=n),
            questions["did-not-work"].pk: f"secret complaint {n}",
        }, submitted_at=opens + dt.timedelta(days=1))
    return instance


def test_dashboard_no_longer_lists_every_text_raw(en, report_program, hr_user):
    """Finding: the free-text feedback was one raw list (a 6,300 px page)."""
    pairs = add_pairs(report_program, 30)
    evaluation(report_program, hr_user, pairs)
    en.force_login(hr_user)
    page = en.get(_url(report_program, "dashboard")).content.decode()
    listed = sum(f"worked {n}<" in page for n in range(60))
    assert listed == 0
    assert 'id="feedback-link"' in page and "60 answers." in page
    feedback = en.get(_url(report_program)).content.decode()
    assert feedback.count('class="border-start border-3 ps-2 mb-2 comment"') == 25
    assert 'data-count="120"' in feedback and "Page 1 of 5" in feedback  # 60 people × 2


def test_access(en, report_program, hr_user, sponsor):
    url = _url(report_program)
    export = _url(report_program, "feedback_export", "csv")
    assert en.get(url).status_code == 302 and en.get(export).status_code == 302
    en.force_login(UserFactory(role=Role.PARTICIPANT))
    assert en.get(url).status_code == 403 and en.get(export).status_code == 403
    en.force_login(UserFactory(role=Role.HR))  # another program's HR
    assert en.get(url).status_code == 404 and en.get(export).status_code == 404
    en.force_login(UserFactory(role=Role.SPONSOR))  # not this program's sponsor
    assert en.get(url).status_code == 404
    en.force_login(hr_user)
    assert en.get(url).status_code == 200 and en.get(export).status_code == 200
    assert en.get(_url(report_program, "feedback_export", "pdf")).status_code == 404
    en.force_login(sponsor)
    assert en.get(url).status_code == 200
    assert en.get(export).status_code == 403  # sponsors never export


def test_hr_sees_comments_grouped_by_pair_never_private_notes(en, report_program, hr_user):
    pairs = add_pairs(report_program, 3)
    add_meetings(pairs, weeks=2)
    comment_all(pairs[:1], ["Kami bahas jadwal yang sering bentrok"])
    comment_all(pairs[1:2], ["Great talk about TikTok"])
    Note.objects.create(pair=pairs[0], body="private note text", created_at=START)
    en.force_login(hr_user)
    page = en.get(_url(report_program)).content.decode()
    assert "private note text" not in page
    assert page.count('class="h6 mt-3 comment-group"') == 2  # one heading per pair
    assert "Kami bahas jadwal yang sering bentrok" in page and "Great talk about TikTok" in page
    assert "Time and scheduling: jadwal, bentrok" in page  # explainable: the keywords
    assert "Digital skills and tools: tiktok" in page
    assert 'data-count="8"' in page  # 2 meetings × 2 people × 2 pairs
    grouped = en.get(_url(report_program) + "?group=theme").content.decode()
    assert '<h3 class="h6 mt-3 comment-group">Time and scheduling</h3>' in grouped


def test_filters_search_theme_rating_dates_and_source(en, report_program, hr_user):
    pairs = add_pairs(report_program, 3)
    add_meetings(pairs, weeks=3, ratings=(2, 5))
    comment_all(pairs, ["Sesi tentang aplikasi", "Waktu terlalu singkat"])
    evaluation(report_program, hr_user, pairs[:1], text="Evaluation text {n}")
    en.force_login(hr_user)

    def count(query):
        page = en.get(_url(report_program) + query).content.decode()
        import re

        return int(re.search(r'data-count="(\d+)"', page).group(1))

    everything = count("")
    assert everything == 3 * 3 * 2 + 4  # check-ins; 2 people × 2 evaluation questions
    assert count(f"?pair={pairs[0].pk}") == 3 * 2 + 4
    chosen = en.get(_url(report_program) + f"?pair={pairs[0].pk}").content.decode()
    assert f'<option value="{pairs[0].pk}" selected>' in chosen
    assert count("?q=SINGKAT") == 9
    assert count("?theme=time") == 9 and count("?theme=digital") == 9
    assert count("?theme=other") == 4
    assert count("?rating=2") == 9 and count("?rating=4") == 4  # mentors; evaluation "overall"
    first_week = timezone.localdate(START)
    assert count(f"?date_from={first_week}&date_to={first_week}&source=meetings") == 6
    assert count("?source=meetings") == 18
    page = en.get(_url(report_program) + "?date_from=2026-05-01&date_to=2026-04-01")
    assert page.status_code == 200
    assert "The end date is before the start date." in page.content.decode()
    assert count("?date_from=not-a-date") == everything  # the bad field is left out, named
    assert "Enter a valid date." in en.get(_url(report_program) + "?date_from=x").content.decode()


def test_confidential_answers_only_counted(en, report_program, hr_user):
    pairs = add_pairs(report_program, 3)
    evaluation(report_program, hr_user, pairs, confidential=True)
    en.force_login(hr_user)
    page = en.get(_url(report_program)).content.decode()
    assert "secret complaint" not in page and "worked 0" in page
    assert "6 answers to confidential questions are not shown." in page
    body = en.get(_url(report_program, "feedback_export", "csv")).content.decode("utf-8-sig")
    assert "secret complaint" not in body and "worked 0" in body


def test_ratings_chart_and_its_empty_state(en, report_program, hr_user):
    pairs = add_pairs(report_program, 2)
    en.force_login(hr_user)
    page = en.get(_url(report_program)).content.decode()
    assert "<canvas" not in page and 'id="ratings-empty"' in page
    assert 'id="comments-empty"' in page
    add_meetings(pairs, weeks=2, ratings=(3, 5))
    page = en.get(_url(report_program)).content.decode()
    assert 'id="ratings-chart"' in page and 'id="rating-weeks"' in page
    assert "reports/feedback.js" in page
    # the x axis: weeks in the reader's short date format (English: day/month/year), not ISO
    labels = re.search(r'id="feedback-chart"[^>]*>\{"labels": \[([^]]*)\]', page).group(1)
    assert re.fullmatch(r'"\d\d/\d\d/\d{4}"(, "\d\d/\d\d/\d{4}")*', labels), labels


def test_sponsor_sees_totals_only_and_small_groups_hidden(en, report_program, hr_user, sponsor):
    pairs = add_pairs(report_program, 3)
    add_meetings(pairs, weeks=1)
    comment_all(pairs, ["Waktu terlalu singkat"])
    en.force_login(sponsor)
    page = en.get(_url(report_program)).content.decode()
    assert 'id="feedback-suppressed"' in page and "Waktu terlalu singkat" not in page
    more = add_pairs(report_program, 4)
    add_meetings(more, weeks=1, ratings=(1, 5))
    comment_all(pairs + more, ["Waktu terlalu singkat"])
    page = en.get(_url(report_program) + f"?pair={pairs[0].pk}&q=x").content.decode()
    assert 'id="feedback-suppressed"' not in page
    assert "Waktu terlalu singkat" not in page and 'id="comments"' not in page
    assert 'id="feedback-filters"' not in page and "<canvas" not in page
    # ratings: 1 ×4 and 4 ×3 (hidden: fewer than 5), 5 ×7 (shown)
    assert '<span class="theme-n" data-theme="time">14</span>' in page  # from 7 pairs
    comment_all(pairs + more[:1], ["Waktu terlalu singkat"])
    CheckIn.objects.filter(meeting__pair__in=more[1:]).update(comment="")
    page = en.get(_url(report_program)).content.decode()  # 8 comments, but from 4 pairs
    assert '<span class="theme-n" data-theme="time">hidden</span>' in page
    totals = page[page.index('id="rating-totals"'):page.index("</table>",
                                                               page.index('id="rating-totals"'))]
    assert ">7</td>" in totals and totals.count(">hidden<") == 2 and ">4</td>" not in totals


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["feedback", "feedback_export"])
def test_query_count_does_not_grow_with_pairs(en, report_program, hr_user, name):
    en.force_login(hr_user)
    pairs = add_pairs(report_program, 5)
    add_meetings(pairs, weeks=2)
    comment_all(pairs, ["a comment about the schedule"])
    evaluation(report_program, hr_user, pairs)
    args = ["xlsx"] if name == "feedback_export" else []
    small = _queries(en, _url(report_program, name, *args))
    pairs = add_pairs(report_program, 35)
    add_meetings(pairs, weeks=4)
    comment_all(pairs, ["another comment", "komentar tentang aplikasi"])
    evaluation(report_program, hr_user, pairs)
    assert _queries(en, _url(report_program, name, *args)) == small


def test_export_has_the_filtered_comments_with_real_dates(en, report_program, hr_user):
    from openpyxl import load_workbook

    pairs = add_pairs(report_program, 2)
    add_meetings(pairs, weeks=2)
    comment_all(pairs, ["Sesi tentang aplikasi", "Waktu terlalu singkat"])
    en.force_login(hr_user)
    body = en.get(_url(report_program, "feedback_export", "csv") + "?theme=time").content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Date", "Source", "Pair"] and len(rows) == 1 + 4
    assert all(r[-1] == "Waktu terlalu singkat" for r in rows[1:])
    sheet = load_workbook(io.BytesIO(en.get(
        _url(report_program, "feedback_export", "xlsx")).content)).active
    cells = list(sheet.iter_rows(min_row=2))
    assert len(cells) == 8
    assert all(row[0].is_date and row[4].data_type == "n" for row in cells)


def test_themes_are_keywords_in_both_languages():
    # "jadwal" is a prefix keyword ("Jadwalnya"); the match names the keyword, not the word
    assert themes.match("Jadwalnya sering bentrok") == {"time": ["jadwal", "bentrok"]}
    assert themes.match("We kept rescheduling") == {"time": ["reschedul"]}
    assert "digital" in themes.match("Belajar pakai ChatGPT dan Canva")
    assert themes.match("Air putih") == {}  # "ai" is a whole word, not a prefix
    assert set(themes.match("Gen Z customers think differently")) == {"generations"}


def test_sponsor_theme_needs_five_distinct_pairs_not_five_comments(en, report_program,
                                                                     sponsor):
    """Code review: six comments in a theme from one pair were shown to sponsors."""
    pairs = add_pairs(report_program, 7)
    add_meetings(pairs[:1], weeks=3)  # 6 check-ins from one pair
    add_meetings(pairs[1:], weeks=1)
    comment_all(pairs[:1], ["Waktu terlalu singkat"])
    comment_all(pairs[1:], ["Sangat bermanfaat"])
    en.force_login(sponsor)
    page = en.get(_url(report_program)).content.decode()
    assert 'id="feedback-suppressed"' not in page  # 7 pairs gave feedback
    assert '<span class="theme-n" data-theme="time">hidden</span>' in page
    assert '<span class="theme-n" data-theme="praise">12</span>' in page  # from 6 pairs
