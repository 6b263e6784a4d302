"""Programs raise the one `ServiceError` of core; the codes they use are named here."""

from __future__ import annotations

from terbalik.core.service_errors import ServiceError

#: the lifecycle move lacks prerequisites (each one a sentence)
TRANSITION_REFUSED = "transition_refused"
#: applying, accepting or a decision was refused (e.g. not eligible: each rule's reason)
ENROLLMENT_REFUSED = "enrollment_refused"

__all__ = ["ENROLLMENT_REFUSED", "TRANSITION_REFUSED", "ServiceError"]
