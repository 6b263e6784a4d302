"""What erasure does with every text field of every model that points at a person.

`HANDLED`: fields `erasure.pseudonymise` changes. `NOT_PERSONAL`: fields it keeps, each with
the reason ("*" for the whole model). tests/privacy/test_model_graph.py walks the model graph
from Employee and User and fails when a text field is in neither.
"""

from __future__ import annotations

#: model label -> text fields the erasure changes (see the module docstring)
HANDLED: dict[str, set[str]] = {
    "accounts.user": {"email", "full_name", "password"},
    # skills_*: skill ids kept, terms typed by the import (can name a person) dropped
    "people.employee": {"employee_id", "full_name", "email", "job_title", "skills_offered",
                        "skills_wanted"},
    "people.profile": {"photo", "whatsapp"},
    "people.importbatch": {"summary", "file_name", "content"},
    "programs.enrollment": {"intake", "reason"},
    "pairs.pair": {"score_details"},
    "pairs.agreement": {"expectations", "touchpoint_note"},
    "pairs.goal": {"statement", "achievable", "relevance"},
    "pairs.milestone": {"title"},
    "pairs.goalprogress": {"note"},
    "pairs.note": {"body"},
    "pairs.meeting": {"location"},
    "pairs.checkin": {"comment"},
    "pairs.nudge": {"body"},
    "matching.rematchrequest": {"reason"},
    "matching.matchrun": {"snapshot", "result", "fixed"},
    "matching.proposal": {"details"},
    "matching.suggestionset": {"items"},
    "matching.choicerequest": {"details"},
    "surveys.answer": {"value"},
    "notify.notificationlog": {"message", "last_error"},
    "notify.calendarfeed": {"token"},
    "core.auditentry": {"details"},
    "core.formsubmission": {"body", "location", "headers", "cookies"},
    "admin.logentry": {"object_repr", "change_message"},
    "account.emailaddress": {"email"},  # deleted
    "socialaccount.socialaccount": {"uid", "extra_data", "provider"},  # deleted
    "mfa.authenticator": {"type", "data"},  # deleted
    "privacy.erasurerequest": {"explanation"},
    "privacy.correctionrequest": {"current_value", "requested_value", "note", "reason"},
    "notify.chatpreference": {"channels", "slack_user_id", "slack_email", "teams_webhook_url",
                              "whatsapp_consent_number"},  # deleted
    "auditlog.logentry": {"object_repr", "changes_text", "changes", "actor_email"},
    "webhooks.delivery": {"payload", "response_body"},
}

_CODES = "choice codes, ids and dates, no free text about the person"
_HR_TEXT = "written by HR about a program or survey, not about a person"
#: model label -> {field or "*": why it is not personal data of the person (kept as is)}
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "accounts.user": {
        "role": _CODES,
        "language": "the interface language, needed to write to the person until the erasure",
    },
    "people.employee": {
        "time_zone": _CODES,
        "languages": "counted by the reports",
        "department_record": "kept for the reports' breakdowns",
        "location_record": "kept for the reports' breakdowns",
    },
    "people.profile": {"channels": _CODES},
    "people.importbatch": {"status": _CODES},
    "programs.enrollment": {
        "role": _CODES,
        "status": _CODES,
        "source": _CODES,
        "manager_outcome": _CODES,
    },
    "programs.invitation": {"*": _CODES},
    "programs.program": {"*": _HR_TEXT},
    "programs.measurementitem": {"*": _HR_TEXT},
    "pairs.pair": {
        "status": _CODES,
        "source": _CODES,
        "health": _CODES,
        "health_reasons": "reason codes computed from dates and counts",
    },
    "pairs.agreement": {"channels": _CODES, "cadence": _CODES, "touchpoint": _CODES},
    "pairs.goal": {
        "unit": "a unit of measure (e.g. 'tools'), kept for the goals' numbers",
        "status": _CODES,
    },
    "pairs.meeting": {
        "uid": "a random calendar id",
        "time_zone": _CODES,
        "channel": _CODES,
        "status": _CODES,
        "outcome": _CODES,
    },
    "pairs.checkin": {"role": _CODES, "answer": _CODES},
    "pairs.nudge": {"role": _CODES, "language": _CODES, "token": "a random form token"},
    "pairs.healthrecord": {"*": "reason codes computed from dates and counts"},
    "pairs.launch": {"*": _HR_TEXT},
    "pairs.trainingresult": {"*": "answers to the training's fixed quiz (choice codes)"},
    "matching.matchrun": {
        "status": _CODES,
        "task_id": "a background task id",
        "progress_step": _CODES,
        "config": "weights and rules",
        "error": "engine errors (no personal data: snapshots hold ids)",
    },
    "matching.matchingsettings": {"*": _HR_TEXT},
    "matching.proposal": {"engine_status": _CODES},
    "matching.choicerequest": {"status": _CODES},
    "matching.rematchrequest": {"role": _CODES, "status": _CODES},
    "surveys.survey": {"*": _HR_TEXT},
    "surveys.surveyversion": {"*": _HR_TEXT},
    "surveys.question": {"*": _HR_TEXT},
    "surveys.surveyinstance": {"*": _HR_TEXT},
    "surveys.plannedsending": {"*": _HR_TEXT},
    "surveys.recipient": {"*": _CODES},
    "surveys.response": {"status": _CODES},
    "surveys.delivery": {"kind": _CODES},
    "notify.notificationlog": {
        "key": "the cause's ids",
        "kind": _CODES,
        "status": _CODES,
        "message_id": "derived from the key",
        "channel": _CODES,
    },
    "notify.emailpreference": {"*": _CODES},
    "core.auditentry": {"action": _CODES, "target_type": _CODES, "target_id": "an object id"},
    "core.formsubmission": {"scope": "a hash", "token": "a random token"},
    "reports.programsponsor": {"*": _CODES},
    "admin.logentry": {"object_id": "an object id"},
    "account.emailconfirmation": {"*": "deleted with the address (cascade)"},
    "socialaccount.socialtoken": {"*": "deleted with the SSO link (cascade)"},
    "mfa.authenticator": {},
    "privacy.correctionrequest": {"field": _CODES, "status": _CODES},
    "privacy.consentrecord": {
        "kind": _CODES,
        "method": _CODES,
        "details": "what a withdrawal did: enrolment ids and the kinds of data erased",
    },
    "auditlog.logentry": {
        "object_pk": "an object id",
        "cid": "a correlation id",
        "serialized_data": "not stored (the trail keeps changed fields only)",
        "additional_data": "not used",
    },
    "matching.simulation": {"*": "a what-if comparison: settings, figures and department "
                                 "names, never a person"},
    "notify.programchatchannel": {"*": "a program's chat channel set up by HR"},
    "webhooks.subscription": {"*": "an integration set up by a platform admin"},
    "skills.skillmerge": {"*": "labels of a merged skill, written by HR"},
    "skills.taxonomyversion": {"*": "a counter of changes to the skills list"},
    "api.apitoken": {"*": "an API client's credential (its name is the client's); it stops "
                          "working when the erasure deactivates the account it acts as"},
    "webhooks.delivery": {
        "event_id": "a random id",
        "event_type": _CODES,
        "state": _CODES,
        "last_error": "transport errors (status codes, time-outs)",
    },
    "privacy.erasurerequest": {
        "source": _CODES,
        "status": _CODES,
        "decision_reason": "HR's reason for the decision",
        "pseudonym": "the pseudonym itself",
        "changes": "counts",
    },
    "auth.group": {"*": "permission groups"},
    "auth.permission": {"*": "permissions"},
    "sessions.session": {"*": "ends: the password hash changes"},
    "privacy.retentionrun": {"*": "counts"},
}
