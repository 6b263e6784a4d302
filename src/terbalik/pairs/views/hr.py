"""HR: launch a program, watch pair health, open one pair and nudge its members. Never notes;
goal texts only when shared."""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from terbalik.core import audit
from terbalik.core.access import hr_required
from terbalik.core.http import no_store
from terbalik.core.templatetags.layout import url_ids
from terbalik.programs.models import ParticipantRole

from .. import access, selectors, services
from .. import messages as pair_messages
from ..forms import LaunchForm, NudgeForm, apply_errors
from ..models import Health, Pair

#: pairs per page of HR's list
PAGE_SIZE = 50


def _row_texts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row's link and goals sentence, made here once per page: a `{% url %}` and a
    `{% blocktranslate %}` per row were ~3 ms of the 50-row page's CPU. The link comes from
    `url_ids` (the pattern reversed once per process, whatever its shape)."""
    achieved = _("%(done)s of %(total)s achieved")
    numbers: dict[int, str] = {}  # each count localised once per page (a few distinct ones)
    for row in rows:
        done, total = row["goals_done"], row["goals_total"]
        if done not in numbers:
            numbers[done] = localize(done)
        if total not in numbers:
            numbers[total] = localize(total)
        row["url"] = url_ids("pairs:hr_pair", row["pk"])
        row["goals_text"] = achieved % {"done": numbers[done], "total": numbers[total]}
    return rows


@no_store
@hr_required
def program_pairs(request: HttpRequest, program_id: int) -> HttpResponse:
    program, pairs = access.managed_pairs(request.user, program_id)
    healths = selectors.health_filter(request.GET.getlist("health"))
    listed = selectors.hr_pair_list(pairs, health=healths)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _row_texts(selectors.hr_pair_rows(page.object_list))
    counts = selectors.active_health_counts(program)
    return render(request, "pairs/hr_pairs.html", {
        "program": program, "rows": rows, "healths": healths, "choices": Health.choices,
        "page": page, "query": urlencode([("health", value) for value in healths]),
        "counts": counts, "launch": selectors.program_launch_record(program),
    })


@no_store
@hr_required
def program_launch(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _pairs = access.managed_pairs(request.user, program_id)
    form = LaunchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tz = zoneinfo.ZoneInfo("Asia/Jakarta")
        kickoff = dt.datetime.combine(form.cleaned_data["date"], form.cleaned_data["time"],
                                      tzinfo=tz)
        try:
            services.program_launch(program=program, by=request.user, kickoff_at=kickoff,
                                    kickoff_place=form.cleaned_data["place"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Program launched; every pair got the announcement."))
            return redirect("pairs:program_pairs", program.pk)
    return render(request, "pairs/launch.html", {"program": program, "form": form})


def _nudge_form(pair: Pair, role: str, data: Any = None) -> tuple[NudgeForm, Any]:
    """The nudge form for `role`, prefilled with the default text in the recipient's language
    and a fresh one-time token; and the recipient (None without an account)."""
    recipient = services.nudge_recipient(pair, role)
    initial = {"to": role, "token": secrets.token_urlsafe(24), "body": (
        pair_messages.nudge_default(pair, role, recipient) if recipient else "")}
    return NudgeForm(data, initial=initial, auto_id=f"id_{role}_%s"), recipient


@no_store
@hr_required
@require_GET
def pair_detail(request: HttpRequest, pair_id: int) -> HttpResponse:
    """HR's page of one pair: one timeline of meetings, check-ins, goals and health; nudges."""
    pair = access.get_hr_pair(request.user, pair_id)
    audit.access(request, "pairs.hr_pair_viewed", pair)
    nudges = []
    if pair.is_active:
        for role, label in ParticipantRole.choices:
            form, recipient = _nudge_form(pair, role)
            nudges.append({"role": role, "label": label, "form": form, "recipient": recipient})
    return render(request, "pairs/hr_pair.html", {
        "pair": pair, "program": pair.program, "nudge_forms": nudges,
        **selectors.hr_pair_page(pair),
    })


@no_store
@hr_required
@require_http_methods(["GET", "POST"])
def pair_nudge(request: HttpRequest, pair_id: int) -> HttpResponse:
    """Send HR's message to one member (POST), or show the form alone (GET, or after a
    refusal). The same form submitted twice sends one e-mail."""
    pair = access.get_hr_pair(request.user, pair_id)
    role = request.POST.get("to") or request.GET.get("to") or ""
    role = role if role in ParticipantRole.values else str(ParticipantRole.MENTEE)
    form, recipient = _nudge_form(pair, role, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_nudge(pair=pair, by=request.user, role=form.cleaned_data["to"],
                                body=form.cleaned_data["body"],
                                token=form.cleaned_data["token"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Message sent to %(name)s.")
                             % {"name": recipient.full_name or recipient.email})
            return redirect("pairs:hr_pair", pair.pk)
    return render(request, "pairs/hr_nudge.html", {
        "pair": pair, "program": pair.program, "form": form, "recipient": recipient,
        "role_label": ParticipantRole(role).label,
    })
