"""E-mail preferences and the private calendar feed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from terbalik.core.http import no_store
from terbalik.core.links import absolute_url

from . import emails, selectors, services
from .models import Kind


class PreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Send me these e-mails"), choices=Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Meeting invitations, updates and cancellations always go."),
    )


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    muted = selectors.muted_kinds(request.user)
    form = PreferencesForm(request.POST or None,
                           initial={"kinds": [k for k in Kind.values if k not in muted]})
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, wanted=form.cleaned_data["kinds"])
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("notify:preferences")
    return render(request, "notify/preferences.html", {"form": form})


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
    found = selectors.calendar_feed_for_token(token)
    if found is None or not found.user.is_active:
        raise Http404
    from terbalik.pairs.calendar import feed_for

    with translation.override(emails.language_of(found.user)):
        body = feed_for(found.user)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="terbalik.ics"'
    return response
