"""Password hashing: Argon2id with parameters set in settings (ARGON2_*).

Django's Argon2 defaults (100 MiB, 2 passes, 8 lanes) cost about 250 ms of CPU per sign-in on
a small server, so a launch-day wave of sign-ins starves every other request. The defaults
here follow the OWASP Password Storage Cheat Sheet's first Argon2id configuration (19 MiB,
2 passes, 1 lane): about 30 ms of CPU, still memory-hard, still argon2id. Stored hashes made
with other parameters keep verifying and are re-hashed with these at the next sign-in
(`must_update`). Raise the figures in the environment when the servers have room.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with ARGON2_TIME_COST, ARGON2_MEMORY_COST_KIB and ARGON2_PARALLELISM."""

    algorithm = "argon2"  # same stored format as Django's: hashes move both ways

    @property  # type: ignore[override]
    def time_cost(self) -> int:
        return int(settings.ARGON2_TIME_COST)

    @property  # type: ignore[override]
    def memory_cost(self) -> int:
        return int(settings.ARGON2_MEMORY_COST_KIB)

    @property  # type: ignore[override]
    def parallelism(self) -> int:
        return int(settings.ARGON2_PARALLELISM)
