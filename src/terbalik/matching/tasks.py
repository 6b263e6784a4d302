"""Background work of the matching app (django-tasks; the `db_worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from .execution import run_execute
from .simulation_run import simulation_execute


@task()
def execute_run(run_id: int) -> str:
    """Execute a queued matching run; returns its final status."""
    return run_execute(run_id=run_id).status



@task()
def execute_simulation(simulation_id: int) -> str:
    """Run a queued what-if simulation; returns its final status."""
    return simulation_execute(simulation_id=simulation_id).status
