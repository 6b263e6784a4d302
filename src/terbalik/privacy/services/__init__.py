"""The privacy app's only write path (consent, withdrawal, corrections, exports' audit).
Keyword-only, typed, each inside a transaction; other apps' data is changed through their
own services."""

from .consent import (
    apply_with_consent,
    consent_withdraw,
    contact_profile_save,
    interests_update,
    invitation_accept_with_consent,
    notice_accept,
    optional_consent_set,
)
from .corrections import correction_decide, correction_request_create

__all__ = [
    "apply_with_consent",
    "consent_withdraw",
    "contact_profile_save",
    "interests_update",
    "correction_decide",
    "correction_request_create",
    "invitation_accept_with_consent",
    "notice_accept",
    "optional_consent_set",
]
