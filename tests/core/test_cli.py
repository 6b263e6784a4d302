from __future__ import annotations

import subprocess
import sys

import pytest

from terbalik import cli


def test_hyphenated_command_names_map_to_django_commands(monkeypatch):
    seen = {}

    def fake_execute(argv):
        seen["argv"] = argv

    monkeypatch.setattr("django.core.management.execute_from_command_line", fake_execute)
    cli.main(["terbalik", "import-employees", "file.csv", "--dry-run"])
    assert seen["argv"] == ["terbalik", "import_employees", "file.csv", "--dry-run"]


@pytest.mark.django_db
def test_console_script_runs_manage_commands():
    result = subprocess.run(
        [sys.executable, "-m", "terbalik.cli", "help", "export-employees"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "export_employees" in result.stdout  # Django's help for the command it maps to
    assert "FILE" in result.stdout


def test_light_start_up_variable_is_refused_outside_match(monkeypatch):
    """TERBALIK_STARTUP=match left in a shell must not start the server or a worker with the
    two apps `terbalik match` needs; the web application refuses it too."""
    import importlib
    import sys

    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from terbalik import cli

    monkeypatch.setenv("TERBALIK_STARTUP", "match")
    with pytest.raises(SystemExit, match="TERBALIK_STARTUP"):
        cli.main(["terbalik", "version"])
    monkeypatch.delitem(sys.modules, "terbalik.wsgi", raising=False)
    with pytest.raises(ImproperlyConfigured, match="TERBALIK_STARTUP"):
        importlib.import_module("terbalik.wsgi")
