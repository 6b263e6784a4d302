"""What-if simulations: start one (inline when small, in the worker when large)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import WEIGHT_FIELDS, Program, Seniority, weight_errors

from ..models import Population, Simulation, SimulationStatus
from ..simulation_run import population_size, simulation_execute
from ..snapshot import OBJECTIVES, config_mapping
from ..tasks import execute_simulation
from .runs import inline_limit, stale_minutes

#: the largest capacity a what-if may give every mentor
MAX_CAPACITY = 10


def _what_if(
    program: Program, *, weights: dict[str, float], seniority: str, min_score_percent: int
) -> dict[str, Any]:
    mapping = config_mapping(program)
    mapping["weights"] = {
        "skill": float(weights["weight_skill"]),
        "interest": float(weights["weight_interest"]),
        "diversity": float(weights["weight_diversity"]),
    }
    mapping["seniority"] = seniority
    mapping["min_score"] = min_score_percent / 100
    return mapping


@transaction.atomic
def simulation_start(
    *,
    program: Program,
    by: Any,
    population: str,
    weights: dict[str, float],
    seniority: str,
    capacity: int | None,
    min_score_percent: int,
    objective: str,
) -> Simulation:
    """Compare the program's matching settings with changed ones on the same people."""
    errors: dict[str, Any] = dict(weight_errors({n: weights.get(n) for n in WEIGHT_FIELDS}))
    if population not in Population.values:
        errors["population"] = _("Choose whose matches to simulate.")
    if seniority not in Seniority.values:
        errors["seniority"] = _("Choose a seniority rule.")
    if capacity is not None and not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("A mentor can take between 1 and %(max)d mentees.") % {
            "max": MAX_CAPACITY}
    if not 0 <= min_score_percent <= 100:
        errors["min_score_percent"] = _("Give a lowest score between 0 and 100%.")
    if objective not in OBJECTIVES:
        errors["objective"] = _("Choose what the assignment maximises.")
    if errors:
        raise ServiceError(errors)
    size = population_size(program, population)
    if size == 0:
        raise ServiceError(_("Nobody to simulate yet: no applicants, or nobody eligible."))
    simulation = Simulation.objects.create(
        program=program,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        population=population,
        knobs={
            "current": config_mapping(program),
            "what_if": _what_if(program, weights=weights, seniority=seniority,
                                min_score_percent=min_score_percent),
            "capacity": capacity,
            "objective": objective,
        },
        background=size > inline_limit(),
        status=SimulationStatus.QUEUED,
    )
    audit.record(action="matching.simulation_started", actor=by, target=simulation,
                 details={"program": program.pk, "population": population, "people": size})
    if simulation.background:
        simulation_id = simulation.pk
        transaction.on_commit(lambda: execute_simulation.enqueue(simulation_id))
    else:
        simulation = simulation_execute(simulation_id=simulation.pk)
    return simulation


def simulations_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark comparisons that waited or ran too long as failed (their worker died or the task
    was lost), so their page stops polling and HR can start again. The periodic job calls it."""
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=stale_minutes())
    return Simulation.objects.filter(
        status__in=(SimulationStatus.QUEUED, SimulationStatus.RUNNING), created_at__lt=limit,
    ).update(status=SimulationStatus.FAILED, finished_at=now,
             error=gettext_noop("The comparison took too long or its worker stopped."))
