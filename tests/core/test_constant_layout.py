"""`{% constant %}` (core/templatetags/layout.py): a stretch of text, plain translations and
kept addresses renders as it would without the tag, in every language, script prefix and
autoescape, however often; anything that could vary is refused when the template is read."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

BODY = (
    '<a href="{% url_once \'core:home\' %}">{% translate "Sign out" %}</a>'
    "<link href=\"{% static_once 'terbalik/terbalik.css' %}\">"
    "{% translate 'Privacy notice' %} & <b>"
)


def _both(before: str = "") -> tuple[str, str]:
    after = "{% endautoescape %}" if before else ""
    engine = engines["django"]
    plain = engine.from_string("{% load i18n layout %}" + before + BODY + after)
    kept = engine.from_string(
        "{% load i18n i18n_kept layout %}" + before + "{% constant %}" + BODY
        + "{% endconstant %}" + after)
    return plain.render({}), kept.render({})


@pytest.mark.parametrize("language", ["en", "id"])
def test_renders_as_without_the_tag(language):
    with translation.override(language):
        for _ in range(3):  # the first render keeps, the next ones read
            plain, kept = _both()
            assert kept == plain


def test_follows_the_language_prefix_autoescape_and_settings():
    with translation.override("en"):
        english = _both()[1]
    with translation.override("id"):
        assert _both()[1] != english
    set_script_prefix("/sub/")
    try:
        plain, kept = _both()
        assert kept == plain and 'href="/sub/' in kept
    finally:
        set_script_prefix("/")
    off = _both("{% autoescape off %}")
    assert off[0] == off[1]
    with override_settings(STATIC_URL="/elsewhere/"):
        plain, kept = _both()
        assert kept == plain and "/elsewhere/terbalik/terbalik.css" in kept
    assert _both()[0] == _both()[1]


@pytest.mark.parametrize("inside", [
    "{{ user }}", "{% translate word %}", "{% translate 'x'|upper %}",
    "{% translate 'x' as y %}", "{% url_once name %}", "{% static_once 'a'|lower %}",
    "{% url_ids 'pairs:workspace' 1 %}", "{% csrf_token %}", "{% form_once %}",
    "{% if x %}x{% endif %}", "{% language_options 'en' %}",
])
def test_anything_that_could_vary_is_refused(inside):
    with pytest.raises(TemplateSyntaxError):
        engines["django"].from_string(
            "{% load i18n layout %}{% constant %}" + inside + "{% endconstant %}")
