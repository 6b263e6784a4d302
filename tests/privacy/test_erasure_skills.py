"""Erasure keeps the skill ids of a person's directory entry and intake (the reports and the
matching count them) but drops the terms typed as is, which can name a person."""

from __future__ import annotations

import pytest

from terbalik.privacy import erasure
from terbalik.programs.models import Enrollment

pytestmark = pytest.mark.django_db


def test_directory_skills_keep_the_ids_and_lose_the_typed_terms(make_person):
    user = make_person(9, skills_offered=["data-analysis", "zzqx rina's project"],
                       skills_wanted=["public-speaking", "coached by budi"])
    erasure.pseudonymise(user=user)
    user.employee.refresh_from_db()
    assert user.employee.skills_offered == ["data-analysis"]
    assert user.employee.skills_wanted == ["public-speaking"]


def test_intake_skills_keep_the_ids_and_lose_the_typed_terms(enrolled):
    enrollment = Enrollment.objects.get(user=enrolled)
    enrollment.intake = {"skills_wanted": ["data-analysis", "zzqx"], "languages": ["id"],
                         "skills_offered": ["mentoring by ani"], "typed": {"x": "zzqx"}}
    enrollment.save(update_fields=["intake"])
    erasure.pseudonymise(user=enrolled)
    enrollment.refresh_from_db()
    assert enrollment.intake == {"skills_wanted": ["data-analysis"], "languages": ["id"],
                                 "skills_offered": []}
