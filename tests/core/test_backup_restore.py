"""The restore drill: dump the database and the uploaded files with
deploy/backup/terbalik-backup.sh, restore them into a fresh PostgreSQL database and an empty
media folder with terbalik-restore.sh, and the app starts on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

from terbalik.accounts.models import Role
from tests.factories import EmployeeFactory, UserFactory

from .ops_helpers import database_url_for_subprocess, production_env

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "backup"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump is PostgreSQL's"),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]

APP_ON_RESTORED = textwrap.dedent("""
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from terbalik.accounts.models import User
    import io
    plan = io.StringIO()
    call_command("showmigrations", "--plan", stdout=plan)
    lines = plan.getvalue().splitlines()
    assert lines and all(line.startswith("[X]") for line in lines), plan.getvalue()
    user = User.objects.get(email="restored@example.co.id")
    client = Client(HTTP_HOST="localhost")
    assert client.get("/login/", secure=True).status_code == 200
    client.force_login(user)
    home = client.get("/", secure=True)
    assert home.status_code == 200, home.status_code
    print("restored app ok", len(lines), "migrations")
""")


def _url_with_name(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


def test_a_dump_restores_into_a_fresh_database_and_the_app_starts_on_it(tmp_path):
    employee = EmployeeFactory(employee_id="R001", full_name="Restored Employee")
    UserFactory(role=Role.PARTICIPANT, email="restored@example.co.id", employee=employee)
    source = database_url_for_subprocess(tmp_path)
    env = production_env(tmp_path=tmp_path, database_url=source,
                         BACKUP_DIR=str(tmp_path / "backups"))
    photo = tmp_path / "data" / "media" / "profile_photos" / "r001.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 a photo")

    backup = subprocess.run(["sh", str(DEPLOY / "terbalik-backup.sh")], env=env,
                            capture_output=True, text=True, timeout=300, check=False)
    assert backup.returncode == 0, backup.stderr
    *before, last = backup.stdout.strip().splitlines()
    dump = Path(last)
    media = Path(before[-1])
    assert media.name.endswith("-media.tar.gz") and media.is_file()
    assert dump.is_file()
    assert dump.parent == tmp_path / "backups"
    assert not list(dump.parent.glob("*.partial"))

    fresh = f"{connection.settings_dict['NAME']}_restore"[:63]
    target = _url_with_name(source, fresh)
    admin_db = _url_with_name(source, "postgres")
    subprocess.run(["psql", admin_db, "-c", f'DROP DATABASE IF EXISTS "{fresh}"'], check=True,
                   capture_output=True, timeout=120)
    subprocess.run(["psql", admin_db, "-c", f'CREATE DATABASE "{fresh}"'], check=True,
                   capture_output=True, timeout=120)
    try:
        restore_env = {**env, "TERBALIK": f"{sys.executable} -m terbalik.cli"}
        restored_media = tmp_path / "restored-media"
        restore = subprocess.run(["sh", str(DEPLOY / "terbalik-restore.sh"), str(dump), target,
                                  str(media)],
                                 env={**restore_env, "MEDIA_ROOT": str(restored_media)},
                                 capture_output=True, text=True, timeout=600, check=False)
        assert restore.returncode == 0, restore.stdout + restore.stderr
        assert "every migration is applied" in restore.stdout
        restored_photo = restored_media / "profile_photos" / "r001.jpg"
        assert restored_photo.read_bytes() == photo.read_bytes()

        again = subprocess.run(["sh", str(DEPLOY / "terbalik-restore.sh"), str(dump), target],
                               env=restore_env, capture_output=True, text=True, timeout=600,
                               check=False)
        assert again.returncode == 2  # never over a database that has tables
        assert "refusing" in again.stderr

        app = subprocess.run([sys.executable, "-c", APP_ON_RESTORED],
                             env={**env, "DATABASE_URL": target}, capture_output=True,
                             text=True, timeout=300, check=False)
        assert app.returncode == 0, app.stdout + app.stderr
        assert "restored app ok" in app.stdout
    finally:
        subprocess.run(["psql", admin_db, "-c", f'DROP DATABASE IF EXISTS "{fresh}"'],
                       check=False, capture_output=True, timeout=120)
