"""A partner's re-match request is for HR only: it never reaches the other member's export
(review finding: `_rematch` exported every request on the person's pairs, reason included)."""

from __future__ import annotations

import pytest

from terbalik.matching import services as matching_services
from terbalik.matching.services.rematch import rematch_request_create
from terbalik.privacy import export

pytestmark = pytest.mark.django_db


def test_the_partners_rematch_reason_is_not_in_my_export(small_company, hr_user):
    program, _mentors, _mentees = small_company
    run = matching_services.run_start(program=program, by=hr_user)
    [pair, *_rest] = matching_services.run_publish(match_run=run, by=hr_user)
    rematch_request_create(pair=pair, by=pair.mentor.user, reason="Sungkan bilang langsung")
    mentee_export = export.export_json(user=pair.mentee.user).decode()
    mentor_export = export.export_json(user=pair.mentor.user).decode()
    assert "Sungkan bilang langsung" not in mentee_export
    assert "Sungkan bilang langsung" in mentor_export  # the person's own request stays theirs
