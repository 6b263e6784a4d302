"""{% url_ids %} gives exactly what {% url %} / reverse give (core/templatetags/layout.py)."""

import pytest
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from terbalik.core.templatetags.layout import url_ids

IDS = [0, 1, 7, 42, 10**12, 9_876_543_210_123]


@pytest.mark.parametrize(
    ("name", "count"),
    [("pairs:workspace", 1), ("pairs:checkin", 2), ("pairs:milestone_toggle", 3),
     ("surveys:answer", 1), ("matching:mine", 1)],
)
def test_real_urls_equal_reverse(name, count):
    for first in IDS:
        args = [first, *IDS[1:count][::-1]]
        assert url_ids(name, *args) == reverse(name, args=args)


@pytest.mark.urls("tests.core.url_ids_urls")
def test_patterns_that_do_not_take_every_id_fall_back_to_reverse():
    assert url_ids("any", 3, 40) == reverse("any", args=[3, 40]) == "/any/3/x/40/"
    assert url_ids("three", 123) == "/three/123/"
    assert url_ids("big", 1_234_567_890_123) == "/big/1234567890123/"
    for name, args in (("three", [12]), ("three", [1234]), ("big", [5]), ("any", [1])):
        with pytest.raises(NoReverseMatch):
            url_ids(name, *args)
    assert url_ids("none") == "/none/"


@pytest.mark.urls("tests.core.url_ids_urls")
def test_arguments_other_than_ids_reverse_as_given():
    for value in ("a b", "7", True, -1, 2.0):
        assert url_ids("text", value) == reverse("text", args=[value])
    with pytest.raises(NoReverseMatch):
        url_ids("any", -1, 2)


def test_script_prefix_and_urlconf_are_part_of_the_cache():
    plain = url_ids("pairs:workspace", 5)
    set_script_prefix("/sub/")
    try:
        assert url_ids("pairs:workspace", 5) == "/sub" + plain
        assert url_ids("pairs:workspace", 5) == reverse("pairs:workspace", args=[5])
    finally:
        set_script_prefix("/")
    assert url_ids("pairs:workspace", 5) == plain
    with override_settings(ROOT_URLCONF="tests.core.url_ids_urls"):
        assert url_ids("any", 1, 2) == "/any/1/x/2/"
        with pytest.raises(NoReverseMatch):
            url_ids("pairs:workspace", 5)
    assert url_ids("pairs:workspace", 5) == plain


@pytest.mark.urls("tests.core.url_ids_urls")
def test_tag_renders_like_url_tag_escaped_and_as_variable():
    engine = engines["django"]
    ours = engine.from_string(
        "{% load layout %}{% url_ids 'text' s %}|{% url_ids 'any' a b as u %}{{ u }}|"
        "{% autoescape off %}{% url_ids 'text' s %}{% endautoescape %}")
    django = engine.from_string(
        "{% url 'text' s %}|{% url 'any' a b as u %}{{ u }}|"
        "{% autoescape off %}{% url 'text' s %}{% endautoescape %}")
    context = {"s": "<&'\">", "a": 4, "b": 9}
    assert ours.render(context) == django.render(context)


@pytest.mark.urls("tests.core.url_ids_urls")
def test_url_args_takes_the_arguments_as_a_list():
    engine = engines["django"]
    ours = engine.from_string("{% load layout %}{% url_args n args %}")
    for name, args in (("any", [4, 9]), ("three", [123]), ("text", ["<&'\">"])):
        django = engine.from_string(
            "{% url n a %}" if len(args) == 1 else "{% url n a b %}")
        expected = django.render({"n": name, "a": args[0], "b": args[-1]})
        assert ours.render({"n": name, "args": args}) == expected


def test_a_word_argument_is_kept_with_the_pattern_and_gives_what_reverse_gives():
    for pair_id in IDS:
        for side in ("mentor", "mentee"):
            assert (url_ids("pairs:profile", pair_id, side)
                    == reverse("pairs:profile", args=[pair_id, side]))


@pytest.mark.urls("tests.core.url_ids_urls")
def test_words_the_pattern_refuses_and_words_in_an_id_slot_fail_like_reverse():
    assert url_ids("side", 3, "mentor") == "/side/3/mentor/"
    assert url_ids("side", 40, "mentee") == reverse("side", args=[40, "mentee"])
    assert url_ids("text", "abc") == reverse("text", args=["abc"]) == "/text/abc/"
    for name, args in (("side", [3, "other"]), ("any", ["abc", 2]), ("three", ["abc"])):
        with pytest.raises(NoReverseMatch):
            url_ids(name, *args)
    # not a short lower-case word: reversed as given, never kept
    for value in ("Mentor", "a-b", "x" * 13, "ménteé"):
        assert url_ids("text", value) == reverse("text", args=[value])
