"""`{% language_options %}` (core/templatetags/layout.py) gives base.html's language menu as
the loop it replaced rendered it, for each current language, however often."""

import pytest
from django.template import engines
from django.test import override_settings
from django.utils import translation

#: base.html's language choices before they were rendered once per language
LOOP = """{% load i18n %}<select>
          {% get_available_languages as languages %}{% get_language_info_list for languages as langs %}
          {% for lang in langs %}
          <option value="{{ lang.code }}"{% if lang.code == LANGUAGE_CODE %} selected{% endif %} lang="{{ lang.code }}">{{ lang.name_local }}</option>
          {% endfor %}
        </select>"""  # noqa: E501
TAG = """{% load layout %}<select>
          {% language_options LANGUAGE_CODE %}
        </select>"""


def _both(current: str) -> tuple[str, str]:
    engine = engines["django"]
    context = {"LANGUAGE_CODE": current}
    return engine.from_string(LOOP).render(context), engine.from_string(TAG).render(context)


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_menu_renders_as_the_loop(language):
    with translation.override(language):
        for _ in range(3):  # the first render keeps, the next ones read
            loop, tag = _both(language)
            assert tag == loop
            assert f'value="{language}" selected' in tag


def test_the_menu_follows_the_languages_setting():
    with override_settings(LANGUAGES=[("en", "English"), ("id", "Indonesian"),
                                      ("nl", "Dutch")]):
        loop, tag = _both("nl")
        assert tag == loop and 'lang="nl">Nederlands</option>' in tag
    loop, tag = _both("en")
    assert tag == loop and "nl" not in tag


def test_the_page_layout_uses_it():
    from django.template.loader import get_template

    source = get_template("base.html").template.source
    assert "{% language_options LANGUAGE_CODE %}" in source
    assert "get_language_info_list" not in source
