"""Stable pseudonyms: the same person always gets the same one, nobody can go back.

A pseudonym is derived from a keyed HMAC (SHA-256) of the person's database id, with the key
`PRIVACY_PSEUDONYM_KEY` (default: SECRET_KEY). Without the key the code cannot be linked to
the id, let alone to the name; with it, one can only check a guess of the id. Codes use
Crockford's base32 alphabet (no I, L, O, U), so they read well aloud.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: the label shown in place of a name ("Peserta" is Indonesian for "participant")
LABEL = "Peserta"
#: e-mail domain of erased accounts (.invalid never resolves: nothing can be sent there)
DOMAIN = "erased.invalid"
ID_PREFIX = "ERASED-"


def _key() -> bytes:
    key = getattr(settings, "PRIVACY_PSEUDONYM_KEY", "") or settings.SECRET_KEY
    return f"terbalik.privacy.pseudonym:{key}".encode()


def code(kind: str, pk: int, length: int = 10) -> str:
    """`length` base32 characters of HMAC-SHA256(key, "kind:pk")."""
    digest = hmac.new(_key(), f"{kind}:{pk}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(length):
        number, rest = divmod(number, 32)
        out.append(ALPHABET[rest])
    return "".join(out)


@dataclass(frozen=True)
class Pseudonym:
    """What replaces a person's identity."""

    code: str

    @property
    def name(self) -> str:
        return f"{LABEL} {self.code[:6]}"

    @property
    def email(self) -> str:
        return f"{LABEL.lower()}-{self.code.lower()}@{DOMAIN}"

    @property
    def employee_id(self) -> str:
        return f"{ID_PREFIX}{self.code}"


def for_employee(pk: int) -> Pseudonym:
    return Pseudonym(code("employee", pk))


def for_user(pk: int) -> Pseudonym:
    return Pseudonym(code("user", pk))


def is_pseudonymous_email(email: str) -> bool:
    return (email or "").endswith(f"@{DOMAIN}")


def coarse_birth_date(value: dt.date | None) -> dt.date | None:
    """Only the year is kept (age bands stay right to within a year); the day goes."""
    return value.replace(month=1, day=1) if value else None


def coarse_birth_date_iso(value: str | None) -> str | None:
    return f"{value[:4]}-01-01" if isinstance(value, str) and len(value) >= 4 else None
