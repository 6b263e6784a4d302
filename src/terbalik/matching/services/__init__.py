"""The matching app's only write path. Keyword-only, typed, each inside a transaction."""

from ..execution import engine_result, run_execute
from .choice import (
    choice_accept,
    choice_decline,
    choice_make,
    choice_requests_expire,
    refreshes_left,
    suggestions_current,
    suggestions_refresh,
)
from .common import choice_closed_reason, free_places
from .rematch import (
    pair_dissolve,
    rematch_mentee,
    rematch_request_create,
    rematch_request_dismiss,
)
from .review import (
    OverrideCheck,
    override_check,
    proposal_lock,
    proposal_override,
    proposal_swap,
    run_publish,
    run_rerun,
)
from .runs import inline_limit, run_start, runs_fail_stale
from .settings import matching_settings_update
from .simulations import simulation_start, simulations_fail_stale

__all__ = [
    "OverrideCheck",
    "choice_accept",
    "choice_closed_reason",
    "choice_decline",
    "choice_make",
    "choice_requests_expire",
    "engine_result",
    "free_places",
    "inline_limit",
    "matching_settings_update",
    "override_check",
    "pair_dissolve",
    "proposal_lock",
    "proposal_override",
    "proposal_swap",
    "refreshes_left",
    "rematch_mentee",
    "rematch_request_create",
    "rematch_request_dismiss",
    "run_execute",
    "run_publish",
    "run_rerun",
    "run_start",
    "runs_fail_stale",
    "simulation_start",
    "simulations_fail_stale",
    "suggestions_current",
    "suggestions_refresh",
]
