"""core/context_processors.navigation: each role's menu (worked out once per role and
process), the current page marked on every request."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from terbalik.accounts.models import Role
from terbalik.core.context_processors import NAV_ITEMS, navigation

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return [(item["url"], str(item["label"]), item["active"])
            for item in navigation(request)["nav_items"]]


def test_each_role_sees_its_items_and_admins_the_administration_last():
    participant = _menu(UserFactory(role=Role.PARTICIPANT))
    assert [url for url, _label, _active in participant] == [reverse(name) for name in (
        "core:home", "programs:browse", "pairs:mine", "matching:my_list", "surveys:my",
        "accounts:profile")]
    hr = [url for url, _label, _active in _menu(UserFactory(role=Role.HR))]
    assert reverse("people:list") in hr and "/pairs/" not in hr and "/admin/" not in hr
    superuser = _menu(UserFactory(role=Role.PARTICIPANT, is_superuser=True))
    assert len(superuser) == len(NAV_ITEMS) + 1
    assert superuser[-1][::2] == (reverse("admin:index"), False)
    admin = _menu(UserFactory(role=Role.ADMIN))
    assert admin[-1][0] == reverse("admin:index") and "/pairs/" not in [url for url, *_ in admin]


def test_the_current_page_is_marked_per_request_not_cached_with_the_menu():
    user = UserFactory(role=Role.PARTICIPANT)
    assert [active for _url, _label, active in _menu(user, "/")] == [
        True, False, False, False, False, False]
    on_pair = _menu(user, "/pairs/12/")
    assert [url for url, _label, active in on_pair if active] == ["/pairs/"]
    assert [url for url, _label, active in _menu(user, "/admin/") if active] == []
    superuser = UserFactory(is_superuser=True)
    assert [url for url, _label, active in _menu(superuser, "/admin/") if active] == []


def test_anonymous_visitors_get_no_menu():
    from django.contrib.auth.models import AnonymousUser

    assert _menu(AnonymousUser()) == []


OLD_ITEM = ('<li class="nav-item"><a class="nav-link{% if item.active %} active{% endif %}" '
            'href="{{ item.url }}"{% if item.active %} aria-current="page"{% endif %}>'
            '{{ item.label }}</a></li>')


@pytest.mark.parametrize("language", ["id", "en"])
def test_each_items_html_is_what_the_layout_rendered_in_each_language(language):
    """base.html shows `{{ item.html }}`, built once per role and language: byte for byte what
    its template line gave, current page or not, for every item (a superuser sees all)."""
    from django.template import engines
    from django.utils import translation

    old = engines["django"].from_string(OLD_ITEM)
    user = UserFactory(is_superuser=True)
    with translation.override(language):
        request = RequestFactory().get("/")
        request.user = user
        for path in ["/", *(item["url"] for item in navigation(request)["nav_items"])]:
            request = RequestFactory().get(path)
            request.user = user
            items = navigation(request)["nav_items"]
            assert any(item["active"] for item in items) == (path != "/admin/")
            for item in items:
                assert item["html"] == old.render({"item": item})
                assert ("Administrasi" in item["html"]) == (
                    language == "id" and item["url"] == reverse("admin:index"))
