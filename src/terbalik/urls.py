from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Terbalik administration")
admin.site.site_title = _("Terbalik administration")

urlpatterns = [
    path("", include("terbalik.core.urls")),
    path("", include("terbalik.accounts.urls")),  # also /admin/login/: no second door
    # Single sign-on: our hardened OpenID Connect views answer allauth's own
    # /accounts/oidc/<provider_id>/login/(callback/) paths, so they must come first.
    path("accounts/", include("terbalik.accounts.sso_urls")),
    path("accounts/", include("allauth.urls")),
    path("people/", include("terbalik.people.urls")),
    path("skills/", include("terbalik.skills.urls")),
    path("programs/", include("terbalik.programs.urls")),
    path("surveys/", include("terbalik.surveys.urls")),
    path("matching/", include("terbalik.matching.urls")),
    path("pairs/", include("terbalik.pairs.urls")),
    path("notify/", include("terbalik.notify.urls")),
    path("reports/", include("terbalik.reports.urls")),
    path("privacy/", include("terbalik.privacy.urls")),
    path("webhooks/", include("terbalik.webhooks.urls")),
    path("api/", include("terbalik.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "terbalik.core.errors.bad_request"
handler403 = "terbalik.core.errors.permission_denied"
handler404 = "terbalik.core.errors.page_not_found"
handler500 = "terbalik.core.errors.server_error"
