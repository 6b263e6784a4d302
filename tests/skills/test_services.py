"""Issue 21: editing and merging skills; merges rewrite every reference."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db.models import F

from terbalik.core.models import AuditEntry
from terbalik.core.service_errors import ServiceError
from terbalik.programs.models import ParticipantRole
from terbalik.skills import services
from terbalik.skills.models import Skill, SkillMerge, TaxonomyVersion
from terbalik.skills.selectors import people_per_skill, skill_index, taxonomy

from ..programs.conftest import MENTOR_INTAKE

pytestmark = pytest.mark.django_db


def _skill(slug: str) -> Skill:
    return Skill.objects.get(slug=slug)


def _update(skill: Skill, by, **changes):
    fields = dict(label_id=skill.label_id, label_en=skill.label_en,
                  synonyms_id=skill.synonyms_id, synonyms_en=skill.synonyms_en,
                  category=skill.category, active=skill.active)
    fields.update(changes)
    return services.skill_update(skill=skill, by=by, **fields)


def test_the_migration_seeded_the_taxonomy() -> None:
    assert Skill.objects.count() >= 140
    assert skill_index().lookup("analisis data") == "data-analysis"


def test_edit_adds_a_synonym_that_maps_at_once(hr_user) -> None:
    skill = _skill("data-analysis")
    assert skill_index().lookup("olah data excel") is None
    _update(skill, hr_user, synonyms_id="olah data excel\nanalisa data")
    skill.refresh_from_db()
    assert skill.synonyms_id == ["olah data excel", "analisa data"]
    assert skill_index().lookup("Olah Data Excel") == "data-analysis"
    assert AuditEntry.objects.filter(action="skill.update", target_id=str(skill.pk)).exists()


def test_a_new_synonym_maps_answers_typed_before_it(hr_user, program, make_person,
                                                    apply_as) -> None:
    mentee = apply_as(program, make_person(9),
                      intake={"skills_wanted": "Ngoding Python, medsos", "languages": "id"})
    assert mentee.intake["skills_wanted"] == ["social-media", "ngoding python"]
    assert people_per_skill()["python"] == 0
    skill = _skill("python")
    _update(skill, hr_user, synonyms_id=[*skill.synonyms_id, "ngoding python"])
    mentee.refresh_from_db()
    assert mentee.intake["skills_wanted"] == ["social-media", "python"]
    assert mentee.intake["typed"] == {"skills_wanted": "Ngoding Python, medsos"}  # audit kept
    assert people_per_skill()["python"] == 1


def test_a_word_of_another_skill_is_refused_and_nothing_is_written(hr_user) -> None:
    skill = _skill("data-analysis")
    before = Skill.objects.get(pk=skill.pk).synonyms_en
    with pytest.raises(ServiceError) as exc:
        _update(skill, hr_user, synonyms_en="social media, brand new words", label_en="")
    assert "synonyms_en" in exc.value.message_dict and "label_en" in exc.value.message_dict
    assert "social media" in " ".join(exc.value.message_dict["synonyms_en"])
    assert Skill.objects.get(pk=skill.pk).synonyms_en == before


def test_deactivated_skills_are_not_offered_and_their_words_are_reported(hr_user) -> None:
    _update(_skill("chess"), hr_user, active=False)
    result = skill_index().map("catur")
    assert result.ids == [] and result.unmapped == ["catur"]
    offered = [v for _g, options in taxonomy().choices(categories=["interests"])
               for v, _l in options]
    assert "chess" not in offered and "music" in offered


def test_merge_rewrites_references_records_the_merge_and_keeps_the_words(
    hr_user, program, make_person, apply_as
) -> None:
    # two skills that mean the same: "power-bi" merged into "dashboards"
    mentor = apply_as(program, make_person(3), ParticipantRole.MENTOR,
                      intake={**MENTOR_INTAKE, "skills_offered": "Power BI, python"})
    mentee = apply_as(program, make_person(9),
                      intake={"skills_wanted": "dasbor, powerbi", "languages": "id"})
    assert mentor.intake["skills_offered"] == ["power-bi", "python"]
    assert mentee.intake["skills_wanted"] == ["dashboards", "power-bi"]
    assert people_per_skill()["power-bi"] == 2

    merge = services.skill_merge(source=_skill("power-bi"), target=_skill("dashboards"),
                                 by=hr_user)

    mentor.refresh_from_db()
    mentee.refresh_from_db()
    assert mentor.intake["skills_offered"] == ["dashboards", "python"]
    assert mentee.intake["skills_wanted"] == ["dashboards"]  # no duplicate
    assert mentee.intake["typed"] == {"skills_wanted": "dasbor, powerbi"}  # audit kept
    assert merge.references_rewritten == 2
    assert merge.source_labels["label_en"] == "Power BI"
    source, target = _skill("power-bi"), _skill("dashboards")
    assert not source.active and source.merged_into == target
    # the source's labels and synonyms are now the target's (each word once)
    assert target.synonyms_id[-1] == "Power BI"  # "powerbi" is the same word folded
    assert "microsoft power bi" in target.synonyms_en
    assert skill_index().lookup("power bi") == "dashboards"
    assert skill_index().lookup("power-bi") == "dashboards"
    counts = people_per_skill()
    assert counts["dashboards"] == 2 and counts["power-bi"] == 0
    assert SkillMerge.objects.count() == 1


def test_merge_refusals_change_nothing(hr_user) -> None:
    a, b = _skill("tableau"), _skill("looker-studio")
    with pytest.raises(ServiceError):
        services.skill_merge(source=a, target=a, by=hr_user)
    services.skill_merge(source=a, target=b, by=hr_user)
    with pytest.raises(ServiceError):  # already merged
        services.skill_merge(source=_skill("tableau"), target=_skill("power-bi"), by=hr_user)
    with pytest.raises(ServiceError):  # into an inactive skill
        services.skill_merge(source=_skill("power-bi"), target=_skill("tableau"), by=hr_user)
    assert SkillMerge.objects.count() == 1
    assert _skill("power-bi").active


def test_seed_install_is_idempotent_and_restores_missing_skills() -> None:
    assert services.skill_seed_install() == 0
    Skill.objects.filter(slug="chess").delete()
    assert services.skill_seed_install() == 1
    assert services.skill_seed_install() == 0


def test_an_empty_table_falls_back_to_the_shipped_taxonomy() -> None:
    Skill.objects.all().delete()
    from terbalik.skills.selectors import forget

    forget()
    assert skill_index().lookup("medsos") == "social-media"
    assert taxonomy().label("social-media", "id") == "Media sosial"


def test_an_edit_made_by_another_process_shows_at_the_next_read() -> None:
    """This process keeps the rows; a change saved elsewhere (no `forget()` here) moves the
    table's fingerprint, so the next read sees it."""
    assert taxonomy().label("data-analysis", "en") != "Data crunching"
    skill = _skill("data-analysis")
    skill.label_en = "Data crunching"
    skill.save()  # as another process's service would, without this process's `forget()`
    TaxonomyVersion.objects.update(n=F("n") + 1)
    assert taxonomy().label("data-analysis", "en") == "Data crunching"
    Skill.objects.filter(slug="chess").delete()
    assert "chess" not in taxonomy().entries
    Skill.objects.create(slug="knitting", category=skill.category, label_id="Merajut",
                         label_en="Knitting")
    assert skill_index().lookup("merajut") == "knitting"


def test_an_unchanged_taxonomy_costs_one_small_query_per_read(django_assert_num_queries) -> None:
    taxonomy()
    with django_assert_num_queries(1):  # the fingerprint; the ~150 rows are not read again
        taxonomy()


def test_an_edit_stamped_before_the_cached_copy_still_shows(hr_user) -> None:
    """`updated_at` is the saving server's clock, taken before its transaction commits: an
    edit that commits last can carry the older stamp (or another machine's slower clock).
    The version counter moves in commit order, so another process's copy is still dropped."""
    from terbalik.skills import selectors

    python = _skill("python")
    _update(python, hr_user, synonyms_id=[*python.synonyms_id, "ular"])
    taxonomy()
    other_process = dict(selectors._cache)  # its copy, taken after the first edit
    stamp = Skill.objects.get(slug="python").updated_at
    skill = _skill("data-analysis")
    with mock.patch("django.utils.timezone.now", return_value=stamp - timedelta(hours=1)):
        _update(skill, hr_user, synonyms_id=[*skill.synonyms_id, "olah angka"])
    assert Skill.objects.get(slug="data-analysis").updated_at < stamp
    selectors._cache.clear()
    selectors._cache.update(other_process)  # that process never ran this `forget()`
    assert skill_index().lookup("olah angka") == "data-analysis"
