"""The platform admin's page of API tokens: create (the secret is shown once), list, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.service_errors import ServiceError, form_error

from . import access, selectors, services
from .forms import TokenForm

_SHOWN = "api_token_shown"  # session key: the new secret, shown on the next page only


@require_http_methods(["GET", "POST"])
@access.admin_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, programs=selectors.program_choices(),
                     users=selectors.acting_accounts())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.token_create(by=request.user, name=data["name"],  # type: ignore[arg-type]
                                        scope=data["scope"], program=data["program"],
                                        user=data["acts_as"])
        except ServiceError as exc:
            form_error(form, exc)
        else:
            request.session[_SHOWN] = {"id": new.token.pk, "secret": new.secret}
            messages.success(request, _("Token created. Copy it now: it is not shown again."))
            return redirect("api:tokens")
    shown = request.session.pop(_SHOWN, None) if request.method == "GET" else None
    return render(request, "api/tokens.html", {
        "form": form, "tokens": selectors.token_rows(request.user), "shown": shown})


@require_http_methods(["GET", "POST"])
@access.admin_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = access.get_token(request.user, token_id)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(request, "api/token_revoke.html", {"token": token})
    services.token_revoke(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("api:tokens")
