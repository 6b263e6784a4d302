"""Issue 13: a permission matrix generated from the URLconf.

Every URL pattern of the project is requested by seven actors with the URL's arguments
filled in with REAL objects of "side A" (the demo company's programs, all owned by HR A):

  anonymous, participant_a (the participant who owns the object, e.g. the pair's mentee),
  participant_b (in a pair of program B), sponsor_b (sponsors program B only),
  hr_b (owns program B only), hr_a (owns the side-A programs), admin (platform admin).

What each actor must get comes from POLICY below, keyed by URL name. A URL name missing from
POLICY fails `test_every_url_has_a_policy`, so a new view cannot ship without deciding who may
open it. Outcomes:

  ok     200, or a redirect that is not to the login page
  login  a redirect to the login page (anonymous visitors of a signed-in page)
  deny   403 or 404

A GET of a state-changing URL is answered like any other (issue 16: reloading or opening a
POST-only address never shows 405): its page, or a redirect to the page the action belongs to.

For state-changing URLs (`post=True`) every actor who is not allowed also POSTs, must be
refused the same way, and the database must be exactly as before (`_fingerprint`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .matrix_world import World, build_world

ACTORS = ("anonymous", "participant_a", "participant_b", "sponsor_b", "hr_b", "hr_a", "admin")
OK, LOGIN, DENY = "ok", "login", "deny"

# Patterns that are not ours to police here, and why.
SKIPPED_NAMESPACES = {
    "admin": "Django admin: staff-only by Django itself; its sign-in is tested with the throttle",
}


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            built.sign_in()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- walking the URLconf -----------------------------------------------------------------


def _walk(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    """(namespace, full URL name, pattern) of every pattern, recursively."""
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace or "") if part)
            yield from _walk(entry, inner)
        elif entry.name:
            yield namespace, f"{namespace}:{entry.name}" if namespace else entry.name, entry
        else:
            yield namespace, f"<unnamed pattern {entry.pattern} in {namespace or 'root'}>", entry


# django-allauth's unnamed compatibility redirects from its old /social/ paths to the
# /accounts/3rdparty/ pages of the same names, which are policed below.
SKIPPED_UNNAMED_ROUTES = {
    "social/login/cancelled/", "social/login/error/", "social/signup/", "social/connections/",
}


def project_urls() -> dict[str, URLPattern]:
    """Every URL name of the project except those in SKIPPED_NAMESPACES."""
    found: dict[str, URLPattern] = {}
    for namespace, name, pattern in _walk(get_resolver()):
        if namespace.split(":", 1)[0] in SKIPPED_NAMESPACES:
            continue
        if name.startswith("<unnamed") and str(pattern.pattern) in SKIPPED_UNNAMED_ROUTES:
            continue
        found.setdefault(name, pattern)
    return found


def _url(world: World, name: str) -> str:
    pattern = project_urls()[name]
    kwargs = {}
    keys = list(pattern.pattern.converters or pattern.pattern.regex.groupindex)
    if not keys and ":" not in name:  # arguments in an including prefix (allauth's providers)
        keys = [param for possibility, *_rest in get_resolver().reverse_dict.getlist(name)
                for _result, params in possibility for param in params]
    for key in keys:
        specific = f"{name}/{key}"
        kwargs[key] = world.kwargs[specific] if specific in world.kwargs else world.kwargs[key]
    return reverse(name, kwargs=kwargs)


# --- requests ----------------------------------------------------------------------------


def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        login_pages = (reverse("accounts:login"), reverse("account_login"))  # allauth's shows ours
        return LOGIN if location.startswith(login_pages) else OK
    if status in (401, 403, 404):
        return DENY
    if status == 405:
        return "405"
    if status == 200:
        return OK
    return f"status {status}"


def _client(world: World, actor: str, name: str) -> Client:
    owner = POLICY[name].owner if name in POLICY else ""
    if actor == "participant_a" and owner:
        return world.clients[f"owner:{owner}"]
    return world.clients[actor]


def _fingerprint() -> str:
    """Every row of every table of the project's apps (sessions excluded: logins write them)."""
    digest = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "contenttypes", "admin"):
            continue
        rows = model._default_manager.order_by("pk").values_list()
        digest.update(model._meta.label.encode())
        for row in rows.iterator(chunk_size=2000):
            digest.update(repr(row).encode())
    return digest.hexdigest()


# --- the policy --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    allow: frozenset[str]  # actors who get OK; everyone else signed in gets DENY
    anonymous: str = LOGIN
    post: bool = False  # changes state: refused POSTs are tried and must change nothing
    owner: str = ""  # which side-A participant plays participant_a (default: the pair's mentee)
    others: str = DENY  # what signed-in actors outside `allow` get
    #: what every actor's GET gets instead, when not the same as the POST: the REST API
    #: answers a GET of a POST-only resource with 405 and an Allow header, as HTTP says
    on_get: str = ""

    def expected(self, actor: str) -> str:
        if actor == "anonymous":
            return self.anonymous
        return OK if actor in self.allow else self.others


def rule(*allow: str, anonymous: str = LOGIN, post: bool = False, owner: str = "",
         others: str = DENY, on_get: str = "") -> Rule:
    return Rule(frozenset(allow), anonymous, post, owner, others, on_get)


SIGNED_IN = ("participant_a", "participant_b", "sponsor_b", "hr_b", "hr_a", "admin")
ANY_HR = ("hr_b", "hr_a", "admin")
HR_A = ("hr_a", "admin")
PUBLIC = rule(*SIGNED_IN, anonymous=OK)
PUBLIC_POST = rule(*SIGNED_IN, anonymous=OK, post=True)  # POST-only, for everyone

PARTICIPANT_A = rule("participant_a")
PARTICIPANT_A_POST = rule("participant_a", post=True)
HR_A_ONLY = rule(*HR_A)
HR_A_POST = rule(*HR_A, post=True)
API_ONLY = rule(anonymous=DENY)  # bearer tokens only: no session opens it (401)
API_POST = rule(anonymous=DENY, post=True)
API_POST_ONLY = rule(anonymous=DENY, post=True, on_get="405")

POLICY: dict[str, Rule] = {
    # accounts: signing in and out, the language switch and password reset are public
    "accounts:language": PUBLIC_POST,
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC_POST,
    "accounts:password_reset": PUBLIC,
    "accounts:password_reset_done": PUBLIC,
    "accounts:password_reset_confirm": PUBLIC,  # the token is the credential
    "accounts:password_reset_complete": PUBLIC,
    "accounts:profile": rule(*SIGNED_IN),
    # what a participant shares with their partner: accounts linked to a directory entry
    # only (HR A is in the demo directory; the other HR, sponsor and admin are not)
    "accounts:contact_profile": rule("participant_a", "participant_b", "hr_a", post=True),
    "accounts:own_photo": rule("participant_a"),  # only the demo mentee has a photo
    # /admin/login/ is no second door: it sends everyone to our sign-in (throttle, MFA)
    "accounts:admin_login": rule("admin"),
    "accounts:allauth_password_reset": PUBLIC,  # -> our throttled password reset
    "accounts:allauth_email": PUBLIC,  # -> the profile (sign-in addresses are the directory's)
    # django-allauth: signing in (codes, MFA step) is public; managing one's own password
    # and TOTP needs a session; sign-up is closed (a page that says so)
    "account_login": PUBLIC,
    "account_logout": rule(*SIGNED_IN, post=True),
    "account_signup": PUBLIC,
    "account_inactive": PUBLIC,
    "account_request_login_code": PUBLIC_POST,
    "account_confirm_login_code": rule(*SIGNED_IN, post=True),  # without a pending code: login
    "account_reset_password": PUBLIC,
    "account_reset_password_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,  # the key is the credential
    "account_reset_password_from_key_done": PUBLIC,
    "account_change_password": rule(*SIGNED_IN, post=True),
    "account_set_password": rule(*SIGNED_IN, post=True),
    "account_email": PUBLIC,  # shadowed by accounts:allauth_email
    "account_email_verification_sent": PUBLIC,
    "account_confirm_email": PUBLIC,  # the key is the credential
    "account_reauthenticate": rule(*SIGNED_IN, post=True),
    "account_request_reauthentication_code": rule(*SIGNED_IN, post=True),
    "account_confirm_reauthentication_code": rule(*SIGNED_IN, post=True),
    "mfa_index": rule(*SIGNED_IN),
    "mfa_activate_totp": rule(*SIGNED_IN, post=True),
    "mfa_authenticate": rule(*SIGNED_IN, post=True),  # without a pending sign-in: login
    "mfa_reauthenticate": rule(*SIGNED_IN, post=True),
    "mfa_generate_recovery_codes": rule(*SIGNED_IN, post=True),
    # nobody in the world has TOTP yet: these need one's own authenticator first
    "mfa_deactivate_totp": rule(post=True),
    "mfa_view_recovery_codes": rule(),
    "mfa_download_recovery_codes": rule(),
    # single sign-on (off in this world): the hardened views answer allauth's paths
    "sso_login": rule(anonymous=LOGIN, others=LOGIN),  # GET: back to sign-in; POST: 404
    "sso_callback": rule(anonymous=DENY),
    "openid_connect_login": rule(anonymous=LOGIN, others=LOGIN),  # = sso_login
    "openid_connect_callback": rule(anonymous=DENY),  # = sso_callback
    "socialaccount_connections": rule(*SIGNED_IN),
    "socialaccount_login_cancelled": PUBLIC,
    "socialaccount_login_error": rule(anonymous=DENY),  # a bare 401 page
    "socialaccount_signup": rule(anonymous=LOGIN, others=LOGIN),  # no pending sign-up: login
    "core:home": rule(*SIGNED_IN),
    # operations: probes are public (no data in them); /metrics needs METRICS_TOKEN, which
    # the matrix does not set, so nobody gets it — not even the platform admin
    "core:healthz": PUBLIC,
    "core:readyz": PUBLIC,
    "core:metrics": rule(anonymous=DENY),
    "core:manifest": PUBLIC,  # the web app manifest and icon: no data, every visitor
    "core:favicon": PUBLIC,
    # the audit trail: platform admins only (HR, sponsors and participants never)
    "core:audit": rule("admin"),
    "core:audit_entry": rule("admin"),
    "core:audit_export": rule("admin"),
    # people: the directory is company-wide for every HR manager; batches belong to their
    # uploader; a participant sees only their own record
    "people:list": rule(*ANY_HR),
    "people:export_csv": rule(*ANY_HR),
    "people:export_xlsx": rule(*ANY_HR),
    "people:import": rule(*ANY_HR),
    "people:records": rule(*ANY_HR),
    "programs:record_edit": rule(*ANY_HR),
    "people:import_preview": rule("hr_a"),
    "people:import_apply": rule("hr_a", post=True),
    "people:import_discard": rule("hr_a", post=True),
    "people:detail": rule("participant_a", *ANY_HR),
    # privacy (issue 20): the notice is public; "my data" is always the signed-in person's
    # own (no id in the URL, so nobody reaches someone else's); a correction request needs a
    # directory entry; like erasure requests, HR answer those of people in the programs they
    # own (every HR manager opens the list, which shows only those) and admins every one
    "privacy:notice": PUBLIC,
    "privacy:accept": rule(*SIGNED_IN, post=True),
    "privacy:mine": rule(*SIGNED_IN),
    "privacy:export_json": rule(*SIGNED_IN),
    "privacy:export_pdf": rule(*SIGNED_IN),
    "privacy:optional": rule(*SIGNED_IN, post=True),
    "privacy:withdraw": rule(*SIGNED_IN, post=True),
    "privacy:correction_new": rule("participant_a", "participant_b", "hr_a", post=True),
    "privacy:interests": rule("participant_a", "participant_b", "hr_a", post=True),
    "privacy:corrections": rule(*ANY_HR),
    "privacy:correction_decide": HR_A_POST,
    # skills taxonomy (issue 21): company-wide like the directory's lists, every HR manager
    "skills:list": rule(*ANY_HR),
    "skills:add": rule(*ANY_HR, post=True),
    "skills:edit": rule(*ANY_HR, post=True),
    "skills:merge": rule(*ANY_HR, post=True),
    # programs: managed by their owners; public pages for every signed-in employee
    "programs:list": rule(*ANY_HR),
    "programs:new": rule(*ANY_HR),
    "programs:overview": HR_A_ONLY,
    "programs:edit_goal": HR_A_POST,
    "programs:edit_design": HR_A_POST,
    "programs:edit_plan": HR_A_POST,
    "programs:transition": HR_A_POST,
    "programs:closing_summary": HR_A_POST,
    "programs:enrollments": HR_A_ONLY,
    "programs:decide": HR_A_POST,
    "programs:invite": HR_A_POST,
    "programs:enrol_direct": HR_A_POST,
    "programs:invitation_cancel": HR_A_POST,
    "programs:invitation_resend": HR_A_POST,
    "programs:promote": HR_A_POST,
    "programs:qr": HR_A_ONLY,
    "programs:browse": rule(*SIGNED_IN),
    "programs:public": rule(*SIGNED_IN),
    "programs:apply": rule(*SIGNED_IN),
    "programs:my_enrollment": PARTICIPANT_A,
    "programs:withdraw": PARTICIPANT_A_POST,
    # the invitee signs in from the link; signed out, the link shows the program only
    "programs:invitation": rule("participant_a", anonymous=OK, post=True, owner="invitee"),
    "programs:manager_decision": PUBLIC,  # the line manager's signed link is the credential
    # surveys: HR manage what they created; recipients answer their own sending
    "surveys:my": rule(*SIGNED_IN),
    "surveys:answer": PARTICIPANT_A_POST,
    "surveys:autosave": PARTICIPANT_A_POST,
    "surveys:list": rule(*ANY_HR),
    "surveys:create": rule(*ANY_HR),
    "surveys:detail": HR_A_ONLY,
    "surveys:edit": HR_A_POST,
    "surveys:copy": HR_A_POST,
    "surveys:preview": HR_A_ONLY,
    "surveys:question_add": HR_A_POST,
    "surveys:question_edit": HR_A_POST,
    "surveys:question_up": HR_A_POST,
    "surveys:question_down": HR_A_POST,
    "surveys:question_remove": HR_A_POST,
    "surveys:instance_create": HR_A_POST,
    "surveys:plan_dates": HR_A_POST,  # the dates of a sending the plan scheduled
    "surveys:instance": HR_A_ONLY,
    "surveys:recipients": HR_A_POST,
    "surveys:invite": HR_A_POST,
    "surveys:remind": HR_A_POST,
    "surveys:close": HR_A_POST,
    "surveys:target": HR_A_POST,
    "surveys:results_list": rule("sponsor_b", *ANY_HR),
    "surveys:results": HR_A_ONLY,  # a sponsor of another program must not read them
    "surveys:export_csv": HR_A_ONLY,
    "surveys:export_xlsx": HR_A_ONLY,
    # matching: HR A runs it; the mentee chooses, the asked mentor answers
    "matching:program": HR_A_ONLY,
    "matching:settings": HR_A_POST,
    "matching:weights_preview": HR_A_ONLY,
    "matching:run_start": HR_A_POST,
    "matching:pairs": HR_A_ONLY,
    "matching:dissolve": HR_A_POST,
    "matching:rematch_run": HR_A_POST,
    "matching:rematch_dismiss": HR_A_POST,
    "matching:run": HR_A_ONLY,
    "matching:run_status": HR_A_ONLY,
    "matching:simulate": HR_A_ONLY,
    "matching:simulation": HR_A_ONLY,
    "matching:simulation_status": HR_A_ONLY,
    "matching:proposal": HR_A_ONLY,
    "matching:lock": HR_A_POST,
    "matching:swap": HR_A_POST,
    "matching:rerun": HR_A_POST,
    "matching:publish": HR_A_POST,
    "matching:my_list": rule(*SIGNED_IN),
    "matching:mine": rule("participant_a", owner="choice_mentee"),
    "matching:choose": rule("participant_a", post=True, owner="choice_mentee"),
    "matching:refresh": rule("participant_a", post=True, owner="choice_mentee"),
    "matching:answer": rule("participant_a", post=True, owner="choice_mentor"),
    "matching:rematch_ask": PARTICIPANT_A_POST,
    # pairs: only the two members see their workspace (HR sees the program's list of pairs)
    "pairs:mine": rule(*SIGNED_IN),
    "pairs:workspace": PARTICIPANT_A,
    "pairs:agreement": PARTICIPANT_A_POST,
    "pairs:agreement_accept": PARTICIPANT_A_POST,
    "pairs:goal_new": PARTICIPANT_A_POST,
    "pairs:goals_share": PARTICIPANT_A_POST,
    "pairs:goal_progress": PARTICIPANT_A_POST,
    "pairs:goal_status": PARTICIPANT_A_POST,
    "pairs:goal_undo": PARTICIPANT_A_POST,
    "pairs:milestone_add": PARTICIPANT_A_POST,
    "pairs:milestone_toggle": PARTICIPANT_A_POST,
    "pairs:note_add": PARTICIPANT_A_POST,
    "pairs:meeting_new": PARTICIPANT_A_POST,
    "pairs:meeting_reschedule": PARTICIPANT_A_POST,
    "pairs:meeting_cancel": PARTICIPANT_A_POST,
    "pairs:checkin": PARTICIPANT_A_POST,
    "pairs:meeting_ics": PARTICIPANT_A,
    # a pair member's card (and photo, phone number): the partner and HR of that program
    "pairs:profile": rule("participant_a", *HR_A),
    "pairs:photo": rule("participant_a", *HR_A),
    "pairs:continue": PARTICIPANT_A_POST,
    "pairs:training": PARTICIPANT_A_POST,
    "pairs:program_pairs": HR_A_ONLY,
    "pairs:program_launch": HR_A_POST,
    "pairs:hr_pair": HR_A_ONLY,
    "pairs:hr_nudge": HR_A_POST,
    # notify: everyone manages their own preferences and calendar feed; the feed's secret
    # address is its credential
    "notify:preferences": rule(*SIGNED_IN, post=True),
    "notify:calendar": rule(*SIGNED_IN),
    # a program's chat channels (Slack / Teams destinations): HR of that program only
    "notify:program_channels": HR_A_POST,
    "notify:program_channels_test": HR_A_POST,
    "notify:calendar_revoke": rule(*SIGNED_IN, post=True),
    "notify:feed": PUBLIC,
    # reports: HR owners and the program's own sponsors (aggregates only)
    "reports:overview": rule("sponsor_b", *ANY_HR),
    "reports:dashboard": HR_A_ONLY,
    "reports:report": HR_A_ONLY,
    "reports:report_pdf": HR_A_ONLY,
    "reports:export": HR_A_ONLY,
    "reports:feedback": HR_A_ONLY,  # sponsor_b sponsors side B only: 404 here
    "reports:feedback_export": HR_A_ONLY,
    "reports:sponsors": HR_A_POST,
    # webhooks: integrations are platform settings; only the platform admin manages them
    "webhooks:list": rule("admin"),
    "webhooks:create": rule("admin", post=True),
    "webhooks:detail": rule("admin"),
    "webhooks:edit": rule("admin", post=True),
    "webhooks:delete": rule("admin", post=True),
    "webhooks:ping": rule("admin", post=True),
    "webhooks:secret": rule("admin", post=True),
    "webhooks:retry": rule("admin", post=True),
    # privacy, erasure (issue 20): anyone signed in may ask for their own data's erasure; HR
    # see the requests of people in their programs (HR B: an empty list) and decide them
    "privacy:erase_own": rule(*SIGNED_IN),
    "privacy:erasure_list": rule(*ANY_HR),
    "privacy:erasure_record": rule(*ANY_HR, post=True),
    "privacy:erasure_detail": HR_A_POST,
    # REST API (issue 19): the token page is the platform admin's; the OpenAPI document and
    # its docs page are public; every endpoint wants a bearer token, so a signed-in session
    # is refused like anybody (401) and its POSTs write nothing. The token matrix is
    # tests/api/test_permission_matrix.py.
    "api:tokens": rule("admin", post=True),
    "api:token_revoke": rule("admin", post=True),
    "api:v1:openapi-json": PUBLIC,
    "api:v1:openapi-view": PUBLIC,
    "api:v1:api-root": API_ONLY,
    "api:v1:employee_list": API_ONLY,
    "api:v1:employee_detail": API_ONLY,
    "api:v1:employee_bulk_upsert": API_POST_ONLY,
    "api:v1:program_list": API_POST,  # also POST: create a program
    "api:v1:program_create": API_POST,
    "api:v1:program_detail": API_ONLY,
    "api:v1:program_outcomes": API_ONLY,
    "api:v1:enrollment_list": API_POST,  # also POST: enrol
    "api:v1:enrollment_create": API_POST,
    "api:v1:enrollment_state": API_POST_ONLY,
    "api:v1:pair_list": API_ONLY,
    "api:v1:pair_detail": API_ONLY,
    "api:v1:meeting_list": API_POST,  # also POST: schedule
    "api:v1:meeting_create": API_POST,
    "api:v1:meeting_confirm": API_POST_ONLY,
}

# Holes the matrix found that are not closed yet: strict xfail, so a fix makes them XPASS and
# fail until the entry is removed. (The sponsor survey-results hole it found is closed.)
KNOWN_HOLES: dict[str, str] = {}


def _params() -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_HOLES[name], strict=True))
        if name in KNOWN_HOLES else name
        for name in sorted(project_urls())
    ]


def test_every_url_has_a_policy() -> None:
    names = set(project_urls())
    missing = sorted(names - set(POLICY))
    assert not missing, (
        f"These URL names have no entry in POLICY ({__file__}): {', '.join(missing)}. "
        "Decide who may open each new view and add it to POLICY; if the view changes state, "
        "mark it post=True so refused POSTs are checked."
    )
    stale = sorted(set(POLICY) - names)
    assert not stale, f"POLICY names URLs that no longer exist: {', '.join(stale)}"


def test_skipped_patterns_are_only_the_listed_namespaces() -> None:
    skipped = {namespace.split(":", 1)[0] for namespace, _name, _pattern in _walk(get_resolver())
               if namespace.split(":", 1)[0] in SKIPPED_NAMESPACES}
    assert skipped == set(SKIPPED_NAMESPACES)
    unnamed = [name for name in project_urls() if name.startswith("<unnamed")]
    assert not unnamed, f"give these URL patterns a name so they get a policy: {unnamed}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", _params())
def test_get(world: World, name: str) -> None:
    policy = POLICY.get(name)
    if policy is None:
        pytest.fail(f"{name} has no POLICY entry: add one (see test_every_url_has_a_policy)")
    url = _url(world, name)
    wrong = []
    for actor in ACTORS:
        expected = policy.on_get or policy.expected(actor)
        sid = transaction.savepoint()
        got = _outcome(_client(world, actor, name).get(url))
        transaction.savepoint_rollback(sid)
        if got != expected:
            wrong.append(f"{actor}: expected {expected}, got {got}")
    assert not wrong, f"GET {url} ({name}):\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", [p for p in _params() if POLICY.get(getattr(p, "values", [p])[0], PUBLIC).post]
)
def test_refused_post_changes_nothing(world: World, name: str) -> None:
    policy = POLICY[name]
    url = _url(world, name)
    refused = [actor for actor in ACTORS if policy.expected(actor) != OK]
    before = _fingerprint()
    wrong = []
    for actor in refused:
        got = _outcome(_client(world, actor, name).post(url, {"answer": "approve"}))
        if got != policy.expected(actor):
            wrong.append(f"{actor}: expected {policy.expected(actor)}, got {got}")
    assert not wrong, f"POST {url} ({name}):\n  " + "\n  ".join(wrong)
    assert _fingerprint() == before, f"a refused POST to {url} ({name}) changed the database"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, p in POLICY.items() if p.post))
def test_allowed_post_passes_the_access_check(world: World, name: str) -> None:
    """The policy is not tighter than the view: whoever is allowed is not refused on POST
    (the form may still find the empty data invalid). Each POST is rolled back."""
    import copy

    policy = POLICY[name]
    url = _url(world, name)
    wrong = []
    for actor in ACTORS:
        if policy.expected(actor) != OK:
            continue
        client = _client(world, actor, name)
        cookies = copy.deepcopy(client.cookies)  # signing out must not leak into other tests
        sid = transaction.savepoint()
        try:
            response = client.post(url, {})
        finally:
            transaction.savepoint_rollback(sid)
            client.cookies = cookies
        got = _outcome(response)
        if got == LOGIN and name in ("accounts:logout", "account_logout"):
            continue  # signing out lands on the sign-in page
        if got in (DENY, LOGIN):
            wrong.append(f"{actor}: allowed by POLICY but got {got} ({response.status_code})")
    assert not wrong, f"POST {url} ({name}):\n  " + "\n  ".join(wrong)


# Pages that list things and that side-B actors may open: none of side A's programs or
# sendings may appear in them.
LISTS = ("core:home", "programs:list", "surveys:list", "surveys:my", "surveys:results_list",
         "matching:my_list", "pairs:mine", "reports:overview", "notify:calendar")
KNOWN_LIST_HOLES: dict[str, str] = {}


@pytest.mark.django_db
@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_LIST_HOLES[n], strict=True))
    if n in KNOWN_LIST_HOLES else n for n in LISTS
])
def test_lists_show_side_b_nothing_of_side_a(world: World, name: str) -> None:
    import html

    url = _url(world, name)
    leaks = []
    for actor in ("participant_b", "sponsor_b", "hr_b"):
        response = world.clients[actor].get(url)
        if response.status_code != 200:
            continue
        page = html.unescape(response.content.decode())
        leaks += [f"{actor} sees “{text}”" for text in world.secrets_of_a if text in page]
    assert not leaks, f"GET {url} ({name}):\n  " + "\n  ".join(leaks)


@pytest.mark.django_db
def test_the_checks_can_fail(world: World) -> None:
    """The leak check finds side A's names where they belong, and the fingerprint sees a write."""
    import html

    page = html.unescape(world.clients["hr_a"].get(reverse("programs:list")).content.decode())
    assert any(text in page for text in world.secrets_of_a)
    before = _fingerprint()
    world.users["hr_b"].__class__.objects.filter(pk=world.users["hr_b"].pk).update(
        full_name="Changed")
    assert _fingerprint() != before
