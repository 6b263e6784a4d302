"""Report pages: access, sponsor suppression, flat query counts, PDF, exports, overview."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.pairs.models import Goal, Pair

from ..factories import UserFactory
from .conftest import add_goals, add_meetings, add_pairs, add_training

pytestmark = pytest.mark.django_db


def _url(name, program, *args):
    return reverse(f"reports:{name}", args=[program.pk, *args])


def test_access_rules(en, report_program, hr_user, sponsor):
    url = _url("dashboard", report_program)
    assert en.get(url).status_code == 302  # anonymous → login
    en.force_login(UserFactory(role=Role.HR))
    assert en.get(url).status_code == 404  # another HR user's program
    en.force_login(UserFactory(role=Role.SPONSOR))
    assert en.get(url).status_code == 404  # a sponsor not assigned
    en.force_login(UserFactory(role=Role.PARTICIPANT))
    assert en.get(url).status_code == 403
    en.force_login(hr_user)
    assert en.get(url).status_code == 200
    en.force_login(sponsor)
    page = en.get(url)
    assert page.status_code == 200 and b"Sponsor view: totals only" in page.content


def test_sponsor_sees_suppression_and_no_exports(en, report_program, sponsor):
    pairs = add_pairs(report_program, 2)
    add_meetings(pairs, weeks=2)
    en.force_login(sponsor)
    page = en.get(_url("dashboard", report_program)).content.decode()
    assert 'id="suppressed"' in page and 'id="exports"' not in page
    assert "observational, not causal" in page
    assert en.get(_url("export", report_program, "pairs", "csv")).status_code == 403


def test_hr_dashboard_shows_figures(en, report_program, hr_user, pre_post_sendings):
    pairs = add_pairs(report_program, 6)
    add_meetings(pairs, weeks=3)
    pre_post_sendings(report_program, [0, 50, 50, 0, 50, 100], [50, 100, 50, 50, 100, 100])
    en.force_login(hr_user)
    page = en.get(_url("dashboard", report_program)).content.decode()
    assert 'id="weeks-chart"' in page and 'id="weeks"' in page
    # n = 6, changes 50,50,0,50,50,0 on a mean before of 125/3: +80 % exactly, but Fieller's
    # interval (+8.9 % to +2404.9 %) contains the 20 % target → inconclusive, not "met"
    assert 'data-verdict="inconclusive"' in page
    assert "Target: an increase of 20 % in digital-literacy score." in page
    assert "Estimated change +80.0 % (95 % confidence interval +8.9 % to +2404.9 %)" in page
    assert "Fieller" in page and "no comparison group" in page
    assert 'id="report-charts"' in page and 'id="exports"' in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("view", ["dashboard", "report"])
@pytest.mark.parametrize("as_sponsor", [False, True])
def test_query_count_stays_flat(en, report_program, hr_user, sponsor, view, as_sponsor):
    en.force_login(sponsor if as_sponsor else hr_user)
    pairs = add_pairs(report_program, 5)
    add_meetings(pairs, weeks=2)
    add_goals(pairs)
    add_training(pairs)
    url = _url(view, report_program)
    small = _queries(en, url)
    pairs = add_pairs(report_program, 25)
    add_meetings(pairs, weeks=8)
    add_goals(pairs)
    add_training(pairs)
    assert _queries(en, url) == small


def test_overview_query_count_stays_flat(en, make_program, hr_user):
    en.force_login(hr_user)
    program = make_program()
    add_pairs(program, 5)
    url = reverse("reports:overview")
    small = _queries(en, url)
    for _i in range(4):
        add_pairs(make_program(), 6)
    assert _queries(en, url) == small
    page = en.get(url).content.decode()
    assert page.count("/reports/programs/") == 5


def test_overview_rows(en, report_program, hr_user, pre_post_sendings):
    add_pairs(report_program, 6)
    pre_post_sendings(report_program, [0, 50, 50, 0, 50, 100], [50, 100, 50, 50, 100, 100])
    from terbalik.reports.access import programs_reported_to
    from terbalik.reports.overview import overview

    [row] = overview(programs=programs_reported_to(hr_user), people=True)
    assert row.participants == 12 and row.active_pairs == 6 and row.at_risk == 0
    assert row.matched_percent == pytest.approx(100.0)
    assert row.verdict.verdict.estimate == 80 and row.verdict.code == "inconclusive"


def test_pdf_renders(en, report_program, hr_user, pre_post_sendings):
    import pypdfium2 as pdfium

    pairs = add_pairs(report_program, 6)
    add_meetings(pairs, weeks=4)
    pre_post_sendings(report_program, [0, 50, 50, 0, 50, 100], [50, 100, 50, 50, 100, 100])
    en.force_login(hr_user)
    response = en.get(_url("report_pdf", report_program))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    document = pdfium.PdfDocument(response.content)
    page = document[0]
    assert round(page.get_width()) == 595 and round(page.get_height()) == 842  # A4 in points
    image = page.render(scale=1).to_pil().convert("L")
    assert abs(image.size[0] - 595) <= 1 and abs(image.size[1] - 842) <= 1
    lo, hi = image.getextrema()
    assert lo < 100 and hi > 200  # dark text on a white page
    dark = sum(image.histogram()[:128])
    assert dark > 2000  # not blank
    text = page.get_textpage().get_text_range()
    assert "Digital skills 2027" in text and "Inconclusive" in text
    assert "Estimated change +80.0 %" in text
    page.close()
    document.close()


def test_pdf_in_indonesian_renders(client, report_program, hr_user):
    import pypdfium2 as pdfium

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    client.force_login(hr_user)
    response = client.get(_url("report_pdf", report_program))
    assert response.status_code == 200
    document = pdfium.PdfDocument(response.content)
    assert len(document) >= 1
    document.close()


def test_print_page(en, report_program, hr_user):
    en.force_login(hr_user)
    page = en.get(_url("report", report_program)).content.decode()
    assert "Program report: Digital skills 2027" in page
    # print rules live in a stylesheet (the CSP forbids inline <style>)
    from django.contrib.staticfiles import finders

    assert 'href="/static/reports/print.css"' in page
    with open(finders.find("reports/print.css"), encoding="utf-8") as sheet:
        assert "@media print" in sheet.read()


def test_exports_are_safe_and_respect_confidentiality(en, report_program, hr_user):
    pairs = add_pairs(report_program, 2)
    add_meetings(pairs, weeks=1)
    add_goals(pairs)
    Goal.objects.filter(pair=pairs[0]).update(statement="=HYPERLINK(\"http://x\")")
    Pair.objects.filter(pk=pairs[0].pk).update(goals_shared=True)
    Goal.objects.filter(pair=pairs[1]).update(statement="secret plan")
    en.force_login(hr_user)
    body = en.get(_url("export", report_program, "goals", "csv")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    texts = [r[1] for r in rows[1:]]
    assert texts[0].startswith("'=") and "secret plan" not in body
    assert "(not shared by the pair)" in texts[1]
    for kind in ("pairs", "meetings", "goals"):
        response = en.get(_url("export", report_program, kind, "xlsx"))
        assert response.status_code == 200 and response.content[:2] == b"PK"
    assert en.get(_url("export", report_program, "nope", "csv")).status_code == 404
    assert en.get(_url("export", report_program, "responses-999999", "csv")).status_code == 404


def test_responses_export_of_a_linked_sending(en, report_program, hr_user, pre_post_sendings):
    pre, _post = pre_post_sendings(report_program, [0, 50], [50, 100])
    en.force_login(hr_user)
    response = en.get(_url("export", report_program, f"responses-{pre.pk}", "csv"))
    assert response.status_code == 200 and b"Score" in response.content


def test_hr_assigns_and_removes_a_sponsor(en, report_program, hr_user):
    from terbalik.reports.models import ProgramSponsor

    person = UserFactory(role=Role.SPONSOR, full_name="Ibu Sponsor")
    en.force_login(hr_user)
    url = _url("sponsors", report_program)
    assert en.post(url, {"user": person.pk, "action": "add"}).status_code == 302
    assert ProgramSponsor.objects.filter(program=report_program, user=person).exists()
    assert "Ibu Sponsor" in en.get(_url("dashboard", report_program)).content.decode()
    participant = UserFactory(role=Role.PARTICIPANT)
    en.post(url, {"user": participant.pk, "action": "add"})  # not a sponsor: refused
    assert not ProgramSponsor.objects.filter(user=participant).exists()
    en.post(url, {"user": person.pk, "action": "remove"})
    assert not ProgramSponsor.objects.filter(program=report_program).exists()
    en.force_login(person)
    assert en.post(url, {"user": person.pk}).status_code == 403


def test_sponsor_overview_hides_small_programs(en, report_program, sponsor, make_program,
                                               hr_user):
    from terbalik.reports import services as report_services

    add_pairs(report_program, 2)  # 4 people: hidden
    big = make_program(name="Big program")
    add_pairs(big, 3)  # 6 people: shown
    report_services.sponsor_assign(program=big, user=sponsor, by=hr_user)
    make_program(name="Not sponsored")
    en.force_login(sponsor)
    page = en.get(reverse("reports:overview")).content.decode()
    assert "Not sponsored" not in page and "Big program" in page
    from terbalik.reports.access import programs_reported_to
    from terbalik.reports.overview import overview

    rows = {r.program.name: r
            for r in overview(programs=programs_reported_to(sponsor), people=False)}
    assert rows["Digital skills 2027"].participants is None
    assert rows["Digital skills 2027"].at_risk is None
    assert rows["Big program"].participants == 6


def test_outcome_export_carries_the_same_verdict(en, report_program, hr_user, pre_post_sendings):
    import csv
    import io

    from terbalik.reports.context import build_report

    add_pairs(report_program, 6)
    pre_post_sendings(report_program, [0, 50, 50, 0, 50, 100], [50, 100, 50, 50, 100, 100])
    en.force_login(hr_user)
    response = en.get(_url("export", report_program, "outcome", "csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    data = dict(zip(header, row, strict=True))
    page_verdict = build_report(program=report_program, people=True).verdict
    assert data["Verdict"] == "Inconclusive" == page_verdict.label
    assert data["n"] == "6" and float(data["Estimate"]) == 80
    assert float(data["CI low"]) == pytest.approx(float(page_verdict.verdict.ci_low), abs=1e-6)
    assert "Fieller" in data["Interval"]
    xlsx = en.get(_url("export", report_program, "outcome", "xlsx"))
    assert xlsx.status_code == 200
