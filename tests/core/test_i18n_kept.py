"""`{% load i18n i18n_kept %}` (core/templatetags/i18n_kept.py) must render every form of
`{% translate %}` exactly as Django's own tag does, in every language, however often."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import override_settings
from django.utils import translation

from terbalik.core.templatetags import i18n_kept

TAGS = [
    '{% translate "Goals" %}',
    "{% translate 'Meetings' %}",
    '{% trans "Past meetings" %}',
    '{% translate "Change (95% CI)" %}',  # a doubled percent sign in the catalogue
    '{% translate "a < b & c" %}',  # not in the catalogue, and not escaped by Django either
    '{% translate "" %}',
    '{% translate "Goals" noop %}',
    '{% translate "Goals" as goals %}[{{ goals }}]',
    '{% translate "Goals"|upper %}',
    '{% translate "May" context "month name" %}',
    "{% translate word %}",
    "{% translate word|lower %}",
]


def _both(tag: str) -> tuple[str, str]:
    django = engines["django"].from_string("{% load i18n %}" + tag)
    kept = engines["django"].from_string("{% load i18n i18n_kept %}" + tag)
    context = {"word": "Meetings <b>"}
    return django.render(context), kept.render(context)


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("tag", TAGS)
def test_every_form_renders_as_djangos_tag(tag, language):
    with translation.override(language):
        for _ in range(3):  # the first render keeps, the next ones read
            django, kept = _both(tag)
            assert kept == django
            assert type(kept) is type(django)


def test_the_plain_forms_are_kept_and_the_others_are_djangos_node():
    template = engines["django"].from_string(
        "{% load i18n i18n_kept %}" + "".join(TAGS)).template
    kinds = [type(node).__name__ for node in template.nodelist
             if "Translate" in type(node).__name__]
    assert kinds == ["KeptTranslateNode"] * 6 + ["TranslateNode"] * 6


def test_a_language_switch_gives_that_languages_text():
    template = engines["django"].from_string('{% load i18n i18n_kept %}{% translate "Goals" %}')
    with translation.override("id"):
        indonesian = template.render({})
    with translation.override("en"):
        assert template.render({}) == "Goals"
    with translation.override("id"):
        assert template.render({}) == indonesian != "Goals"


def test_a_new_catalogue_starts_afresh():
    """Changed locale settings make Django build new catalogue objects: nothing kept for the
    old ones is read for them."""
    template = engines["django"].from_string('{% load i18n i18n_kept %}{% translate "Goals" %}')
    with translation.override("id"):
        template.render({})
        before = translation.trans_real.catalog()
        assert "Goals" in i18n_kept._kept[before]
    with override_settings(LOCALE_PATHS=[]), translation.override("id"):
        assert translation.trans_real.catalog() is not before
        assert template.render({}) == "Goals"  # the project's catalogue is gone
        assert i18n_kept._kept[translation.trans_real.catalog()] == {"Goals": "Goals"}


@override_settings(USE_I18N=False)
def test_without_i18n_django_renders_every_time():
    with translation.override("id"):
        django, kept = _both('{% translate "Goals" %}')
    assert kept == django
