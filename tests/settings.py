"""Settings for the test suite: production settings with the variables production must set.

The tests run with DEBUG off (as Django's test runner does anyway), so `terbalik.settings`
requires SECRET_KEY, ALLOWED_HOSTS and SITE_URL; they are given here, before it is imported,
unless the environment already has them. HTTPS redirection is off because the test client and
the browser tests talk plain HTTP to a local server; everything else stays production-like.
"""

from __future__ import annotations

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "k3y-" * 16)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("NOTIFY_SEND", "inline")  # tests/notify/test_outbox.py runs the worker

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from terbalik.settings import *  # noqa: E402,F403

# uploaded files (profile photos, also the demo's) go to a throw-away folder, never var/
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="terbalik-test-media-"))
