"""Absolute links: one way to build them, from `settings.SITE_URL`.

E-mails, the public program page link, its QR code and announcements, invitation and status
links and the calendar feed address all start with SITE_URL, never with the Host header of
the request that happened to trigger them: a link must not depend on which name an HR user
typed to reach the site, and a forged Host header must not end up in a message or a QR code.
"""

from __future__ import annotations

from django.conf import settings


def site_url() -> str:
    """The public address without a trailing slash, e.g. https://terbalik.example.com."""
    return str(settings.SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (from `reverse`, starting with /) on the public address."""
    if not path.startswith("/"):
        raise ValueError("absolute_url needs a path that starts with /")
    return site_url() + path
