"""One scheduler at a time: the lock and the loop behind `terbalik tick --loop`.

Every scheduled job is safe to run twice, but two schedulers would still double the work and
the noise, so a scheduler runs only while it holds a lock that the operating system or the
database frees when the process dies:

- PostgreSQL: a session advisory lock on a connection of its own (server-side TCP keepalives
  so that a vanished machine's session ends within about a minute). A second scheduler — on
  this machine or another — polls for the lock every `poll` seconds and takes over as soon
  as the first one's session ends (a crash, kill -9, a reboot).
- SQLite (one machine): an exclusive file lock (filelock) next to the database file.

The scheduler checks that it still holds the lock before every run; when the lock
connection is lost it stops running jobs and waits for the lock again.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django.db import close_old_connections, connections

from .observability import new_request_id, request_id_bound

logger = logging.getLogger("terbalik.scheduler")

# pg_advisory_lock key: the bytes "terbalik" read as a signed 64-bit integer.
ADVISORY_KEY = int.from_bytes(b"terbalik", "big", signed=True)


class SchedulerLock(Protocol):
    def try_acquire(self) -> bool: ...
    def still_held(self) -> bool: ...
    def release(self) -> None: ...


class PostgresAdvisoryLock:
    """A session-level advisory lock held on a dedicated connection."""

    def __init__(self, alias: str = "default", key: int = ADVISORY_KEY) -> None:
        self.alias = alias
        self.key = key
        self._conn: Any = None

    def _connect(self) -> Any:
        wrapper = connections[self.alias]
        params = wrapper.get_connection_params()
        # Client-side keepalives notice a dead server; the server-side ones (SET below) end
        # the session — and free the lock — when this machine disappears without a word.
        params.update(keepalives=1, keepalives_idle=20, keepalives_interval=10,
                      keepalives_count=3)
        conn = wrapper.get_new_connection(params)
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SET application_name = 'terbalik-scheduler'")
            for name, value in (("tcp_keepalives_idle", 20), ("tcp_keepalives_interval", 10),
                                ("tcp_keepalives_count", 3), ("idle_session_timeout", 0)):
                cursor.execute(f"SET {name} = {int(value)}")
        return conn

    def try_acquire(self) -> bool:
        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            with self._conn.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [self.key])
                (taken,) = cursor.fetchone()
        except Exception:  # the database is unreachable: keep waiting, try again later
            logger.warning("scheduler lock: database unreachable", exc_info=True)
            self._drop()
            return False
        return bool(taken)

    def still_held(self) -> bool:
        if self._conn is None or self._conn.closed:
            return False
        try:
            with self._conn.cursor() as cursor:
                # A bigint key shows in pg_locks as classid (high half) and objid (low half).
                unsigned = self.key & 0xFFFFFFFFFFFFFFFF
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND pid = pg_backend_pid() AND classid = %s::bigint::oid"
                    " AND objid = %s::bigint::oid AND objsubid = 1",
                    [unsigned >> 32, unsigned & 0xFFFFFFFF],
                )
                (held,) = cursor.fetchone()
        except Exception:
            logger.warning("scheduler lock: lock connection lost", exc_info=True)
            self._drop()
            return False
        return bool(held)

    def release(self) -> None:
        if self._conn is not None and not self._conn.closed:
            try:
                with self._conn.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [self.key])
            except Exception:  # noqa: S110 - closing the session frees the lock anyway
                pass
        self._drop()

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: S110
                pass
        self._conn = None


class FileLockScheduler:
    """An exclusive lock on a file (SQLite: only one machine can use the database anyway)."""

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        self.path = path
        self._lock = FileLock(str(path))

    def try_acquire(self) -> bool:
        from filelock import Timeout

        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    def still_held(self) -> bool:
        return bool(self._lock.is_locked)

    def release(self) -> None:
        if self._lock.is_locked:
            self._lock.release(force=True)


class InProcessLock:
    """An in-memory SQLite database (the tests') is private to one process: nothing to share."""

    def try_acquire(self) -> bool:
        return True

    def still_held(self) -> bool:
        return True

    def release(self) -> None:
        return None


def lock_file_path(alias: str = "default") -> Path | None:
    """The lock file beside the SQLite database; None for an in-memory database."""
    connection = connections[alias]
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.is_in_memory_db():
        return None
    return Path(name).with_name(Path(name).name + ".scheduler.lock")


def scheduler_lock(alias: str = "default") -> SchedulerLock:
    if connections[alias].vendor == "postgresql":
        return PostgresAdvisoryLock(alias)
    path = lock_file_path(alias)
    return InProcessLock() if path is None else FileLockScheduler(path)


class Stop:
    """Set by SIGTERM/SIGINT; sleeping waits on it so a stop is immediate."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def install(self) -> None:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: self.event.set())

    def sleep(self, seconds: float) -> bool:
        """True when asked to stop during the sleep."""
        return self.event.wait(max(0.0, seconds))


def run_once(run: Callable[[], Any]) -> Any:
    """One scheduler run with its own request id; records the heartbeat and keeps a worker
    heartbeat task in the queue (see `core.tasks.heartbeat`)."""
    from .services import SCHEDULER, heartbeat_record, task_origins_prune
    from .tasks import heartbeat_enqueue

    with request_id_bound(f"tick-{new_request_id()}"):
        result = run()
        heartbeat_record(name=SCHEDULER)
        heartbeat_enqueue()
        task_origins_prune()
    return result


def run_forever(run: Callable[[], Any], *, interval: float = 60, poll: float = 10,
                lock: SchedulerLock | None = None, stop: Stop | None = None,
                say: Callable[[str], None] = logger.info) -> None:
    """Wait for the scheduler lock, then call `run()` every `interval` seconds while it is
    held; a lost lock sends the loop back to waiting. Returns when `stop` is set."""
    lock = lock or scheduler_lock()
    stop = stop or Stop()
    waiting_said = False
    try:
        while not stop.event.is_set():
            if not lock.try_acquire():
                if not waiting_said:
                    say("Another scheduler holds the lock; waiting to take over.")
                    waiting_said = True
                if stop.sleep(poll):
                    return
                continue
            say("Scheduler lock taken; running scheduled jobs.")
            waiting_said = False
            while not stop.event.is_set() and lock.still_held():
                close_old_connections()
                try:
                    run_once(run)
                except Exception:  # a broken run must not end the scheduler
                    logger.exception("scheduler run failed")
                if stop.sleep(interval):
                    return
            if not stop.event.is_set():
                say("Scheduler lock lost; waiting for it again.")
                lock.release()
    finally:
        lock.release()


def run_if_free(run: Callable[[], Any], *, lock: SchedulerLock | None = None) -> bool:
    """One run (cron style) unless another scheduler holds the lock; True when it ran."""
    lock = lock or scheduler_lock()
    if not lock.try_acquire():
        return False
    try:
        run_once(run)
    finally:
        lock.release()
    return True
