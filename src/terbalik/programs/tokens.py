"""Signed, expiring links: personal invitations and line-manager approvals.

A token signs the object's id with `TimestampSigner` (its own salt per purpose). A link that was
already used is recognised by the object's status, not by the token.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

INVITATION_MAX_AGE = timedelta(days=14)
_INVITATION_SALT = "terbalik.programs.invitation"
_MANAGER_SALT = "terbalik.programs.manager-approval"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _sign(value: int, salt: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(str(value))


def _read(token: str, salt: str, max_age: timedelta) -> int:
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    try:
        return int(value)
    except ValueError as exc:  # pragma: no cover - only reachable with our own key
        raise LinkInvalid from exc


def invitation_token(invitation_id: int) -> str:
    return _sign(invitation_id, _INVITATION_SALT)


def read_invitation_token(token: str) -> int:
    return _read(token, _INVITATION_SALT, INVITATION_MAX_AGE)


def manager_token(enrollment_id: int) -> str:
    return _sign(enrollment_id, _MANAGER_SALT)


def read_manager_token(token: str, *, days: int) -> int:
    return _read(token, _MANAGER_SALT, timedelta(days=days))
