"""Issue 16: an accessibility audit of every page with axe-core in a real Chromium.

The pages are named in three explicit lists, each for its reader, in the world of the
permission matrix (`POLICY` and `tests/security/matrix_world.py`: the demo company plus a second
program):

* PARTICIPANT_PAGES at phone size (375 px), signed in as the demo mentee (or the participant
  the page belongs to);
* HR_PAGES at desktop size (1280 px), signed in as the demo HR manager;
* SIGNED_OUT_PAGES (sign-in, password reset, ...) at phone size.

A listed page that does not answer its reader with 200 and an HTML page fails the test (it is
never skipped quietly), and so does a page the URL resolver and the policy open to one of these
readers that no list names: a new view is audited as soon as it has a policy.

Each page must have no axe violation under axe's default rules (WCAG 2.x A/AA and best
practices), no `color-contrast-enhanced` failure (WCAG AAA, 7:1) on body text: paragraphs,
table cells, list items, definitions and links, and one link colour: every text link in the
page body (`main a:not(.btn)`) is drawn in `--tb-link`.

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

#: The account pages both audiences open, and their home.
ACCOUNT_PAGES = (
    "account_change_password", "account_confirm_email", "account_email_verification_sent",
    "account_inactive", "account_logout", "account_reauthenticate", "account_reset_password_done",
    "account_reset_password_from_key", "account_reset_password_from_key_done",
    "accounts:password_reset", "accounts:password_reset_complete", "accounts:password_reset_done",
    "accounts:profile", "core:home",
)

#: Every page a participant opens (as the demo mentee or the page's owner), at 375 px.
PARTICIPANT_PAGES = ACCOUNT_PAGES + (
    "matching:mine", "matching:my_list", "matching:rematch_ask",
    "mfa_index", "notify:calendar", "notify:calendar_revoke", "notify:preferences",
    "pairs:agreement", "pairs:checkin", "pairs:goal_new", "pairs:goal_progress",
    "pairs:meeting_cancel", "pairs:meeting_new", "pairs:meeting_reschedule", "pairs:milestone_add",
    "pairs:mine", "pairs:profile", "pairs:training", "pairs:workspace", "people:detail",
    "privacy:accept", "privacy:erase_own", "privacy:mine", "privacy:notice", "privacy:withdraw",
    "programs:apply", "programs:browse", "programs:invitation", "programs:manager_decision",
    "programs:my_enrollment", "programs:public", "socialaccount_connections",
    "socialaccount_login_cancelled", "surveys:answer", "surveys:my",
)

#: Every page HR opens, at 1280 px.
HR_PAGES = ACCOUNT_PAGES + (
    "matching:dissolve", "matching:my_list", "matching:pairs",
    "matching:program", "matching:proposal", "matching:run", "matching:settings",
    "matching:simulate", "matching:simulation", "mfa_index", "notify:calendar",
    "notify:calendar_revoke", "notify:preferences", "notify:program_channels", "pairs:hr_nudge",
    "pairs:hr_pair", "pairs:mine", "pairs:profile", "pairs:program_launch", "pairs:program_pairs",
    "people:detail", "people:import", "people:import_preview", "people:list", "people:records",
    "privacy:accept", "privacy:correction_decide", "privacy:corrections", "privacy:erase_own",
    "privacy:erasure_detail", "privacy:erasure_list", "privacy:mine", "privacy:notice",
    "privacy:withdraw", "programs:apply", "programs:browse", "programs:decide",
    "programs:edit_design", "programs:edit_goal", "programs:edit_plan", "programs:enrol_direct",
    "programs:enrollments", "programs:invitation_cancel", "programs:invite", "programs:list",
    "programs:manager_decision", "programs:new", "programs:overview", "programs:promote",
    "programs:public", "programs:record_edit", "reports:dashboard", "reports:feedback",
    "reports:overview", "reports:report", "skills:add", "skills:edit", "skills:list",
    "skills:merge",
    "socialaccount_connections", "socialaccount_login_cancelled", "surveys:create",
    "surveys:detail", "surveys:edit", "surveys:instance", "surveys:instance_create",
    "surveys:list", "surveys:my", "surveys:plan_dates", "surveys:preview", "surveys:question_add",
    "surveys:question_edit", "surveys:question_remove", "surveys:recipients", "surveys:results",
    "surveys:results_list",
)

#: Every page for someone not signed in, at 375 px.
SIGNED_OUT_PAGES = (
    "account_confirm_email", "account_email_verification_sent", "account_inactive",
    "account_login", "account_request_login_code", "account_reset_password_done",
    "account_reset_password_from_key", "account_reset_password_from_key_done", "account_signup",
    "accounts:login", "accounts:password_reset", "accounts:password_reset_complete",
    "accounts:password_reset_done", "privacy:notice", "programs:invitation",
    "programs:manager_decision", "socialaccount_login_cancelled",
)

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


def _not_a_page(world: World, key: str, url: str) -> str:
    """Why the URL is not an HTML page for this reader ("" when it is one)."""
    response = world.clients[key].get(url)
    kind = response.headers.get("Content-Type", "")
    if response.status_code != 200:
        return f"answers {response.status_code} {response.headers.get('Location', '')}".strip()
    if not kind.startswith("text/html") or b"<html" not in response.content:
        return f"answers {kind} without <html>"  # HTMX fragments are audited in their pages
    return ""


def _reader(name: str, audience: str) -> str:
    return _actor_key(name, audience) if audience == "participant_a" else audience


#: (list of URL names, audience in the policy, size)
AUDIENCES = [(PARTICIPANT_PAGES, "participant_a", "phone"), (HR_PAGES, "hr_a", "desktop"),
             (SIGNED_OUT_PAGES, "anonymous", "phone")]


def _allowed(name: str, audience: str) -> bool:
    rule = POLICY[name]
    return rule.anonymous == "ok" if audience == "anonymous" else audience in rule.allow


def visits(world: World) -> tuple[list[Visit], list[str]]:
    """The listed pages to audit, and what is wrong with the lists: a listed page that is not
    a page for its reader, or a page for one of the readers that no list names."""
    found: list[Visit] = []
    wrong: list[str] = []
    for names, audience, size in AUDIENCES:
        for name in names:
            url, key = _url(world, name), _reader(name, audience)
            why = _not_a_page(world, key, url)
            if why:
                wrong.append(f"{name} ({url}) {why} for {key}, who should see it")
            else:
                found.append(Visit(name, url, key, size))
        for name in sorted(set(project_urls()) - set(names) - set(NOT_PAGES)):
            if name not in POLICY or not _allowed(name, audience):
                continue
            url, key = _url(world, name), _reader(name, audience)
            if not _not_a_page(world, key, url):
                wrong.append(f"{name} ({url}) is a page for {key}: add it to the list")
    return found, wrong


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


def other_link_colours(page) -> list[str]:
    """Text links in the page body not drawn in the one link colour, `--tb-link` (issue 16).

    The current section of a pill bar (`.nav-link.active`) is not a link to follow but the
    marker of where one is: white on the brand colour, left out."""
    return page.evaluate("""() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--tb-link)';
        document.body.append(probe);
        const link = getComputedStyle(probe).color;
        probe.remove();
        return [...document.querySelectorAll('main a:not(.btn):not(.nav-link.active)')]
            .filter(a => getComputedStyle(a).color !== link)
            .map(a => `link colour: "${a.textContent.trim().slice(0, 40)}" is `
                      + `${getComputedStyle(a).color}, not --tb-link ${link}`);
    }""")


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
    planned, wrong = visits(world)
    assert not wrong, "the lists of pages are out of date:\n" + "\n".join(wrong)

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
                response = page.goto(live_server.url + visit.url)  # waits for the load event
                if visit.actor != "anonymous" and urlsplit(page.url).path == login:
                    problems = ["signed out: the browser was sent to the sign-in page"]
                elif response is None or response.status != 200:
                    problems = [f"answers {response and response.status} in the browser"]
                else:
                    problems = audit(page) + other_link_colours(page)
            finally:
                page.close()
            if problems:
                failures[f"{visit.size} {visit.actor} {visit.name} {visit.url}"] = problems
    finally:
        for context in contexts.values():
            context.close()
    report = "\n".join(f"{where}:\n  " + "\n  ".join(lines) for where, lines in failures.items())
    assert not failures, f"{len(failures)} of {len(planned)} pages fail axe:\n{report}"
