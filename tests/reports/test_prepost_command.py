"""`terbalik prepost`: the web verdict for a CSV file."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from scipy import stats as sps

KEYS = {"n", "excluded", "mean_before", "mean_after", "mean_change", "estimate", "ci_low",
        "ci_high", "test", "p_value", "effect_size", "verdict"}


def _run(tmp_path, text: str | bytes, *args: str) -> dict:
    path = tmp_path / "scores.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    out = io.StringIO()
    call_command("prepost", str(path), *args, stdout=out)
    return json.loads(out.getvalue()) if "--json" in args else {"text": out.getvalue()}


def test_json_keys_and_values(tmp_path):
    text = "participant,before,after,team\n" + "".join(
        f"p{i},{b},{a},x\n" for i, (b, a) in enumerate(
            [(40, 50), (50, 60), (60, 70), (50, 70), (50, 50)]))
    data = _run(tmp_path, text, "--target", "5", "--test", "t", "--json")
    assert set(data) == KEYS
    assert data["n"] == 5 and data["excluded"] == 0
    assert data["mean_before"] == 50 and data["mean_after"] == 60 and data["mean_change"] == 10
    assert data["estimate"] == 10 and data["test"] == "paired_t"
    ref = sps.ttest_rel([50, 60, 70, 70, 50], [40, 50, 60, 50, 50])
    assert data["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
    ci = ref.confidence_interval()
    assert data["ci_low"] == pytest.approx(ci.low, rel=1e-9)
    assert data["ci_high"] == pytest.approx(ci.high, rel=1e-9)
    assert data["verdict"] == "inconclusive"  # 1.22 … 18.78 contains 5


def test_percent_unit_and_decrease(tmp_path):
    rows = [(50, 30), (60, 36), (40, 25), (55, 33), (45, 27), (52, 31), (48, 28), (58, 35)]
    text = "participant,before,after\n" + "".join(f"p{i},{b},{a}\n" for i, (b, a) in
                                                enumerate(rows))
    data = _run(tmp_path, text, "--target", "20", "--unit", "percent", "--direction",
                "decrease", "--json")
    mb, ma = sum(b for b, _ in rows) / 8, sum(a for _, a in rows) / 8
    assert data["estimate"] == pytest.approx(100 * (ma - mb) / mb, rel=1e-12)
    assert data["ci_high"] < -20 and data["verdict"] == "met"


def test_tolerant_reading_counts_exclusions(tmp_path):
    text = ("\ufeffParticipant ; Before ; After ; note\n a ; 10 ; 12 ; x\nb;11;13\nc; 9 ;12\n"
            "d;;4\ne;abc;5\nf;10,5;12,5\n\n")
    data = _run(tmp_path, text, "--target", "1", "--json")
    assert data["n"] == 4 and data["excluded"] == 2
    assert data["mean_before"] == pytest.approx(10.125)


def test_three_identical_changes_are_inconclusive_twenty_five_are_met(tmp_path):
    three = "participant,before,after\n" + "".join(f"p{i},{i},{i + 1}\n" for i in range(3))
    assert _run(tmp_path, three, "--target", "0.5", "--json")["verdict"] == "inconclusive"
    many = "participant,before,after\n" + "".join(f"p{i},{i},{i + 1}\n" for i in range(25))
    data = _run(tmp_path, many, "--target", "0.5", "--json")
    assert data["verdict"] == "met" and data["test"] == "sign_test"
    assert data["ci_low"] == data["ci_high"] == 1


def test_one_pair_is_insufficient(tmp_path):
    data = _run(tmp_path, "participant,before,after\na,1,90\n", "--target", "5", "--json")
    assert data["verdict"] == "insufficient_data" and data["n"] == 1


def test_human_output_is_translated(tmp_path, settings):
    from django.utils import translation

    text = "participant,before,after\n" + "".join(f"p{i},{i},{i + 2}\n" for i in range(8))
    with translation.override("en"):
        en = _run(tmp_path, text, "--target", "1")["text"]
    with translation.override("id"):
        idn = _run(tmp_path, text, "--target", "1")["text"]
    assert en.startswith("Target met.") and "no comparison group" in en
    assert idn != en and "Target met" not in idn


@pytest.mark.parametrize(("content", "line"), [
    (b"participant,before\na,1\n", 1),
    (b"participant,before,after\na,1,2\nb,\"3,4\n", 3),
    (b"participant,before,after\na,1,2\nb,\xff\xfe,3\n", 3),
    (b"", 1),
])
def test_unreadable_file_exits_2_with_line_number(tmp_path, content, line):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("prepost", str(path), "--target", "1", "--json", stdout=out)
    assert caught.value.returncode == 2
    assert f"{line}" in str(caught.value) and out.getvalue() == ""


def test_console_script_exit_status(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.csv"
    path.write_text("name,score\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "terbalik.cli", "prepost", str(path),
                           "--target", "1", "--json"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2 and done.stdout == "" and "1" in done.stderr
