"""What each audit action code means, in the reader's language, and which kind it is.

Codes are written by `core.audit.record` ("app.what") and, for role and ownership changes, by
django-auditlog (shown here as "auditlog.<app>.<model>.<create|update|delete>"). A code
missing here is shown by its app's name and the code itself, never hidden.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VIEWED, EXPORTED, ROLES, CHANGES = "viewed", "exported", "roles", "changes"

KINDS: list[tuple[str, Promise]] = [
    (VIEWED, _("Viewed confidential data")),
    (EXPORTED, _("Exported data")),
    (ROLES, _("Roles and access rights")),
    (CHANGES, _("Other changes")),
]

# Codes of core.AuditEntry that change who may see or do what (auditlog's entries all do).
ROLE_ACTIONS = ("program.owner_add", "reports.sponsor_assign", "reports.sponsor_remove",
                "accounts.sso_linked")

APPS: dict[str, Promise] = {
    "accounts": _("Accounts"), "auditlog": _("Roles"), "core": _("Audit trail"),
    "enrollment": _("Enrolment"), "invitation": _("Invitations"), "matching": _("Matching"),
    "notify": _("Notifications"), "pairs": _("Pairs"), "people": _("Directory"),
    "program": _("Programs"), "reports": _("Reports"), "survey": _("Surveys"),
    "surveys": _("Surveys"), "privacy": _("Privacy"), "api": _("API"), "skill": _("Skills"),
    "webhooks": _("Webhooks"),
}

LABELS: dict[str, Promise] = {
    # viewed and exported (core.audit.access)
    "reports.overview_viewed": _("Viewed the reports overview"),
    "reports.dashboard_viewed": _("Viewed a program dashboard"),
    "reports.report_viewed": _("Viewed a program report"),
    "reports.report_pdf_exported": _("Downloaded a program report (PDF)"),
    "reports.data_exported": _("Exported program data"),
    "reports.feedback_viewed": _("Viewed session feedback"),
    "reports.feedback_exported": _("Exported session feedback"),
    "surveys.results_viewed": _("Viewed survey results"),
    "surveys.responses_exported": _("Exported survey responses"),
    "people.directory_exported": _("Exported the employee directory"),
    "people.profile_viewed": _("Viewed a person's directory page"),
    "pairs.hr_pair_viewed": _("Viewed a pair (HR page)"),
    "pairs.partner_profile_viewed": _("Viewed a pair member's profile"),
    "core.audit_exported": _("Exported the audit trail"),
    # roles and access rights
    "auditlog.accounts.user.create": _("User created (role recorded)"),
    "auditlog.accounts.user.update": _("Role or access rights changed"),
    "auditlog.accounts.user.delete": _("User deleted"),
    "auditlog.programs.program.update": _("Program HR managers changed"),
    "program.owner_add": _("HR manager added to a program"),
    "reports.sponsor_assign": _("Sponsor given a program's reports"),
    "reports.sponsor_remove": _("Sponsor removed from a program's reports"),
    "accounts.sso_linked": _("Single sign-on linked to an account"),
    # other changes
    "program.create": _("Program created"),
    "program.update": _("Program changed"),
    "program.transition": _("Program status changed"),
    "program.measurement_plan": _("Measurement plan changed"),
    "program.closing_summary": _("Closing summary written"),
    "enrollment.create": _("Applied to a program"),
    "enrollment.direct": _("Enrolled directly by HR"),
    "enrollment.approve": _("Enrolment approved"),
    "enrollment.reject": _("Enrolment rejected"),
    "enrollment.remove": _("Removed from a program"),
    "enrollment.withdraw": _("Withdrew from a program"),
    "enrollment.promote": _("Moved up from the waitlist"),
    "enrollment.manager_approve": _("Manager approved taking part"),
    "enrollment.manager_refuse": _("Manager refused taking part"),
    "invitation.send": _("Invitation sent"),
    "invitation.resend": _("Invitation sent again"),
    "invitation.cancel": _("Invitation cancelled"),
    "invitation.accept": _("Invitation accepted"),
    "invitation.decline": _("Invitation declined"),
    "invitation.password_link": _("Password link sent with an invitation"),
    "matching.settings_update": _("Matching settings changed"),
    "matching.run_started": _("Matching run started"),
    "matching.run_published": _("Matches published"),
    "matching.proposal_lock": _("Proposed match locked"),
    "matching.proposal_unlock": _("Proposed match unlocked"),
    "matching.proposal_override": _("Proposed match changed by hand"),
    "matching.proposal_swap": _("Proposed mentors swapped"),
    "matching.suggestions_refresh": _("Suggestions refreshed"),
    "matching.choice_made": _("Mentee chose a mentor"),
    "matching.choice_accepted": _("Mentor accepted a request"),
    "matching.choice_declined": _("Mentor declined a request"),
    "matching.choice_expired": _("Mentor request expired"),
    "matching.rematch_requested": _("New match requested"),
    "matching.rematch_dismissed": _("Request for a new match dismissed"),
    "matching.pair_dissolved": _("Pair dissolved for a new match"),
    "pairs.pair_created": _("Pair created"),
    "pairs.program_launch": _("Program launched"),
    "pairs.rollover": _("Pairs carried into the next term"),
    "pairs.agreement_update": _("Pair agreement changed"),
    "pairs.agreement_accept": _("Pair agreement accepted"),
    "pairs.goal_create": _("Pair goal set"),
    "pairs.goal_status": _("Pair goal status changed"),
    "pairs.goal_achieved_undo": _("Achieved goal reopened"),
    "pairs.goals_share": _("Pair goals shared with HR"),
    "pairs.meeting_schedule": _("Meeting scheduled"),
    "pairs.meeting_reschedule": _("Meeting moved"),
    "pairs.meeting_cancel": _("Meeting cancelled"),
    "pairs.nudged": _("HR sent a nudge"),
    "pairs.continue_choice": _("Chose whether to continue"),
    "people.employee_import": _("Directory imported"),
    "people.import_discarded": _("Directory import discarded"),
    "people.profile_update": _("Profile changed"),
    "notify.calendar_feed_revoke": _("Calendar feed revoked"),
    "survey.create": _("Survey created"),
    "survey.update": _("Survey changed"),
    "survey.copy": _("Survey copied"),
    "survey.new_version": _("New survey version"),
    "survey.question_add": _("Question added"),
    "survey.question_update": _("Question changed"),
    "survey.question_remove": _("Question removed"),
    "survey.question_move": _("Question moved"),
    "survey.instance_create": _("Survey sending created"),
    "survey.instance_close": _("Survey sending closed"),
    "survey.instance_target": _("Survey response target changed"),
    "survey.instance_link_program": _("Survey sending linked to a program"),
    "survey.recipients_add": _("Survey recipients added"),
    "survey.recipient_remove": _("Survey recipient removed"),
    "survey.plan_schedule": _("Planned survey scheduled"),
    "survey.plan_move": _("Planned survey moved"),
    "survey.invitation_send": _("Survey invitations sent"),
    "survey.reminder_send": _("Survey reminders sent"),
    "skill.create": _("Skill added"),
    "skill.update": _("Skill changed"),
    "skill.merge": _("Skills merged"),
    "enrollment.intake_erase_optional": _("Optional intake answers erased"),
    "enrollment.interests_set": _("Interests set"),
    "matching.simulation_started": _("Matching simulation started"),
    "notify.program_channels_set": _("Program chat channels changed"),
    "notify.program_channels_test": _("Program chat channels tested"),
    "notify.whatsapp_consent_given": _("WhatsApp messages accepted"),
    "notify.whatsapp_consent_withdrawn": _("WhatsApp messages refused"),
    "people.correct": _("Directory entry corrected"),
    "privacy.notice_accept": _("Privacy notice accepted"),
    "privacy.optional_consent": _("Optional data consent changed"),
    "privacy.consent_withdraw": _("Consent withdrawn"),
    "privacy.correction_request": _("Correction requested"),
    "privacy.correction_decide": _("Correction request decided"),
    "privacy.erasure_requested": _("Erasure requested"),
    "privacy.erasure_approved": _("Erasure approved"),
    "privacy.erasure_rejected": _("Erasure refused"),
    "privacy.erasure_automatic": _("Person erased automatically"),
    "privacy.export": _("Downloaded own data"),
    "privacy.retention_run": _("Retention clean-up run"),
    "privacy.retention_command": _("Retention clean-up run by command"),
    "api.token_create": _("API token created"),
    "api.token_revoke": _("API token revoked"),
    "webhooks.subscription_create": _("Webhook added"),
    "webhooks.subscription_update": _("Webhook changed"),
    "webhooks.subscription_delete": _("Webhook deleted"),
    "webhooks.secret_reveal": _("Webhook secret shown"),
    "webhooks.ping": _("Webhook tested"),
    "webhooks.delivery_retry": _("Webhook delivery retried"),
}


def label(code: str) -> str:
    """The reader's-language label of `code`; unknown codes show their app and the code."""
    known = LABELS.get(code)
    if known is not None:
        return str(known)
    app = code.split(".", 1)[0]
    return f"{APPS[app]}: {code}" if app in APPS else code


def kind_of(code: str) -> str:
    if code.endswith("_viewed"):
        return VIEWED
    if code.endswith("_exported"):
        return EXPORTED
    if code.startswith("auditlog.") or code in ROLE_ACTIONS:
        return ROLES
    return CHANGES


def action_choices() -> list[tuple[str, str]]:
    """Every known action, by label, for the viewer's filter."""
    return sorted(((code, str(text)) for code, text in LABELS.items()), key=lambda c: c[1])
