from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .access import HR_ROLES, has_role


def _hr_context(request: HttpRequest) -> dict[str, object]:
    return {"directory": selectors.directory_summary(request.user)}


def _sponsor_context(request: HttpRequest) -> dict[str, object]:
    return {}


def _participant_context(request: HttpRequest) -> dict[str, object]:
    return {}


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
