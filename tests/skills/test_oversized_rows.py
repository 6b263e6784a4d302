"""Issue 21 item 4: a person naming thousands of skills or interests is refused with a clear
message (exit status 2 for `terbalik match`), never a traceback or a bare ValueError. The
limit is the SKILLS_MAX_PER_PERSON setting; these tests check it and one more."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

LIMIT = 5


def _file(tmp_path: Path, skills: int, interests: int = 1) -> Path:
    def items(count: int, prefix: str) -> str:
        return "|".join(f"{prefix}{n}" for n in range(count))

    lines = ["employee_id,name,role,grade,skills,interests,capacity",
             f"e1,Bu Ratna,mentee,10,{items(skills, 's')},{items(interests, 'i')},"]
    lines.append("m1,Dimas,mentor,3,s1,i1,1")
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _match(path: Path) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("match", str(path), "--out", str(path.parent / "a.csv"), "--language", "en",
                 stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_a_row_at_the_limit_is_matched(tmp_path, settings) -> None:
    settings.SKILLS_MAX_PER_PERSON = LIMIT
    stdout, _stderr = _match(_file(tmp_path, skills=LIMIT, interests=LIMIT))
    assert "matched: 1" in stdout


@pytest.mark.parametrize("column", ["skills", "interests"])
def test_one_item_over_the_limit_is_refused_with_exit_status_2(tmp_path, settings,
                                                               column) -> None:
    settings.SKILLS_MAX_PER_PERSON = LIMIT
    counts = {"skills": 1, "interests": 1, column: LIMIT + 1}
    number = 5 if column == "skills" else 6
    path = _file(tmp_path, **counts)
    with pytest.raises(CommandError) as caught:
        _match(path)
    assert caught.value.returncode == 2
    assert str(caught.value) == (
        f"{path}: line 2, column {number} ({column}): 6 items; "
        "at most 5 skills or interests per person are allowed")
    assert not (tmp_path / "a.csv").exists()


def test_thousands_of_skills_and_interests_give_a_message_not_a_traceback(
        tmp_path, settings) -> None:
    """Without the limit this file reached the engine's bare ValueError ("too many distinct
    list sizes to classify pairs")."""
    settings.IMPORT_MAX_CELL_CHARS = 100_000

    def items(count: int, prefix: str) -> str:
        return "|".join(f"{prefix}{n}" for n in range(count))

    lines = ["employee_id,name,role,grade,skills,interests,capacity",
             f"e1,A,mentee,10,{items(2000, 's')},{items(2000, 'i')},"]
    lines += [f"m{n},M,mentor,3,{items(2000, 's')},{items(200 * n, 'i')},1" for n in range(10)]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        _match(path)
    assert caught.value.returncode == 2
    assert "2000 items; at most 100 skills or interests per person" in str(caught.value)


def test_the_setting_refuses_a_ceiling_the_engine_cannot_classify() -> None:
    import subprocess
    import sys

    env = {"SKILLS_MAX_PER_PERSON": "151", "DEBUG": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import terbalik.settings"], env=env, capture_output=True,
        text=True, check=False)
    assert done.returncode != 0
    assert "SKILLS_MAX_PER_PERSON must be between 1 and 150" in done.stderr


@pytest.mark.django_db
def test_the_apply_forms_skills_field_refuses_one_over_the_limit(settings) -> None:
    from django import forms as django_forms

    from terbalik.skills.forms import skills_field

    settings.SKILLS_MAX_PER_PERSON = 2
    field = skills_field("Skills")
    assert field.clean(["python", "excel"]) == ["python", "excel"]
    with pytest.raises(django_forms.ValidationError) as refused:
        field.clean(["python", "excel", "sql"])
    assert refused.value.messages == ["Choose at most 2."]


@pytest.mark.django_db
def test_a_stored_list_longer_than_the_limit_is_cut_when_a_snapshot_is_taken(
        settings, make_program, make_person) -> None:
    """Lists stored before the limit (or written around the forms) never reach the engine's
    classification over the limit."""
    from terbalik.matching.snapshot import _profile
    from terbalik.programs.models import Enrollment, ParticipantRole
    from terbalik.skills.selectors import skill_index

    settings.SKILLS_MAX_PER_PERSON = 3
    user = make_person(10)
    enrollment = Enrollment(program=make_program(), employee=user.employee, user=user,
                            role=ParticipantRole.MENTEE,
                            intake={"skills_wanted": [f"t{n}" for n in range(500)],
                                    "interests": ["musik", "film", "travel", "gaming"]})
    profile = _profile(enrollment, skill_index())
    assert profile["skills"] == ["t0", "t1", "t2"]
    assert profile["interests"] == ["music", "film", "travel"]
