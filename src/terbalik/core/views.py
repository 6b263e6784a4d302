from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from terbalik.matching import selectors as matching_selectors
from terbalik.pairs import selectors as pair_selectors
from terbalik.programs import selectors as program_selectors
from terbalik.reports.sponsor_home import sponsor_home
from terbalik.surveys import selectors as survey_selectors

from . import selectors
from .access import HR_ROLES, has_role
from .privacy import MIN_GROUP_SIZE

WEEK = dt.timedelta(days=7)


def _due_this_week(programs: list[dict[str, Any]], surveys: list[dict[str, Any]],
                   terms: list[Any], today: dt.date) -> list[dict[str, Any]]:
    """Program dates, sendings closing and pair terms ending in the next seven days (no
    query: built from what the home already read)."""
    due: list[dict[str, Any]] = []
    for row in programs:
        deadline = row["deadline"]
        if deadline and deadline[0] <= today + WEEK:
            due.append({"day": deadline[0], "kind": "program", "what": deadline[1],
                        "object": row["program"]})
    for row in surveys:
        closes = timezone.localdate(row["instance"].effective_close)
        if row["open"] and closes <= today + WEEK:
            due.append({"day": closes, "kind": "survey", "object": row["instance"]})
    due.extend({"day": pair.term_ends_on, "kind": "term", "object": pair} for pair in terms)
    return sorted(due, key=lambda d: d["day"])


def _hr_context(request: HttpRequest) -> dict[str, object]:
    user, now = request.user, timezone.now()
    today = timezone.localdate(now)
    programs = program_selectors.cockpit_programs(user, today=today)
    at_risk_counts = pair_selectors.at_risk_by_program(user)
    for row in programs:
        row["at_risk"] = at_risk_counts.get(row["program"].pk, 0)
    at_risk, at_risk_total = pair_selectors.at_risk_pairs(user, by_program=at_risk_counts)
    surveys = survey_selectors.response_rates(user, now=now)
    terms = pair_selectors.terms_ending(user, today=today)
    return {
        "directory": selectors.directory_summary(user),
        "cockpit_programs": programs,
        "approvals": [row for row in programs if row["pending"]],
        "at_risk": at_risk,
        "at_risk_total": at_risk_total,
        "survey_rates": surveys,
        "due_this_week": _due_this_week(programs, surveys, terms, today),
        "last_import": selectors.last_import(user),
    }


def _sponsor_context(request: HttpRequest) -> dict[str, object]:
    return {"sponsored": sponsor_home(request.user, now=timezone.now()),
            "min_group": MIN_GROUP_SIZE}


def _participant_context(request: HttpRequest) -> dict[str, object]:
    """The participant's to-do list: per pair its progress and next steps, then the surveys
    due and the programs where they choose a mentor. Higher apps' selectors are read here
    (the home is the one page every app contributes to); the query count does not grow with
    the number of pairs."""
    now = timezone.now()
    own = pair_selectors.own_enrollments(request.user)  # read once for the pairs and choices
    pairs = pair_selectors.home_pairs(request.user, now, [pk for pk, _role, _status in own])
    surveys = survey_selectors.due_for(request.user, now)
    choices = matching_selectors.choices_waiting(request.user, own=own, paired={
        row["pair"].mentee_id for row in pairs if row["role"] == "mentee"})
    return {
        "home_pairs": pairs,
        "due_surveys": surveys,
        "choices": choices,
        "nothing_to_do": not any(row["steps"] for row in pairs) and not surveys and not choices,
    }


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One home, three audiences: each role's partial gets its own context builder."""
    context: dict[str, object] = {"is_hr": has_role(request.user, *HR_ROLES)}
    if context["is_hr"]:
        context.update(_hr_context(request))
    elif request.user.is_sponsor:  # type: ignore[union-attr]
        context.update(_sponsor_context(request))
    else:
        context.update(_participant_context(request))
    return render(request, "core/home.html", context)


#: the brand green of terbalik.css (--tb-brand): the phone's title bar and splash screen
THEME_COLOR = "#0b5d4b"


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, so that a phone can add Terbalik to its home screen."""
    icons = [
        {"src": static("terbalik/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        *({"src": static(f"terbalik/icons/icon-{size}.png"), "sizes": f"{size}x{size}",
           "type": "image/png", "purpose": "any"} for size in (192, 512)),
        *({"src": static(f"terbalik/icons/icon-maskable-{size}.png"),
           "sizes": f"{size}x{size}", "type": "image/png", "purpose": "maskable"}
          for size in (192, 512)),
    ]
    data = {
        "name": _("Terbalik — reverse mentoring programs"),
        "short_name": "Terbalik",
        "description": _("Reverse mentoring (mentoring terbalik): junior employees mentor "
                         "senior leaders."),
        "lang": get_language(),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json",
                            json_dumps_params={"ensure_ascii": False})
    response["Vary"] = "Accept-Language, Cookie"
    patch_cache_control(response, max_age=3600)
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: point them at the static file."""
    response = HttpResponsePermanentRedirect(static("terbalik/icons/favicon.ico"))
    patch_cache_control(response, max_age=86400)
    return response
