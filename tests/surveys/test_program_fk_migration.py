"""surveys 0004 turns `SurveyInstance.program_id` (a plain integer) into a foreign key and keeps
the existing links; an id that points at no program is cleared (it could not satisfy the key)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from terbalik.programs.models import Program
from terbalik.surveys import services
from terbalik.surveys.models import QuestionType, SurveyInstance

from ..programs.conftest import program_fields

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("surveys", "0003_planned_sending")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def test_the_foreign_key_migration_keeps_every_link(hr_user):
    program = Program.objects.create(created_by=hr_user, **program_fields())
    survey = services.survey_create(by=hr_user, title={"id": "Survei", "en": "Survey"})
    services.question_add(survey=survey, by=hr_user, data=services.QuestionData(
        type=QuestionType.LIKERT, text={"id": "Puas?"}, min_value=1, max_value=5))
    now = timezone.now()
    kept = services.survey_instance_create(
        survey=survey, by=hr_user, title="Pre", opens_at=now, closes_at=now + timedelta(days=7)
    )
    SurveyInstance.objects.filter(pk=kept.pk).update(program=program)
    version_id = kept.version_id
    try:
        executor = _migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("surveys", "SurveyInstance")
        assert old.objects.get(pk=kept.pk).program_id == program.pk
        dangling = old.objects.create(
            title="Orphan", version_id=version_id, opens_at=now,
            closes_at=now + timedelta(days=7), phase="none", created_at=now,
            program_id=program.pk + 1000,
        )
    finally:
        _migrate(None)
    assert SurveyInstance.objects.get(pk=kept.pk).program == program
    assert list(program.survey_instances.all()) == [SurveyInstance.objects.get(pk=kept.pk)]
    assert SurveyInstance.objects.get(pk=dangling.pk).program_id is None
