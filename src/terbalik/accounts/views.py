from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .adapter import login_throttle_clear
from .forms import LanguageForm, ProfileForm, RequestLoginCodeForm


def _safe_next(request: HttpRequest, value: str | None, default: str = "/") -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return default


class LoginView(allauth_views.LoginView):
    """Our sign-in page: an e-mail code (employees), a password (admins and anyone who set
    one) and, when configured, a company account. Throttle and MFA are allauth's."""

    template_name = "accounts/login.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["code_form"] = RequestLoginCodeForm()
        context["next"] = _safe_next(self.request, self.request.GET.get("next"), default="")
        backend = settings.EMAIL_BACKEND  # the metered wrapper hands mail to the real one
        if backend.endswith("MeteredEmailBackend"):
            backend = settings.EMAIL_METERED_BACKEND
        context["codes_in_console"] = settings.DEBUG and backend.endswith("console.EmailBackend")
        return context


login_view = LoginView.as_view()


def admin_login_view(request: HttpRequest) -> HttpResponse:
    """The Django admin has no door of its own: it signs in through our sign-in page (same
    throttle, same MFA), then comes back."""
    next_url = _safe_next(request, request.GET.get("next"), default=reverse("admin:index"))
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied
        return redirect(next_url)
    return redirect_to_login(next_url, reverse("accounts:login"))


@require_POST
def language_view(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return redirect(_safe_next(request, request.POST.get("next")))
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)  # type: ignore[arg-type]
    translation.activate(language)
    response = redirect(_safe_next(request, form.cleaned_data.get("next")))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@login_required
def profile_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {
        "full_name": user.full_name,  # type: ignore[union-attr]
        "language": user.language or translation.get_language(),  # type: ignore[union-attr]
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(
            user=user,  # type: ignore[arg-type]
            full_name=form.cleaned_data["full_name"],
            language=form.cleaned_data["language"],
        )
        translation.activate(form.cleaned_data["language"])
        messages.success(request, _("Your account was saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.cleaned_data["language"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A successful reset also lifts the sign-in throttle for that address on this device."""

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        login_throttle_clear(self.request, email=self.user.email)
        return response
