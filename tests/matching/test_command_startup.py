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

from .test_command import PARTICIPANTS


def _modules_loaded(tmp_path: Path) -> set[str]:
    source = tmp_path / "participants.csv"
    source.write_text(PARTICIPANTS, encoding="utf-8")
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "terbalik.settings"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-X", "importtime", "-m", "terbalik.cli", "match", str(source),
         "--out", str(tmp_path / "a.csv"), "--language", "en"],
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


def test_match_command_loads_no_api_framework(tmp_path: Path) -> None:
    """django-ninja is not an installed app (settings): django.setup() must not import it, nor
    pydantic or django.test (jinja2) that it pulls in, about a sixth of a 12-person run."""
    loaded = _modules_loaded(tmp_path)
    assert "django.contrib.auth" in loaded  # the watch sees django.setup()
    heavy = {"ninja", "pydantic", "pydantic_core", "django.test", "jinja2"}
    assert sorted(heavy & loaded) == []
