"""Issue 16: an accessibility audit of every page with axe-core in a real Chromium.

The pages come from the URL resolver through the permission matrix (`POLICY` and the world
of `tests/security/matrix_world.py`: the demo company plus a second program), so a new view
is audited as soon as it has a policy:

* every page a participant may open, at phone size (375 px), signed in as the demo mentee
  (or the participant the page belongs to);
* every page HR may open, at desktop size (1280 px), signed in as the demo HR manager;
* the signed-out pages (sign-in, password reset), at phone size.

Each page must have no axe violation under axe's default rules (WCAG 2.x A/AA and best
practices) and no `color-contrast-enhanced` failure (WCAG AAA, 7:1) on body text: paragraphs,
table cells, list items, definitions and links.

One browser, one world, every page: a single test, reporting every page's problems at once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from ..security.matrix_world import World, build_world
from ..security.test_permission_matrix import POLICY, _url, project_urls
from .conftest import new_context

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True,
         "locale": "id-ID"}
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US"}

#: Body text for the AAA contrast check (WCAG 1.4.6): what people read, not decoration.
BODY_TEXT = ["p", "td", "li", "dd", "dt", "a", "label", "legend", "small", "caption"]

#: URL names whose GET answers with something other than a page to audit, and why.
NOT_PAGES = {
    "accounts:password_reset_confirm": "the token page redirects to itself without the token",
    "api:v1:openapi-view": "django-ninja's vendored Swagger UI for developers, not our markup",
}


@dataclass(frozen=True)
class Visit:
    name: str
    url: str
    actor: str  # key of World.clients
    size: str  # "phone" or "desktop"


def _actor_key(name: str, actor: str) -> str:
    owner = POLICY[name].owner
    return f"owner:{owner}" if actor == "participant_a" and owner else actor


def _is_page(world: World, key: str, url: str) -> bool:
    response = world.clients[key].get(url)
    return (response.status_code == 200
            and response.headers.get("Content-Type", "").startswith("text/html")
            and b"<html" in response.content)  # HTMX fragments are audited in their pages


def visits(world: World) -> list[Visit]:
    """Every HTML page each audience may open, from the URL resolver and the policy."""
    found: list[Visit] = []
    for name in sorted(project_urls()):
        rule = POLICY.get(name)
        if rule is None or name in NOT_PAGES:
            continue
        url = _url(world, name)
        if "participant_a" in rule.allow:
            key = _actor_key(name, "participant_a")
            if _is_page(world, key, url):
                found.append(Visit(name, url, key, "phone"))
        if "hr_a" in rule.allow and _is_page(world, "hr_a", url):
            found.append(Visit(name, url, "hr_a", "desktop"))
        if rule.anonymous == "ok" and _is_page(world, "anonymous", url):
            found.append(Visit(name, url, "anonymous", "phone"))
    return found


def _signed_in_context(browser, world: World, key: str, size: str):
    context = _new_context(browser, PHONE if size == "phone" else DESKTOP)
    session = world.clients[key].cookies.get(settings.SESSION_COOKIE_NAME)
    if session is not None:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.value,
                              "domain": "localhost", "path": "/"}])
    return context


def _describe(violations: list[dict]) -> list[str]:
    lines = []
    for violation in violations:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
        summary = violation["nodes"][0].get("failureSummary", "").replace("\n", " ")[:160]
        lines.append(f"{violation['id']} ({len(violation['nodes'])}): {targets} {summary}")
    return lines


def audit(page) -> list[str]:
    """One axe run per page: the default rules plus AAA contrast, the latter kept for body
    text only (an element inside one of BODY_TEXT)."""
    violations = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        {"rules": {"color-contrast-enhanced": {"enabled": True}}, "resultTypes": ["violations"]},
    )
    default = [v for v in violations if v["id"] != "color-contrast-enhanced"]
    enhanced = []
    for violation in violations:
        if violation["id"] != "color-contrast-enhanced":
            continue
        nodes = [node for node in violation["nodes"] if page.evaluate(
            "([selector, text]) => !!document.querySelector(selector)?.closest(text)",
            [node["target"][-1], ",".join(BODY_TEXT)])]
        if nodes:
            enhanced.append({**violation, "nodes": nodes})
    return _describe(default) + [f"AAA {line}" for line in _describe(enhanced)]


def _new_context(browser, options: dict):
    """A browser context that loads axe-core into every page it opens (once per context, not
    sent again per page)."""
    from axe_playwright_python.sync_playwright import Axe

    context = new_context(browser, **options)
    context.add_init_script(script=Axe().axe_script)
    return context


def _the_audit_sees_grey_text(browser, live_server) -> None:
    """The AAA check is not vacuous: Bootstrap's own grey (#6c757d, 4.7:1) is reported."""
    context = _new_context(browser, PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("accounts:login"))
        assert audit(page) == []
        page.evaluate("""() => {
            const p = document.createElement('p');
            p.textContent = 'Bootstrap grey';
            p.style.color = '#6c757d';
            document.querySelector('main').append(p);
        }""")
        assert any(line.startswith("AAA color-contrast-enhanced") for line in audit(page))
    finally:
        context.close()


def test_every_page_passes_axe(browser, live_server, _site_is_the_live_server):
    # an earlier transactional test may have flushed the survey templates a migration installs
    call_command("surveys_install_templates", stdout=io.StringIO())
    world = build_world()
    world.sign_in()
    planned = visits(world)
    audiences = {(v.actor, v.size) for v in planned}
    # the walk really covers each audience (a broken sign-in would silently audit nothing)
    assert {("participant_a", "phone"), ("hr_a", "desktop"), ("anonymous", "phone")} <= audiences
    assert sum(1 for v in planned if v.size == "desktop") >= 30
    assert sum(1 for v in planned if v.actor.startswith(("participant_a", "owner:"))) >= 10

    login = reverse("accounts:login")
    _the_audit_sees_grey_text(browser, live_server)
    failures: dict[str, list[str]] = {}
    contexts: dict[tuple[str, str], object] = {}
    try:
        for visit in planned:
            key = (visit.actor, visit.size)
            if key not in contexts:
                contexts[key] = _signed_in_context(browser, world, visit.actor, visit.size)
            page = contexts[key].new_page()
            try:
                page.goto(live_server.url + visit.url)
                page.wait_for_load_state("load")
                if visit.actor != "anonymous" and urlsplit(page.url).path == login:
                    problems = ["signed out: the browser was sent to the sign-in page"]
                else:
                    problems = audit(page)
            finally:
                page.close()
            if problems:
                failures[f"{visit.size} {visit.actor} {visit.name} {visit.url}"] = problems
    finally:
        for context in contexts.values():
            context.close()
    report = "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in failures.items())
    assert not failures, f"{len(failures)} of {len(planned)} pages fail axe:\n{report}"
