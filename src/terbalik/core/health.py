"""Liveness and readiness (django-health-check's checks), read by /healthz and /readyz.

Ready means: the database answers, every migration is applied, a background worker ran its
heartbeat task and the scheduler finished a run within the last two minutes
(HEARTBEAT_MAX_AGE). The checks are django-health-check `HealthCheck`s, run one after the
other in the request's own thread (its view runs them in an executor thread under asyncio,
which would open database connections outside Django's request cycle).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from health_check import Database, HealthCheck
from health_check.exceptions import HealthCheckException, ServiceUnavailable

from .services import SCHEDULER, WORKER

HEARTBEAT_MAX_AGE = dt.timedelta(minutes=2)
_migrated: set[str] = set()  # aliases seen fully migrated by this process (stays true)


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):
    alias: str = "default"

    def run(self) -> None:
        if self.alias in _migrated:
            return
        connection = connections[self.alias]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise ServiceUnavailable("migrations not applied")
        _migrated.add(self.alias)


@dataclasses.dataclass
class HeartbeatSeen(HealthCheck):
    name: str = SCHEDULER

    def run(self) -> None:
        from .selectors import heartbeats

        seen = heartbeats().get(self.name)
        if seen is None:
            raise ServiceUnavailable("never seen")
        if timezone.now() - seen > HEARTBEAT_MAX_AGE:
            raise ServiceUnavailable("not seen for over two minutes")


def readiness_checks() -> dict[str, HealthCheck]:
    return {
        "database": Database(),
        "migrations": MigrationsApplied(),
        "worker": HeartbeatSeen(name=WORKER),
        "scheduler": HeartbeatSeen(name=SCHEDULER),
    }


def readiness() -> dict[str, str]:
    """{check: "ok" or why not}; later checks that need the database are skipped when the
    database is down. Messages never carry connection details."""
    results: dict[str, str] = {}
    for name, check in readiness_checks().items():
        if results.get("database", "ok") != "ok":
            results[name] = "skipped"
            continue
        try:
            check.run()
        except HealthCheckException as exc:
            results[name] = exc.message if name != "database" else "unavailable"
        except Exception:  # an unexpected error says nothing about its details
            results[name] = "error"
        else:
            results[name] = "ok"
    return results


def all_ok(results: dict[str, str]) -> bool:
    return all(value == "ok" for value in results.values())
