"""Production is secure by default: DEBUG off refuses to start without its secrets and hosts,
and `terbalik check --deploy --fail-level WARNING` passes with just those set."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "terbalik.example.com",
    "SITE_URL": "https://terbalik.example.com",
}


def _clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: nothing of the test run's settings leaks into the child."""
    keep = ("PATH", "HOME", "LANG", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="terbalik.settings", TERBALIK_DATA_DIR=str(tmp_path))
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=120, check=False,
    )


IMPORT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
)


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"])
def test_debug_off_refuses_to_start_without_each_required_variable(tmp_path, missing):
    values = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _python(IMPORT_SETTINGS, _clean_env(tmp_path, **values))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_debug_off_without_any_secret_never_falls_back_to_the_published_key(tmp_path):
    # The old escape hatch must be gone: setting it changes nothing.
    result = _python(IMPORT_SETTINGS, _clean_env(tmp_path, TERBALIK_ALLOW_DEV_SECRET="1"))
    assert result.returncode != 0
    assert "terbalik-development-key" not in result.stdout
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL"):
        assert name in result.stderr


def test_debug_on_starts_without_production_variables(tmp_path):
    result = _python(IMPORT_SETTINGS, _clean_env(tmp_path, DEBUG="1"))
    assert result.returncode == 0, result.stderr


def test_production_settings_are_secure_by_default(tmp_path):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY',"
        "'CSRF_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE','CSRF_COOKIE_SAMESITE',"
        "'LANGUAGE_COOKIE_SECURE','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS',"
        "'SECURE_PROXY_SSL_HEADER','SITE_URL')}))"
    )
    result = _python(code, _clean_env(tmp_path, **PRODUCTION))
    assert result.returncode == 0, result.stderr
    import json

    values = json.loads(result.stdout)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["LANGUAGE_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # opt-in only
    assert values["SITE_URL"] == "https://terbalik.example.com"


def test_proxy_ssl_header_is_opt_in_from_the_environment(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_PROXY_SSL_HEADER)"
    )
    env = _clean_env(tmp_path, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto", **PRODUCTION)
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_check_deploy_passes_with_only_the_three_variables(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "terbalik.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True, text=True, env=_clean_env(tmp_path, **PRODUCTION), cwd=ROOT,
        timeout=180, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_form_action_can_allow_an_identity_provider(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"
    )
    env = _clean_env(tmp_path, CSP_FORM_ACTION_ORIGINS="https://idp.example", **PRODUCTION)
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[\"'self'\", 'https://idp.example']"
