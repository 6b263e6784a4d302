"""The Django admin works under the Content-Security-Policy (see tests/security for the rest
of the header checks; this one needs the browser fixtures of this package)."""

from __future__ import annotations

import pytest
from django.test import Client

from .conftest import _watch_csp, new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_django_admin_works_under_the_policy(browser, live_server, settings, admin_user):
    """The admin's own pages (list, change form with its widgets) raise no CSP violation,
    and the watcher the browser journeys use does see a violation when there is one."""
    client = Client()
    client.force_login(admin_user)
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        violations = _watch_csp(page)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        for path in ("/admin/", "/admin/accounts/user/",
                     f"/admin/accounts/user/{admin_user.pk}/change/"):
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            assert "'none'" in response.headers["content-security-policy"]
        assert violations == []
        with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
            page.evaluate("""() => { const s = document.createElement('script');
                                     s.textContent = 'window.injected = 1';
                                     document.body.appendChild(s); }""")
        assert violations and page.evaluate("() => window.injected") is None
    finally:
        context.close()
