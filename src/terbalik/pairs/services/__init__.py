"""The pairs app's only write path. Keyword-only, typed, each inside a transaction."""

from .agreement import agreement_accept, agreement_for, agreement_update
from .closing import pair_complete, pair_continue_choose, pair_rollover
from .goals import (
    UNDO_WINDOW,
    goal_achieved_undo,
    goal_create,
    goal_progress_add,
    goal_set_status,
    goal_undo_until,
    goals_share,
    milestone_add,
    milestone_toggle,
    note_add,
)
from .health import pair_health_recompute, pairs_health_recompute
from .launch import launch_announce, program_launch, training_submit
from .meetings import (
    checkin_submit,
    meeting_cancel,
    meeting_reschedule,
    meeting_schedule,
    series_starts,
    training_done,
)
from .nudge import nudge_recipient, pair_nudge
from .pairs import pair_create, pair_end

__all__ = [
    "UNDO_WINDOW",
    "goal_achieved_undo",
    "goal_undo_until",
    "agreement_accept",
    "agreement_for",
    "agreement_update",
    "checkin_submit",
    "goal_create",
    "goal_progress_add",
    "goal_set_status",
    "goals_share",
    "launch_announce",
    "meeting_cancel",
    "meeting_reschedule",
    "meeting_schedule",
    "milestone_add",
    "milestone_toggle",
    "note_add",
    "nudge_recipient",
    "pair_complete",
    "pair_continue_choose",
    "pair_create",
    "pair_end",
    "pair_health_recompute",
    "pair_nudge",
    "pair_rollover",
    "pairs_health_recompute",
    "program_launch",
    "series_starts",
    "training_done",
    "training_submit",
]
