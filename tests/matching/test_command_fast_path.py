"""`terbalik match` run by cli.py itself (cli.run_match), not by Django's dispatcher (issue 21).

The fast path sets Django up without django.urls and the HTTP classes, with the collector
paused while modules load, on the light start-up (the skills app only). These tests run real
processes: the fast path must answer exactly as Django's dispatcher on the full start-up does
(output, messages in both languages, exit codes), and must not load what it was made to avoid.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .test_command import PARTICIPANTS

#: what the fast path no longer loads (each was a measurable part of a 12-person run)
AVOIDED = (
    "django.urls",  # django.setup() imports it to set the URL prefix
    "django.http",  # ... and it the request/response classes (observability no longer does)
    "django.views.debug",  # the error-page reporter, now imported when a report is written
    "django.template.defaulttags",  # ... and with it the template library
    "pythonjsonlogger",  # text logs (DEBUG) do not build the unused JSON formatter
    "terbalik.matching.models",  # the matching app is not installed on the light start-up
)

PROBE = """
import gc, runpy, sys
sys.argv = ["terbalik", *sys.argv[1:]]
try:
    runpy.run_module("terbalik.cli", run_name="__main__")
finally:
    print("GC", gc.isenabled(), file=sys.stderr)
    print("MODULES", " ".join(sorted(sys.modules)), file=sys.stderr)
"""


def _env(tmp_path: Path, startup: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("TERBALIK_STARTUP", "DJANGO_SETTINGS_MODULE")}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="terbalik.settings",
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    if startup is not None:
        env["TERBALIK_STARTUP"] = startup
    return env


def _terbalik(tmp_path: Path, *args: str, startup: str | None = None,
              probe: bool = False) -> subprocess.CompletedProcess[str]:
    """The console script as a user runs it; startup None lets cli.py choose (the fast path
    for `match`), "" forces Django's dispatcher on the full start-up."""
    command = [sys.executable, "-c", PROBE] if probe else [sys.executable, "-m", "terbalik.cli"]
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [*command, *args], capture_output=True, text=True, env=_env(tmp_path, startup),
        check=False, timeout=120, cwd=tmp_path,
    )


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "participants.csv"
    path.write_text(PARTICIPANTS, encoding="utf-8")
    return path


def _without_timing(text: str) -> str:
    return "\n".join(line for line in text.splitlines()
                     if not line.startswith(("seconds:", "detik:")))


def test_fast_path_loads_none_of_what_it_avoids(tmp_path: Path, source: Path) -> None:
    done = _terbalik(tmp_path, "match", str(source), "--out", str(tmp_path / "a.csv"),
                     "--language", "en", probe=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "matched: 2" in done.stdout
    loaded = set(done.stderr.rpartition("MODULES ")[2].split())
    assert "terbalik.matching.engine" in loaded and "terbalik.skills.models" in loaded
    assert sorted(name for name in AVOIDED if name in loaded) == []
    assert "GC True" in done.stderr  # the collector is back on for the engine and after


@pytest.mark.parametrize("language", ["en", "id"])
def test_fast_path_answers_as_django_s_dispatcher(tmp_path: Path, source: Path,
                                                  language: str) -> None:
    outputs = []
    for startup in (None, ""):
        folder = tmp_path / f"run{len(outputs)}"
        folder.mkdir()
        done = _terbalik(folder, "match", str(source), "--out", str(folder / "a.csv"),
                         "--suggestions", str(folder / "s.csv"), "--language", language,
                         startup=startup)
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append((_without_timing(done.stdout), done.stderr,
                        (folder / "a.csv").read_bytes(), (folder / "s.csv").read_bytes()))
    assert outputs[0] == outputs[1]
    assert ("pasangan yang memenuhi syarat: 2" if language == "id" else "feasible pairs: 2"
            ) in outputs[0][0]


#: usage errors: (arguments after `match`, the exit status)
USAGE_ERRORS = [
    ((), 2),  # the participants file and --out are required (argparse)
    (("{missing}", "--out", "{out}"), 2),  # cannot read the file
    (("{source}", "--out", "{out}", "--language", "fr"), 2),
    (("{source}", "--out", "{out}", "--top", "0"), 2),
    (("{source}", "--out", "{out}", "--no-such-option"), 2),
    (("{source}", "--out", "{out}", "--config", "{missing}"), 2),
    (("{source}", "--out", "{out}", "--language", "id", "--config", "{missing}"), 2),
]


@pytest.mark.parametrize(("args", "status"), USAGE_ERRORS)
def test_usage_errors_exit_and_read_as_with_django_s_dispatcher(
        tmp_path: Path, source: Path, args: tuple[str, ...], status: int) -> None:
    values = {"source": str(source), "missing": str(tmp_path / "missing.csv"),
              "out": str(tmp_path / "a.csv")}
    argv = [arg.format(**values) for arg in args]
    fast = _terbalik(tmp_path, "match", *argv)
    full = _terbalik(tmp_path, "match", *argv, startup="")
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        full.returncode, full.stdout, full.stderr)
    assert fast.returncode == status
    assert fast.stderr.strip()
    assert not (tmp_path / "a.csv").exists()


def test_settings_option_is_read_before_the_settings(tmp_path: Path, source: Path) -> None:
    """--settings reaches Django before the settings load, as with its dispatcher: a module
    that does not exist fails the same way on both paths; the real one answers."""
    done = _terbalik(tmp_path, "match", str(source), "--out", str(tmp_path / "a.csv"),
                     "--settings", "terbalik.settings", "--language", "en")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "matched: 2" in done.stdout
    runs = [_terbalik(tmp_path, "match", str(source), "--out", str(tmp_path / "b.csv"),
                      "--settings=no_such_settings_module", startup=startup)
            for startup in (None, "")]
    assert runs[0].returncode == runs[1].returncode == 1
    assert "No module named 'no_such_settings_module'" in runs[0].stderr
    assert runs[0].stderr.splitlines()[-1] == runs[1].stderr.splitlines()[-1]


def test_a_misspelt_light_start_up_is_refused(tmp_path: Path, source: Path) -> None:
    done = _terbalik(tmp_path, "match", str(source), "--out", str(tmp_path / "a.csv"),
                     startup="matchh")
    assert done.returncode == 1
    assert "TERBALIK_STARTUP must be one of ['match']" in done.stderr
    assert not (tmp_path / "a.csv").exists()


def test_help_for_match_still_works(tmp_path: Path) -> None:
    helped = _terbalik(tmp_path, "help", "match")
    asked = _terbalik(tmp_path, "match", "--help")
    assert helped.returncode == asked.returncode == 0, helped.stderr + asked.stderr
    assert "--language" in helped.stdout
    assert helped.stdout == asked.stdout


REPORTER = """
import logging, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terbalik.settings")
from terbalik.cli import run_match
sys.argv = ["terbalik", "match", "--help"]
try:
    run_match(sys.argv)
except SystemExit:
    pass
handler = next(h for h in logging.getLogger("django").handlers
               if type(h).__name__ == "AdminEmailHandler")
print("BEFORE", "django.views.debug" in sys.modules)
try:
    raise ValueError("kaboom")
except ValueError:
    report = handler.reporter_class(None, *sys.exc_info(), is_email=True)
print(type(report).__name__, "kaboom" in report.get_traceback_text())
"""


def test_error_reports_still_build_on_the_light_start_up(tmp_path: Path) -> None:
    """Django's AdminEmailHandler gets the light start-up's reporter, which loads the real one
    (django.views.debug) only when a report is written."""
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", REPORTER], capture_output=True, text=True,
        env=_env(tmp_path, "match"), check=False, timeout=120, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "BEFORE False" in done.stdout
    assert "ExceptionReporter True" in done.stdout
