"""The ``match`` management command (runs under pytest-django; no database)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext, ngettext

PARTICIPANTS = (
    "employee_id,name,role,grade,department,skills,interests,languages,capacity,manager_id\n"
    "e1,Budi,mentee,10,Finance,TikTok|Canva|excel,Kopi|hiking,id,,\n"
    "e2,Sari,mentee,9,IT,python,kopi,en,,\n"
    "e3,Joko,mentee,1,IT,python,,,,\n"
    "m1,Ani,mentor,3,Marketing,tiktok| canva,kopi,id|en,2,e1\n"
    "m2,Dedi,mentor,2,IT,Canva|tiktok,KOPI|music,id,1,\n"
)


def _run(tmp_path: Path, text: str = PARTICIPANTS, *args: str) -> tuple[str, Path, Path]:
    source = tmp_path / "participants.csv"
    source.write_text(text, encoding="utf-8")
    out, sug = tmp_path / "a.csv", tmp_path / "s.csv"
    stdout = io.StringIO()
    call_command("match", str(source), "--out", str(out), "--suggestions", str(sug),
                 *args, stdout=stdout)
    return stdout.getvalue(), out, sug


def test_writes_both_files_and_a_summary(tmp_path: Path) -> None:
    stdout, out, sug = _run(tmp_path, PARTICIPANTS, "--language", "en")
    assert out.read_text(encoding="utf-8") == (
        "mentee_id,mentor_id,score,skill,interest,diversity,reason\n"
        'e1,m2,0.600000,0.666667,0.333333,1.000000,"teaches 2 of the 3 skills you want '
        '(TikTok, Canva); 1 shared interest (kopi); another department"\n'
        "e2,m1,0.400000,0.000000,1.000000,1.000000,teaches none of the 1 skill you want; "
        "1 shared interest (kopi); another department\n"
        "e3,,,,,,no eligible mentor\n"
    )
    lines = sug.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "mentee_id,rank,mentor_id,score,skill,interest,diversity,explanation"
    assert [line.split(",")[:3] for line in lines[1:]] == [["e1", "1", "m2"], ["e2", "1", "m1"]]
    for expected in ("mentees: 3", "mentors: 2", "feasible pairs: 2", "matched: 2",
                     "mean score: 0.500000", "optimal: yes", "seconds: "):
        assert expected in stdout


def test_outputs_are_byte_identical_across_runs(tmp_path: Path) -> None:
    _, out, sug = _run(tmp_path)
    first = out.read_bytes(), sug.read_bytes()
    _, out, sug = _run(tmp_path)
    assert (out.read_bytes(), sug.read_bytes()) == first


def test_top_option(tmp_path: Path) -> None:
    text = PARTICIPANTS.replace("e2,Sari,mentee,9,IT,python,kopi,en",
                                "e2,Sari,mentee,9,IT,python,kopi,")
    _, _, sug = _run(tmp_path, text, "--top", "1")
    assert len(sug.read_text().splitlines()) == 3
    _, _, sug = _run(tmp_path, text, "--top", "2")
    assert len(sug.read_text().splitlines()) == 4


def test_config_file(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("min_score = 0.5\n[weights]\nskill = 0.6\n", encoding="utf-8")
    stdout, out, _ = _run(tmp_path, PARTICIPANTS, "--config", str(config), "--language", "en")
    assert "matched: 1" in stdout
    assert "e2,,,,,,no eligible mentor" in out.read_text()


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("employee_id,name,role,grade", "employee_id,name,role,level", "line 1, column grade"),
        ("e2,Sari", "e1,Sari", "line 3, column 1 (employee_id)"),
        ("e2,Sari,mentee,9", "e2,Sari,mentee,nine", "line 3, column 4 (grade)"),
        ("m2,Dedi,mentor,2,IT,Canva|tiktok,KOPI|music,id,1",
         "m2,Dedi,mentor,2,IT,Canva|tiktok,KOPI|music,id,1.5", "line 6, column 9 (capacity)"),
        ("m2,Dedi,mentor,2,IT,Canva|tiktok,KOPI|music,id,1",
         "m2,Dedi,mentor,2,IT,Canva|tiktok,KOPI|music,id,0", "line 6, column 9 (capacity)"),
        ("e3,Joko,mentee", "e3,Joko,senior", "line 4, column 3 (role)"),
        ("e1,Budi,mentee,10,Finance,TikTok|Canva|excel,Kopi|hiking,id,,",
         "e1,Budi,mentee,10,Finance,TikTok|Canva|excel,Kopi|hiking,id,,m1",
         "line 2, column 10 (manager_id)"),
        ("employee_id,name,", "name,", "line 1, column employee_id"),
        ("e2,Sari,mentee,9,IT,python,kopi,en,,", "e2,Sari,mentee,9,IT,python,kopi,en,,,extra",
         "line 3"),
        ("e3,Joko,mentee,1,IT,python,,,,", "e3,Joko,mentee,1,IT,python,,,,nobody",
         "line 4, column 10 (manager_id)"),
    ],
)
def test_refusals_exit_2_and_write_nothing(tmp_path: Path, old: str, new: str, where: str
                                           ) -> None:
    text = PARTICIPANTS.replace(old, new)
    assert text != PARTICIPANTS
    source = tmp_path / "participants.csv"
    source.write_text(text, encoding="utf-8")
    existing = tmp_path / "a.csv"
    existing.write_text("keep me\n", encoding="utf-8")
    sug = tmp_path / "s.csv"
    with pytest.raises(CommandError) as info:
        call_command("match", str(source), "--out", str(existing), "--suggestions", str(sug),
                     "--language", "en")
    assert info.value.returncode == 2
    assert where in str(info.value)
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    assert not sug.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "participants.csv"]


def test_bad_date_exits_2(tmp_path: Path) -> None:
    text = "employee_id,role,grade,birth_date\r\ne1,mentee,9,1970-02-30\r\n"
    with pytest.raises(CommandError) as info:
        _run(tmp_path, text, "--language", "en")
    assert info.value.returncode == 2
    assert "line 2, column 4 (birth_date): 1970-02-30 is not a date" in str(info.value)
    assert not (tmp_path / "a.csv").exists()


def test_bad_config_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('seniority = "height"\n', encoding="utf-8")
    with pytest.raises(CommandError) as info:
        _run(tmp_path, PARTICIPANTS, "--config", str(config))
    assert info.value.returncode == 2
    assert not (tmp_path / "a.csv").exists()


def test_bad_top_and_language_exit_2(tmp_path: Path) -> None:
    for args in (("--top", "0"), ("--language", "xx")):
        with pytest.raises(CommandError) as info:
            _run(tmp_path, PARTICIPANTS, *args)
        assert info.value.returncode == 2
    assert not (tmp_path / "a.csv").exists()


def test_missing_input_exits_2(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as info:
        call_command("match", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "a.csv"))
    assert info.value.returncode == 2


def test_explanations_follow_the_language(tmp_path: Path) -> None:
    """The real Indonesian catalogue, not a stand-in: --language id writes Indonesian reasons,
    --language en English ones, whatever the active language is."""
    from django.utils import translation

    with translation.override("en"):
        _, out_id, _ = _run(tmp_path, PARTICIPANTS, "--language", "id")
        indonesian = out_id.read_text(encoding="utf-8")
    assert "1 minat yang sama (kopi); departemen lain" in indonesian
    assert "e3,,,,,,tidak ada mentor yang memenuhi syarat" in indonesian
    assert "another department" not in indonesian
    with translation.override("id"):
        _, out_en, _ = _run(tmp_path, PARTICIPANTS, "--language", "en")
        english = out_en.read_text(encoding="utf-8")
    assert "1 shared interest (kopi); another department" in english
    assert "departemen lain" not in english


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = tmp_path / "participants.csv"
    source.write_text(PARTICIPANTS, encoding="utf-8")
    stderr = io.StringIO()
    call_command("match", str(source), "--out", str(tmp_path / "a.csv"), stdout=io.StringIO(),
                 stderr=stderr)
    # no progress bar: only the report of the terms the taxonomy does not know (issue 21)
    with translation.override(settings.LANGUAGE_CODE):  # the command's default language
        head = ngettext("%(count)d term matched no skill of the taxonomy (compared as typed):",
                        "%(count)d terms matched no skill of the taxonomy (compared as typed):",
                        1) % {"count": 1}
        line = gettext("“%(term)s” (lines %(lines)s)") % {"term": "kopi", "lines": "2, 3, 5, 6"}
    assert stderr.getvalue() == f"{head}\n  {line}\n"


def test_fair_option_prints_the_trade_off(tmp_path: Path) -> None:
    text = (
        "employee_id,name,role,grade,department,skills,interests,languages,capacity,manager_id\n"
        "budi,Budi,mentee,9,,s1|s2|s3|s4|s5,,,,\n"
        "sari,Sari,mentee,9,,t1|t2,,,,\n"
        "ani,Ani,mentor,2,,s1|s2|s3|s4|s5|t1,,,1,\n"
        "dedi,Dedi,mentor,2,,s1|s2,,,1,\n"
    )
    config = tmp_path / "c.toml"
    config.write_text("[weights]\nskill = 1\ninterest = 0\ndiversity = 0\n", encoding="utf-8")
    stdout, out, _sug = _run(tmp_path, text, "--language", "en", "--fair",
                             "--config", str(config))
    rows = out.read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[:3] for row in rows] == [
        ["budi", "dedi", "0.400000"], ["sari", "ani", "0.500000"]]
    assert "  lowest score: 0.000000 -> 0.400000" in stdout
    assert "  total score: 1.000000 -> 0.900000" in stdout
