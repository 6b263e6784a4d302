"""Charts without data show an empty state; the PDF's table headers never break a word and
p below 0.001 is written as such; XLSX exports hold real dates, numbers and the meeting's
state as the model says."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.utils import timezone, translation

from terbalik.core.stats_format import p_clause, p_text
from terbalik.pairs.models import Meeting, MeetingOutcome, MeetingStatus
from terbalik.reports import pdf
from terbalik.reports.context import build_report

from .conftest import START, add_meetings, add_pairs
from .test_views import _url

pytestmark = pytest.mark.django_db


def _pdf_lines(content: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(content)
    lines: list[str] = []
    for page in document:
        lines += page.get_textpage().get_text_range().replace("\r", "").split("\n")
        page.close()
    document.close()
    return [line.strip() for line in lines]


def _word_broken(lines: list[str], word: str) -> bool:
    """`word` appears only cut in two at a line end (…prefix / suffix…)."""
    for i in range(len(lines) - 1):
        for cut in range(2, len(word) - 1):
            if lines[i].endswith(word[:cut]) and lines[i + 1].startswith(word[cut:]):
                return True
    return False


def _pdf_report(program, language, people=True):
    with translation.override(language):
        report = build_report(program=program, people=people)
        return pdf.report_pdf(report, language=language), report


@pytest.mark.parametrize("language", ["en", "id"])
def test_pdf_table_headers_never_break_inside_a_word(report_program, pre_post_sendings,
                                                     language):
    pairs = add_pairs(report_program, 6)
    add_meetings(pairs, weeks=3)
    pre_post_sendings(report_program, [0] * 6, [100] * 6)
    content, _report = _pdf_report(report_program, language)
    lines = _pdf_lines(content)
    with translation.override(language):
        headers = [str(h) for h in pdf.table_headers()]
    words = {w for h in headers for w in re.findall(r"\w+", h) if len(w) >= 4}
    assert words, "the PDF's header labels are known"
    broken = sorted(w for w in words if _word_broken(lines, w))
    assert broken == []


def test_pdf_writes_tiny_p_as_below_one_thousandth(report_program, pre_post_sendings):
    pairs = add_pairs(report_program, 40)
    add_meetings(pairs, weeks=1)
    before = [0] * 20 + [50] * 20
    pre_post_sendings(report_program, before, [100] * 40)
    content, report = _pdf_report(report_program, "en")
    row = report.outcomes[0].rows[0].result
    assert row.t_p_value is not None and row.t_p_value < 0.001
    text = "\n".join(_pdf_lines(content))
    assert "paired t-test, two-sided p < 0.001." in text  # the running text: "p <", not "p ="
    assert "0.000" not in text


def test_p_text_per_locale():
    assert p_text(0.0004) == "< 0.001"
    assert p_text(0.0123) == "0.012"
    with translation.override("id"):
        assert p_text(0.0004) == "< 0,001"


def test_p_in_running_text_never_reads_equals_less_than():
    assert p_clause(0.0004) == "p < 0.001"
    assert p_clause(0.0123) == "p = 0.012"
    with translation.override("id"):
        assert p_clause(0.0004) == "p < 0,001"


def test_html_p_values_use_the_locale(client, report_program, hr_user, pre_post_sendings):
    pairs = add_pairs(report_program, 40)
    add_meetings(pairs, weeks=1)
    pre_post_sendings(report_program, [0] * 20 + [50] * 20, [100] * 40)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    client.force_login(hr_user)
    page = client.get(_url("dashboard", report_program)).content.decode()
    assert "&lt; 0,001" in page and "&lt; 0.001" not in page
    assert "p = &lt;" not in page


def test_charts_without_data_show_an_empty_state(en, report_program, hr_user):
    """An active program with pairs but no meeting, no outcome and no retention data yet."""
    add_pairs(report_program, 6)
    en.force_login(hr_user)
    page = en.get(_url("dashboard", report_program)).content.decode()
    assert "<canvas" not in page
    assert page.count('class="chart-empty') >= 2  # meetings per week, retention
    assert "No meetings yet" in page


def test_retention_chart_without_curves_shows_an_empty_state(en, report_program, hr_user):
    pairs = add_pairs(report_program, 6, started=timezone.now() + dt.timedelta(days=3))
    add_meetings(pairs, weeks=1)
    en.force_login(hr_user)
    page = en.get(_url("dashboard", report_program)).content.decode()
    assert 'id="survival-chart"' not in page
    assert 'id="retention-empty"' in page


def test_pdf_charts_without_data_say_so(report_program):
    add_pairs(report_program, 6)
    content, report = _pdf_report(report_program, "en")
    assert not report.board.weeks
    text = "\n".join(_pdf_lines(content))
    assert "No meetings yet" in text


def _sheet(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content)).active


def test_meetings_xlsx_has_real_dates_and_the_model_state(en, report_program, hr_user):
    pairs = add_pairs(report_program, 2)
    add_meetings(pairs, weeks=2, held_every=2)  # week 0 held, week 1 pending
    cancelled = Meeting.objects.filter(pair=pairs[1], outcome=MeetingOutcome.PENDING).get()
    Meeting.objects.filter(pk=cancelled.pk).update(status=MeetingStatus.CANCELLED)
    Meeting.objects.filter(pair=pairs[1], outcome=MeetingOutcome.HELD).update(
        outcome=MeetingOutcome.ONE_SIDED)
    en.force_login(hr_user)
    sheet = _sheet(en.get(_url("export", report_program, "meetings", "xlsx")).content)
    rows = list(sheet.iter_rows(values_only=False))
    header = [c.value for c in rows[0]]
    starts, state = header.index("Starts"), header.index("State")
    assert "Status" not in header  # one state column, not "Scheduled" next to "Held"
    by_start = {}
    for row in rows[1:]:
        cell = row[starts]
        assert cell.is_date  # a date cell (serial number with a date format), not text
        assert "yy" in cell.number_format.lower() and "h" in cell.number_format.lower()
        assert isinstance(cell.value, dt.datetime)
        by_start.setdefault(row[0].value, []).append((cell.value, row[state].value))
    local_start = timezone.localtime(START).replace(tzinfo=None)
    assert (local_start, "Held") in by_start[pairs[0].pk]
    assert (local_start, "Confirmed by one person only") in by_start[pairs[1].pk]
    assert (local_start + dt.timedelta(weeks=1), "Cancelled") in by_start[pairs[1].pk]
    assert all(s != "Scheduled" for _p, rows_ in by_start.items() for _d, s in rows_
               if _d < local_start + dt.timedelta(weeks=1))
    rating = header.index("Mean rating")
    assert rows[1][rating].data_type == "n"


def test_pairs_xlsx_dates_are_dates_and_counts_numbers(en, report_program, hr_user):
    pairs = add_pairs(report_program, 2)
    add_meetings(pairs, weeks=1)
    en.force_login(hr_user)
    sheet = _sheet(en.get(_url("export", report_program, "pairs", "xlsx")).content)
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    started = rows[1][header.index("Started")]
    assert started.is_date and isinstance(started.value, dt.datetime)
    assert rows[1][header.index("Meetings held")].data_type == "n"


def test_xlsx_date_format_follows_the_language(client, report_program, hr_user):
    pairs = add_pairs(report_program, 1)
    add_meetings(pairs, weeks=1)
    client.force_login(hr_user)
    formats = {}
    for language in ("en", "id"):
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        sheet = _sheet(client.get(_url("export", report_program, "meetings", "xlsx")).content)
        formats[language] = list(sheet.iter_rows())[1][3].number_format
    assert formats["id"].startswith("dd")  # Indonesian: day first
    assert formats["en"] != formats["id"]


def test_csv_dates_follow_the_language(client, report_program, hr_user):
    pairs = add_pairs(report_program, 1)
    add_meetings(pairs, weeks=1)
    client.force_login(hr_user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    body = client.get(_url("export", report_program, "meetings", "csv")).content.decode(
        "utf-8-sig")
    local = timezone.localtime(START)
    header, first = body.splitlines()[:2]
    assert header.split(",")[3] == "Mulai"
    assert first.split(",")[3] == local.strftime("%d-%m-%Y %H:%M") == "02-03-2026 10:00"


def test_responses_export_submitted_is_a_date(en, report_program, hr_user, pre_post_sendings):
    pre, _post = pre_post_sendings(report_program, [0, 50], [50, 100])
    en.force_login(hr_user)
    sheet = _sheet(en.get(_url("export", report_program, f"responses-{pre.pk}", "xlsx")).content)
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    submitted = rows[1][header.index("Submitted at")]
    assert submitted.is_date and isinstance(submitted.value, dt.datetime)
