"""The programs app's only write path. Keyword-only, typed, each inside a transaction."""

from .enrollment import (
    enrollment_apply,
    enrollment_approve,
    enrollment_reject,
    enrollment_remove,
    enrollment_withdraw,
    manager_approvals_expire,
    manager_decide,
    manager_link,
    places_left,
    waitlist_promote,
)
from .errors import EnrollmentRefused, ProgramError, TransitionRefused
from .invitations import (
    InvitationResult,
    invitation_accept,
    invitation_decline,
    invitation_link,
    invitation_send,
)
from .programs import (
    EDITABLE_FIELDS,
    PlanItem,
    program_add_owner,
    program_create,
    program_create_from_template,
    program_set_closing_summary,
    program_set_measurement_plan,
    program_transition,
    program_update,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EnrollmentRefused",
    "InvitationResult",
    "PlanItem",
    "ProgramError",
    "TransitionRefused",
    "enrollment_apply",
    "enrollment_approve",
    "enrollment_reject",
    "enrollment_remove",
    "enrollment_withdraw",
    "invitation_accept",
    "invitation_decline",
    "invitation_link",
    "invitation_send",
    "manager_approvals_expire",
    "manager_decide",
    "manager_link",
    "places_left",
    "program_add_owner",
    "program_create",
    "program_create_from_template",
    "program_set_closing_summary",
    "program_set_measurement_plan",
    "program_transition",
    "program_update",
    "waitlist_promote",
]
