"""Browser journeys: Playwright driving Debian's Chromium against Django's live server."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (creating users, checking rows) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")



class _SharedSQLiteServer(ThreadedWSGIServer):
    """The live server, one request at a time while its threads share the test's in-memory
    SQLite connection (pytest-django passes it in `connections_override`; PostgreSQL gives
    each thread its own connection and keeps requests concurrent). Two requests at once on
    that one connection — a double tap — fail with "database table is locked" instead of
    waiting, which is not what a file database or PostgreSQL does. The lock is per request,
    not per connection, so a browser's idle keep-alive connection blocks nobody; the body is
    read under it too (a streamed export reads the database while it is written)."""

    _one_request = threading.Lock()

    def set_app(self, application: Any) -> None:
        if not self.connections_override:
            super().set_app(application)
            return

        def one_at_a_time(environ: Any, start_response: Any) -> list[bytes]:
            with self._one_request:
                result = application(environ, start_response)
                try:
                    return list(result)
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(one_at_a_time)


LiveServerThread.server_class = _SharedSQLiteServer

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]

#: Options of every browser context. Reduced motion: Bootstrap scrolls smoothly
#: (`:root{scroll-behavior:smooth}`) unless the reader asks for less motion, and a smooth scroll
#: is still moving when the test reads the page (scroll positions, boxes).
CONTEXT_DEFAULTS = {"reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def _warm_live_server(live_server, django_db_setup, django_db_blocker) -> None:
    """Answer one request before the first browser navigation.

    The first request a worker's live server answers imports every URLconf, view and template
    backend; on a busy machine that alone can outlast a navigation timeout. Waiting here for the
    server to have answered (page state, not a timer) keeps the first journey of each worker from
    paying for it.
    """
    from urllib.request import urlopen

    with django_db_blocker.unblock(), urlopen(  # noqa: S310 (loopback)
            live_server.url + "/login/", timeout=300) as response:
        response.read()


@pytest.fixture
def _site_is_the_live_server(live_server, settings, _warm_live_server):
    """Absolute links are built from SITE_URL: point it at the server the browser talks to."""
    settings.SITE_URL = live_server.url


def _watch_csp(page) -> list[str]:
    """Every Content-Security-Policy violation the page reports (Chromium logs them)."""
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    return violations


def new_context(browser, **options):
    """A browser context with CONTEXT_DEFAULTS (every test opens its contexts through this)."""
    context = browser.new_context(**{**CONTEXT_DEFAULTS, **options})
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def server_posts() -> Iterator[list[str]]:
    """The path of every POST that reached the live server, in order.

    The live server is a thread of this process, so Django's `request_started` signal tells what
    the server received, whatever the browser showed (a navigation the browser dropped may
    still have been sent).
    """
    from django.core.signals import request_started

    posts: list[str] = []

    def record(sender, environ, **kwargs) -> None:
        if environ.get("REQUEST_METHOD") == "POST":
            posts.append(environ.get("PATH_INFO", ""))

    request_started.connect(record, weak=False, dispatch_uid="e2e-server-posts")
    yield posts
    request_started.disconnect(dispatch_uid="e2e-server-posts")


def _open(browser, live_server, **options):
    context = new_context(browser, **options)
    page = context.new_page()
    page.base_url = live_server.url
    violations = _watch_csp(page)
    yield page
    context.close()
    # The journeys double as the check that every page works under the policy.
    assert violations == [], violations


@pytest.fixture
def page(browser, live_server, _site_is_the_live_server):
    yield from _open(browser, live_server, viewport={"width": 1280, "height": 900},
                     locale="en-US")


@pytest.fixture
def phone(browser, live_server, _site_is_the_live_server):
    yield from _open(browser, live_server, viewport={"width": 375, "height": 812},
                     is_mobile=True, has_touch=True, locale="id-ID")


def sign_in(page, email: str, password: str) -> None:
    """Sign in with a password (the page's second form; the first asks for an e-mail code)."""
    page.goto(page.base_url + "/login/")
    form = page.locator("#password-form")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def pick_skill(page, field: str, text: str) -> None:
    """Type into the skills picker of form field `field` and pick the first result (issue 21)."""
    box = page.locator(f"#id_{field}-search")
    box.fill(text)
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    listbox.locator("[role=option]").first.click()
