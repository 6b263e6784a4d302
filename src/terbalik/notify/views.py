"""Notification preferences (e-mail kinds, chat channels), a program's chat channels and the
private calendar feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.http import no_store
from terbalik.core.links import absolute_url
from terbalik.core.service_errors import ServiceError, form_error

from . import access, chat, emails, selectors, services
from .channels import chat_channels
from .forms import PreferencesForm, ProgramChannelsForm
from .models import PROGRAM_CHANNELS, Channel, Kind


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """E-mail kinds and chat channels of the signed-in person (no one else's)."""
    muted = selectors.muted_kinds(request.user)
    chat_status = selectors.chat_status(request.user)
    form = PreferencesForm(request.POST or None, chat=chat_status,
                           initial={"kinds": [k for k in Kind.values if k not in muted],
                                    "chat_channels": [c.name for c in chat_status if c.chosen],
                                    "whatsapp_consent": any(
                                        c.consent_at for c in chat_status)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "chat_channels" in form.fields:
                pref = selectors.chat_preference(request.user)
                chat.chat_preferences_set(
                    user=request.user, chosen=data["chat_channels"],
                    teams_webhook_url=data.get("teams_webhook_url")
                    or (pref.teams_webhook_url if pref else ""),
                    whatsapp_consent=data.get("whatsapp_consent", False),
                )
            services.preferences_set(user=request.user, wanted=data["kinds"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form, "chat": chat_status})


@require_http_methods(["GET", "POST"])
@login_required
def program_channels(request: HttpRequest, program_id: int) -> HttpResponse:
    """HR of the program: the Slack / Teams channels its announcements are also posted to."""
    program = access.get_channels_program(request.user, program_id)  # 404 for anyone else
    current = selectors.program_channels(program)
    configured = [c.name for c in chat_channels() if c.name in PROGRAM_CHANNELS]
    language = selectors.program_channels_language(program) or translation.get_language()
    initial: dict[str, Any] = {"language": language}
    if Channel.SLACK in current:
        initial[Channel.SLACK.value] = current[Channel.SLACK].target
    form = ProgramChannelsForm(request.POST or None, configured=configured, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        targets = {}
        if Channel.SLACK in configured:
            targets[Channel.SLACK.value] = data[Channel.SLACK.value]
        if Channel.TEAMS in configured:
            kept = current[Channel.TEAMS].target if Channel.TEAMS in current else ""
            targets[Channel.TEAMS.value] = ("" if data["teams_remove"]
                                            else data[Channel.TEAMS.value] or kept)
        try:
            chat.program_channels_set(program=program, by=request.user,
                                      language=data["language"], targets=targets)
        except ServiceError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The program's chat channels are saved."))
            return redirect("notify:program_channels", program_id=program.pk)
    return render(request, "notify/program_channels.html", {
        "program": program, "form": form, "configured": configured,
        "current": sorted(current), "unconfigured": [
            c for c in chat_channels(configured_only=False)
            if c.name in PROGRAM_CHANNELS and not c.configured()],
    })


@require_http_methods(["GET", "POST"])
@login_required
def program_channels_test(request: HttpRequest, program_id: int) -> HttpResponse:
    """HR of the program: post a test message to its chat channels (POST; GET goes back)."""
    program = access.get_channels_program(request.user, program_id)  # 404 for anyone else
    if request.method == "POST":
        if chat.program_test_post(program=program, by=request.user):
            messages.success(request, _("A test message is on its way to the program's chat "
                                        "channels."))
        else:
            messages.error(request, _("This program has no chat channel to post to yet."))
    return redirect("notify:program_channels", program_id=program.pk)


@no_store
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    feed = services.calendar_feed_get(user=request.user)
    url = absolute_url(reverse("notify:feed", args=[feed.token]))
    return render(request, "notify/calendar.html", {"feed_url": url})


@require_http_methods(["GET", "POST"])
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """A new address breaks every calendar subscribed to the old one: only on an explicit yes."""
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "notify/calendar_revoke.html")
    services.calendar_feed_revoke(user=request.user)
    messages.success(request, _("The old address no longer works. Subscribe to the new one."))
    return redirect("notify:calendar")


@no_store
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login, the random token is the credential."""
    found = access.get_feed(token)
    from terbalik.pairs.calendar import feed_for

    with translation.override(emails.language_of(found.user)):
        body = feed_for(found.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="terbalik.ics"'
    return response
