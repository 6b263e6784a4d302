"""Issue 21: the directory import's optional skill columns (skills_offered, skills_wanted):
several terms per cell separated by ;, , or |, mapped to canonical skill ids through labels
and synonyms in either language; terms no skill answers to are kept as typed and listed per
row as a warning, not a refusal; a blank cell keeps, "-" clears; a cell over
SKILLS_MAX_PER_PERSON is refused. The API's bulk upsert and `terbalik sync-employees` use the
same planner."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from terbalik.people import batches, services
from terbalik.people.models import Employee
from terbalik.skills.selectors import forget

from .conftest import make_xlsx
from .test_import_apply import FULL, apply

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def _fresh_taxonomy():
    forget()
    yield
    forget()


def _skills(eid: str) -> tuple[list[str], list[str]]:
    e = Employee.objects.get(employee_id=eid)
    return e.skills_offered, e.skills_wanted


def test_terms_map_to_ids_whatever_the_separator_case_accents_and_spaces() -> None:
    apply(FULL)
    content = ("\ufeffemployee_id;skills_offered;skills_wanted\r\n"
               "E2;\"  MEDSOS |Data Analysis, analísis  data\";\r\n"
               "E1;;KECERDASAN BUATAN GENERATIF | social media\r\n").encode()
    plan = apply(content)
    assert plan.updated == 2 and not plan.warnings
    assert _skills("E2") == (["social-media", "data-analysis"], [])
    assert _skills("E1") == ([], ["generative-ai", "social-media"])


def test_unknown_terms_are_a_warning_of_their_row_and_kept_as_typed() -> None:
    apply(FULL)
    plan = services.employee_import_preview(
        content=b"employee_id,keahlian\nE2,tiktok; Ngoding COBOL |medsos\nE3,xyzzy\n",
        file_name="a.csv")
    assert plan.ok and plan.updated == 2
    assert [(w.row, w.column, str(w.message)) for w in plan.warnings] == [
        (2, "keahlian", "No skill answers to “Ngoding COBOL”; it is kept as typed."),
        (3, "keahlian", "No skill answers to “xyzzy”; it is kept as typed."),
    ]
    assert plan.as_dict()["warnings"][0]["row"] == 2
    applied = apply(b"employee_id,keahlian\nE2,tiktok; Ngoding COBOL |medsos\n")
    assert applied.applied
    assert _skills("E2")[0] == ["tiktok", "social-media", "ngoding cobol"]


def test_blank_keeps_dash_clears_and_the_same_file_twice_changes_nothing() -> None:
    apply(FULL)
    apply(b"employee_id,skills_offered,skills_wanted\nE2,medsos,python\n")
    again = apply(b"employee_id,skills_offered,skills_wanted\nE2,Media sosial,Python\n")
    assert (again.updated, again.unchanged) == (0, 1)
    apply(b"employee_id,skills_offered,skills_wanted\nE2,,-\n")
    assert _skills("E2") == (["social-media"], [])


def test_a_cell_at_the_limit_is_imported_and_one_more_is_refused(settings) -> None:
    settings.SKILLS_MAX_PER_PERSON = 3
    apply(FULL)
    apply(b"employee_id,skills_offered\nE2,python|medsos|tiktok\n")
    with pytest.raises(services.ImportRefused) as refused:
        apply(b"employee_id,skills_offered\nE2,python|medsos|tiktok|excel\nE3,python\n")
    [error] = refused.value.plan.errors
    assert (error.row, error.column, str(error.message)) == (
        2, "skills_offered", "This cell names 4 skills; at most 3 are allowed per person.")
    assert _skills("E2")[0] == ["python", "social-media", "tiktok"]
    assert _skills("E3")[0] == []


def test_xlsx_cells_and_new_employees() -> None:
    content = make_xlsx([["employee_id", "name", "email", "grade", "skills_to_develop"],
                         ["N1", "Nadia", "nadia@contoh.co.id", 9, "Analisis data; excel"]])
    plan = services.employee_import_apply(content=content, file_name="a.xlsx", by=None)
    assert plan.created == 1
    assert _skills("N1")[1][0] == "data-analysis"


def test_the_export_round_trips_the_skill_columns(client, hr_user) -> None:
    apply(FULL)
    apply(b"employee_id,skills_offered\nE2,medsos|ngoding cobol\n")
    content = services.employees_export(queryset=Employee.objects.all(), fmt="csv")
    again = apply(content)
    assert again.updated == 0 and not again.errors


def test_preview_page_lists_unmapped_terms_and_the_help_documents_the_columns(
        client, hr_user) -> None:
    apply(FULL)
    batch = batches.import_batch_create(
        by=hr_user, file_name="x.csv", content=b"employee_id,skills_wanted\nE2,medsos;zzqx\n")
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    html = client.get(reverse("people:import_preview", args=[batch.pk])).content.decode()
    assert 'id="import-warnings"' in html
    assert "No skill answers to “zzqx”; it is kept as typed." in html
    assert "Import 1 change" in html  # a warning, not a refusal
    html = client.get(reverse("people:import")).content.decode()
    assert "<code>skills_offered</code>" in html and "At most 100 per cell." in html


def test_sync_employees_accepts_the_columns_and_notes_unknown_terms(tmp_path: Path) -> None:
    apply(FULL)
    feed = tmp_path / "employees.json"
    feed.write_text(json.dumps([{"employee_id": "E3", "skills_wanted": "Medsos|qqq"}]))
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("sync_employees", str(feed), stdout=out, stderr=err)
    assert "Updated 1" in out.getvalue() or "updated 1" in out.getvalue()
    assert "Record 1 “skills_wanted”: No skill answers to “qqq”" in err.getvalue()
    assert _skills("E3")[1] == ["social-media", "qqq"]
    feed.write_text(json.dumps([{"employee_id": "E3", "skills_wanted": [
        f"t{n}" for n in range(101)]}]))
    with pytest.raises(CommandError) as refused, translation.override("en"):
        call_command("sync_employees", str(feed), stdout=out, stderr=err)
    assert refused.value.returncode == 2
    assert "at most 100 are allowed per person" in err.getvalue()


def test_import_command_prints_warnings(tmp_path: Path) -> None:
    apply(FULL)
    path = tmp_path / "a.csv"
    path.write_text("employee_id,skills_offered\nE2,zzqx\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_employees", str(path), stdout=out, stderr=err)
    assert "Row 2, column “skills_offered”: No skill answers to “zzqx”" in err.getvalue()


def test_preview_page_counts_the_warnings_it_does_not_list(client, hr_user, monkeypatch) -> None:
    from terbalik.people import importing

    monkeypatch.setattr(importing, "ERRORS_SHOWN", 1)
    apply(FULL)
    batch = batches.import_batch_create(
        by=hr_user, file_name="x.csv",
        content=b"employee_id,skills_wanted\nE1,zzqa\nE2,zzqb\nE3,zzqc\n")
    hr_user.language = "en"
    hr_user.save()
    client.force_login(hr_user)
    html = client.get(reverse("people:import_preview", args=[batch.pk])).content.decode()
    assert "“zzqa”" in html and "“zzqc”" not in html
    assert ('<p id="more-warnings">The first 1 rows with unrecognised skills are listed; '
            "2 more are not shown.</p>") in html
