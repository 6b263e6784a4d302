"""The test-only control endpoint: the test suite sets users, claims, the client's redirect
URIs and the token switch here. Guarded by a per-session secret passed to the process."""

from __future__ import annotations

import hmac
import json
import os

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import Application

from . import state


@csrf_exempt
@require_POST
def control(request: HttpRequest) -> HttpResponse:
    secret = os.environ["TEST_IDP_CONTROL_SECRET"]
    if not hmac.compare_digest(request.headers.get("X-Control-Secret", ""), secret):
        return HttpResponse(status=403)
    data = json.loads(request.body)
    with state.lock:
        if "mode" in data:
            if data["mode"] not in state.MODES:
                return JsonResponse({"error": "unknown mode"}, status=400)
            state.mode["value"] = data["mode"]
        if "user" in data:
            spec = data["user"]
            user, _created = User.objects.get_or_create(username=spec["username"])
            user.set_password(spec["password"])
            user.save()
            state.claims_by_username[user.username] = dict(spec.get("claims", {}))
        if "redirect_uris" in data:
            app = Application.objects.get(client_id=data["client_id"])
            app.redirect_uris = " ".join(data["redirect_uris"])
            app.save(update_fields=["redirect_uris"])
    return JsonResponse({"ok": True})
