"""`terbalik match` on a small file answers fast: it loads the engine, not the web pages.

Issue 21 measured 1.07 s for 12 people, 0.01 s of it in the engine. Django's system checks
import every URL and view (scipy.stats for the reports alone), so the command skips them; this
test watches the modules a real process loads instead of timing it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .test_command import PARTICIPANTS


def _modules_loaded(tmp_path: Path, *args: str) -> set[str]:
    source = tmp_path / "participants.csv"
    source.write_text(PARTICIPANTS, encoding="utf-8")
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "terbalik.settings"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-X", "importtime", "-m", "terbalik.cli", "match", str(source),
         "--out", str(tmp_path / "a.csv"), "--language", "en", *args],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "matched: 2" in done.stdout
    return {
        line.rsplit("|", 1)[1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_match_command_loads_no_view_and_no_statistics(tmp_path: Path) -> None:
    loaded = _modules_loaded(tmp_path)
    assert "terbalik.matching.engine" in loaded  # the watch works
    views = sorted(name for name in loaded if ".views" in name and name.startswith("terbalik"))
    assert views == []
    assert "scipy.stats" not in loaded
    assert "terbalik.urls" not in loaded


@pytest.mark.parametrize("args", [(), ("--fair",)])
def test_match_command_on_a_small_file_loads_no_scipy(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    """A small program is scored and solved without scipy (engine.small): importing it was
    about 120 ms of a 12-person run."""
    loaded = _modules_loaded(tmp_path, *args)
    assert "terbalik.matching.engine.assign" in loaded  # the watch works
    assert sorted(name for name in loaded if name.split(".")[0] == "scipy") == []


def test_match_command_loads_no_api_framework(tmp_path: Path) -> None:
    """django-ninja is not an installed app (settings): django.setup() must not import it, nor
    pydantic or django.test (jinja2) that it pulls in, about a sixth of a 12-person run."""
    loaded = _modules_loaded(tmp_path)
    assert "django.db.models.base" in loaded  # the watch sees django.setup() define models
    heavy = {"ninja", "pydantic", "pydantic_core", "django.test", "jinja2"}
    assert sorted(heavy & loaded) == []


# --- the light start-up (settings.py, _STARTUP_APPS): only the apps the command needs ---------

#: an unknown term ("frobnicate" before the skill below exists; "kopi" is an interest typed
#: as a skill), synonyms of seeded skills ("ms excel", "spreadsheet") and of the added one
TAXONOMY_PARTICIPANTS = (
    "employee_id,name,role,grade,department,skills,interests,languages,capacity,manager_id\n"
    "e1,Budi,mentee,10,Finance,TikTok|Canva|Ms Excel|frobnicate|zorblax,Kopi|hiking,id,,\n"
    "e2,Sari,mentee,9,IT,python|kopi,kopi,en,,\n"
    "e3,Joko,mentee,1,IT,python,,,,\n"
    "m1,Ani,mentor,3,Marketing,tiktok| spreadsheet|Frobnication,kopi,id|en,2,e1\n"
    "m2,Dedi,mentor,2,IT,Canva|tiktok|excel,KOPI|music,id,1,\n"
)

#: migrates the skills app into a SQLite file and adds a skill with a synonym of its own,
#: so the taxonomy is read from the database (with the full set-up, as the site would)
PREPARE = """
import django
django.setup()
from django.core.management import call_command
from terbalik.skills.models import Skill
call_command("migrate", "skills", verbosity=0)
Skill.objects.create(slug="frobnication", label_id="Frobnikasi", label_en="Frobnication",
                     category="other", synonyms_id=[], synonyms_en=["frobnicate"], active=True)
"""


@pytest.fixture(scope="module")
def taxonomy_db(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("taxonomy")
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "terbalik.settings",
           "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}", "TERBALIK_STARTUP": ""}
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", PREPARE], capture_output=True, text=True, env=env,
        check=False, timeout=300, cwd=folder,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return env


def _match(env: dict[str, str], folder: Path, startup: str | None, *args: str
           ) -> tuple[bytes, bytes, str, str, set[str]]:
    """Runs `terbalik match` as a user would; startup None leaves cli.py to choose (light),
    "" forces the full set-up. Returns both CSVs, stdout, stderr and the modules loaded."""
    folder.mkdir()
    source = folder / "participants.csv"
    source.write_text(TAXONOMY_PARTICIPANTS, encoding="utf-8")
    run_env = {key: value for key, value in env.items() if key != "TERBALIK_STARTUP"}
    if startup is not None:
        run_env["TERBALIK_STARTUP"] = startup
    probe = ("import runpy, sys; sys.argv = ['terbalik', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('terbalik.cli', run_name='__main__')\n"
             "finally:\n    print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", probe, "match", str(source), "--out", str(folder / "a.csv"),
         "--suggestions", str(folder / "s.csv"), *args],
        capture_output=True, text=True, env=run_env, check=False, timeout=120, cwd=folder,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    stderr, _, modules = done.stderr.rpartition("MODULES ")
    # the engine's own timing is the one line that may differ between two runs
    stdout = "\n".join(line for line in done.stdout.splitlines()
                       if not line.startswith(("seconds:", "detik:")))
    return ((folder / "a.csv").read_bytes(), (folder / "s.csv").read_bytes(), stdout, stderr,
            set(modules.split()))


@pytest.mark.parametrize("args", [(), ("--language", "en"), ("--language", "id")])
def test_light_startup_answers_byte_for_byte_as_the_full_one(
        taxonomy_db: dict[str, str], tmp_path: Path, args: tuple[str, ...]) -> None:
    *light, light_modules = _match(taxonomy_db, tmp_path / "light", None, *args)
    *full, full_modules = _match(taxonomy_db, tmp_path / "full", "", *args)
    assert "allauth" in full_modules and "allauth" not in light_modules  # both ways were taken
    assert light == full
    *_, stderr = light
    assert "zorblax" in stderr  # the report of the unknown term
    assert "frobnicate" not in stderr  # the added skill's synonym: the database was read


def test_light_startup_help_is_the_full_one(taxonomy_db: dict[str, str], tmp_path: Path
                                            ) -> None:
    outputs = []
    for startup in (None, ""):
        env = {key: value for key, value in taxonomy_db.items() if key != "TERBALIK_STARTUP"}
        if startup is not None:
            env["TERBALIK_STARTUP"] = startup
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "terbalik.cli", "match", "--help"], capture_output=True,
            text=True, env=env, check=False, timeout=120, cwd=tmp_path,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout)
    assert "--language" in outputs[0]
    assert outputs[0] == outputs[1]


def test_light_startup_imports_no_web_stack(taxonomy_db: dict[str, str], tmp_path: Path
                                            ) -> None:
    *_, loaded = _match(taxonomy_db, tmp_path / "light", None, "--language", "en")
    assert "terbalik.matching.engine" in loaded and "terbalik.skills.models" in loaded
    web = {"allauth", "requests", "ninja", "pydantic", "django.contrib.admin",
           "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
           "django_tasks", "auditlog", "csp.middleware", "whitenoise", "terbalik.urls",
           "terbalik.accounts.middleware", "django.test"}
    assert sorted(web & loaded) == []
