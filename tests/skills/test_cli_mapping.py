"""Issue 21: `terbalik match` maps free text through the taxonomy and reports the rest."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from terbalik.skills import services
from terbalik.skills.models import Skill

FILE = (
    "employee_id,name,role,grade,department,skills,interests,languages,capacity,manager_id\n"
    "e1,Bu Ratna,mentee,10,Finance,Analisis Data|medsos|ngoding cobol,musik,id,,\n"
    "m1,Dimas,mentor,3,IT,data analysis|Social Media,music,id|en,1,\n"
    "m2,Sari,mentor,2,IT,tiktok,xyzzy hobby,id,1,\n"
)


def _run(tmp_path: Path, language: str) -> tuple[str, str, str]:
    source = tmp_path / "p.csv"
    source.write_text(FILE, encoding="utf-8")
    out = tmp_path / "a.csv"
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("match", str(source), "--out", str(out), "--language", language,
                 stdout=stdout, stderr=stderr)
    return out.read_text(encoding="utf-8"), stdout.getvalue(), stderr.getvalue()


def test_indonesian_and_english_words_meet_and_unknown_terms_go_to_stderr(tmp_path) -> None:
    """No database here: the shipped taxonomy maps."""
    assignments, _stdout, stderr = _run(tmp_path, "id")
    row = assignments.splitlines()[1]
    assert row.startswith("e1,m1,")
    # both skills the mentee wants, shown by their Indonesian label, and the shared interest
    assert "(Analisis data, Media sosial)" in row and "(Musik)" in row
    assert "“ngoding cobol” (baris 2)" in stderr
    assert "“xyzzy hobby” (baris 4)" in stderr
    assert stderr.splitlines()[0].startswith("2 istilah")


@pytest.mark.django_db
def test_hr_synonyms_from_the_database_apply(tmp_path, hr_user) -> None:
    skill = Skill.objects.get(slug="python")
    services.skill_update(skill=skill, by=hr_user, label_id=skill.label_id,
                          label_en=skill.label_en, synonyms_id=["ngoding cobol"],
                          synonyms_en=skill.synonyms_en, category=skill.category, active=True)
    assignments, _stdout, stderr = _run(tmp_path, "en")
    assert "ngoding cobol" not in stderr and "“xyzzy hobby” (lines 4)" in stderr
    assert "teaches 2 of the 3 skills you want (Data analysis, Social media)" in assignments


REPEATED = ("employee_id,role,grade,skills,interests\n"
            "e1,mentee,9,xyzzy,plugh\n"
            "e2,mentee,9,xyzzy|python,xyzzy\n"
            + "".join(f"e{k},mentee,9,{'plugh' if k == 5 else ''},xyzzy\n" for k in range(3, 8))
            + "e8,mentee,9,,zork\n"
            "m1,mentor,2,python,\n")


def test_unmapped_terms_name_their_first_five_lines_and_count_the_rest(tmp_path) -> None:
    """A row naming a term among its skills and its interests counts twice (as main's
    row-by-row report did); terms first met in the same row keep skills-then-interests
    order; the report stops reading rows once every term has its five lines."""
    source = tmp_path / "p.csv"
    source.write_text(REPEATED, encoding="utf-8")
    stderr = io.StringIO()
    call_command("match", str(source), "--out", str(tmp_path / "a.csv"), "--language", "en",
                 stdout=io.StringIO(), stderr=stderr)
    assert stderr.getvalue().splitlines() == [
        "3 terms matched no skill of the taxonomy (compared as typed):",
        "  “xyzzy” (lines 2, 3, 3, 4, 5 and 3 more)",
        "  “plugh” (lines 2, 6)",
        "  “zork” (lines 9)",
    ]
