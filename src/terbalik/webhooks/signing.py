"""Signatures after the Standard Webhooks convention (https://www.standardwebhooks.com/).

Headers of every delivery:

- `webhook-id`: the event id, the same on every retry (the receiver drops repeats);
- `webhook-timestamp`: seconds since the epoch when this attempt was sent;
- `webhook-signature`: `v1,` + base64 of HMAC-SHA256 over `"{id}.{timestamp}.{body}"`, keyed
  with the secret's bytes (the base64 part after `whsec_`).

The receiver recomputes the signature, compares it in constant time and refuses a timestamp
more than `TOLERANCE_SECONDS` away from its clock (a replayed request). The README shows a
receiver in a few lines of Python.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from typing import Any

PREFIX = "whsec_"
TOLERANCE_SECONDS = 5 * 60


def new_secret() -> str:
    """`whsec_` + base64 of 32 random bytes."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def body_of(payload: dict[str, Any]) -> bytes:
    """The request body: compact JSON, keys sorted, UTF-8 (the same bytes on every attempt)."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def signature(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def headers(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secret=secret, msg_id=msg_id, timestamp=timestamp,
                                       body=body),
    }


def verify(*, secret: str, headers: dict[str, str], body: bytes, now: int,
           tolerance: int = TOLERANCE_SECONDS) -> bool:
    """The receiver's check (also what the README shows): a current timestamp and one of the
    space-separated `v1,` signatures matching."""
    lowered = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id = lowered["webhook-id"]
        timestamp = int(lowered["webhook-timestamp"])
        offered = lowered["webhook-signature"].split()
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
