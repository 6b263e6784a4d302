"""Issue 20 part 6: every view that shows or exports confidential results or somebody else's
personal data writes exactly one audit entry naming who and what; a refused request writes
none. The URLs and their real objects come from the permission matrix's world."""

from __future__ import annotations

import pytest
from django.urls import reverse

from terbalik.core import audit_labels
from terbalik.core.models import AuditEntry
from tests.security.matrix_world import World
from tests.security.test_permission_matrix import _url
from tests.security.test_permission_matrix import world as world  # the same module world

pytestmark = pytest.mark.django_db


# (URL name, who opens it, action recorded, target's model label or "" for none)
SENSITIVE = [
    ("reports:overview", "hr_a", "reports.overview_viewed", ""),
    ("reports:dashboard", "hr_a", "reports.dashboard_viewed", "programs.program"),
    ("reports:report", "hr_a", "reports.report_viewed", "programs.program"),
    ("reports:report_pdf", "hr_a", "reports.report_pdf_exported", "programs.program"),
    ("reports:export", "hr_a", "reports.data_exported", "programs.program"),
    ("reports:feedback", "hr_a", "reports.feedback_viewed", "programs.program"),
    ("reports:feedback_export", "hr_a", "reports.feedback_exported", "programs.program"),
    ("surveys:results", "hr_a", "surveys.results_viewed", "surveys.surveyinstance"),
    ("surveys:export_csv", "hr_a", "surveys.responses_exported", "surveys.surveyinstance"),
    ("surveys:export_xlsx", "hr_a", "surveys.responses_exported", "surveys.surveyinstance"),
    ("people:export_csv", "hr_a", "people.directory_exported", ""),
    ("people:export_xlsx", "hr_a", "people.directory_exported", ""),
    ("people:detail", "hr_b", "people.profile_viewed", "people.employee"),
    ("pairs:hr_pair", "hr_a", "pairs.hr_pair_viewed", "pairs.pair"),
    ("pairs:profile", "participant_a", "pairs.partner_profile_viewed", "people.employee"),
    ("core:audit_export", "admin", "core.audit_exported", ""),
]


def _last_pk() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize(("name", "actor", "action", "target"), SENSITIVE,
                         ids=[s[0] for s in SENSITIVE])
def test_sensitive_view_writes_one_entry_with_actor_and_target(
    world: World, name: str, actor: str, action: str, target: str
) -> None:
    before = _last_pk()
    response = world.clients[actor].get(_url(world, name))
    assert response.status_code == 200, (name, response.status_code)
    new = list(AuditEntry.objects.filter(pk__gt=before))
    assert [e.action for e in new] == [action]
    entry = new[0]
    assert entry.actor == world.users[actor]
    assert entry.target_type == target
    if target:
        assert entry.target_id
    if target == "programs.program":
        assert entry.program_id == world.kwargs["program_id"] == int(entry.target_id)


def test_every_viewed_or_exported_action_is_tested() -> None:
    codes = {c for c in audit_labels.LABELS if audit_labels.kind_of(c) in ("viewed", "exported")}
    assert codes == {s[2] for s in SENSITIVE}


@pytest.mark.parametrize(("name", "actor"), [
    ("reports:dashboard", "participant_b"), ("reports:feedback_export", "sponsor_b"),
    ("people:detail", "participant_b"), ("pairs:hr_pair", "hr_b"),
    ("pairs:profile", "participant_b"), ("core:audit_export", "hr_a"),
])
def test_a_refused_request_writes_nothing(world: World, name: str, actor: str) -> None:
    before = _last_pk()
    response = world.clients[actor].get(_url(world, name))
    assert response.status_code in (403, 404)
    assert _last_pk() == before


def test_a_sponsor_reading_aggregates_is_recorded_as_such(world: World) -> None:
    sponsor = world.users["sponsor_b"]
    program_id = sponsor.sponsored_programs.get().program_id
    before = _last_pk()
    response = world.clients["sponsor_b"].get(reverse("reports:dashboard", args=[program_id]))
    assert response.status_code == 200
    entry = AuditEntry.objects.get(pk__gt=before)
    assert (entry.action, entry.actor, entry.program_id) == (
        "reports.dashboard_viewed", sponsor, program_id)
    assert entry.details == {"aggregates_only": True}


def test_own_directory_page_is_not_someone_elses_data(world: World) -> None:
    before = _last_pk()
    response = world.clients["participant_a"].get(_url(world, "people:detail"))
    assert response.status_code == 200
    assert _last_pk() == before


def test_partner_profile_entry_names_the_pair_and_contact_details(world: World) -> None:
    before = _last_pk()
    world.clients["participant_a"].get(_url(world, "pairs:profile"))
    entry = AuditEntry.objects.get(pk__gt=before)
    assert entry.details["pair_id"] == world.kwargs["pair_id"]
    assert entry.details["side"] == "mentor"
    assert entry.details["contact_details"] is True  # an active pair's member sees them
    assert entry.program_id is not None
