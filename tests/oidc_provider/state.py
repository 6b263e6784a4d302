"""What the tests can set on the running provider (one process, so a lock suffices)."""

from __future__ import annotations

import threading
from typing import Any

MODES = ("normal", "wrong_audience", "expired", "bad_signature", "replay", "alg_none")

lock = threading.Lock()
claims_by_username: dict[str, dict[str, Any]] = {}
mode = {"value": "normal"}
last_nonce: dict[str, str] = {}
