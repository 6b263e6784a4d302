from __future__ import annotations

from typing import Any

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from terbalik.core.http import no_store
from terbalik.core.service_errors import form_error
from terbalik.people import selectors as people_selectors
from terbalik.people.photos import photo_response
from terbalik.privacy import selectors as privacy_selectors
from terbalik.privacy import services as privacy_services

from . import services
from .adapter import login_throttle_clear
from .forms import ContactProfileForm, LanguageForm, ProfileForm, RequestLoginCodeForm


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


@require_http_methods(["GET", "POST"])
def language_view(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":  # a reload or an opened link: back, never 405
        return redirect(_safe_next(request, request.GET.get("next")))
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
    return _profile_page(request, form, _contact_form(request.user))


def _contact_form(user: Any, data: Any = None, files: Any = None) -> ContactProfileForm | None:
    """The "what my partner sees" form, for people in the directory only."""
    if not getattr(user, "employee_id", None):
        return None
    found = people_selectors.profile_of(user.employee)
    initial = ({"whatsapp": f"+{found.whatsapp}" if found.whatsapp else "",
                "whatsapp_consent": found.whatsapp_consent, "channels": found.channels}
               if found else {})
    initial["optional_data"] = privacy_selectors.optional_agreed(user)
    return ContactProfileForm(data, files, initial=initial)


def _profile_page(request: HttpRequest, form: Any, contact: Any) -> HttpResponse:
    found = people_selectors.profile_of(getattr(request.user, "employee", None))
    return render(request, "accounts/profile.html", {
        "form": form, "contact_form": contact, "has_photo": bool(found and found.photo),
    })


@no_store
@login_required
@require_http_methods(["GET", "POST"])
def contact_profile_view(request: HttpRequest) -> HttpResponse:
    """Save the optional profile a participant's partner sees (photo, WhatsApp, channels); a
    GET (a reload) goes back to the account page."""
    if not getattr(request.user, "employee_id", None):
        raise Http404  # only people in the directory have a profile to share
    if request.method != "POST":
        return redirect("accounts:profile")
    contact = _contact_form(request.user, request.POST, request.FILES)
    if contact is None:
        raise Http404
    if contact.is_valid():
        data = contact.cleaned_data
        try:
            privacy_services.contact_profile_save(  # optional data: with its consent
                user=request.user,  # type: ignore[arg-type]
                whatsapp=data["whatsapp"], whatsapp_consent=data["whatsapp_consent"],
                channels=data["channels"], photo=data["photo"] or None,
                remove_photo=data["remove_photo"], optional_agreed=data["optional_data"],
            )
        except ValidationError as exc:
            form_error(contact, exc)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    user = request.user
    form = ProfileForm(initial={"full_name": user.full_name,  # type: ignore[union-attr]
                                "language": user.language  # type: ignore[union-attr]
                                or translation.get_language()})
    return _profile_page(request, form, contact)


@no_store
@login_required
def own_photo_view(request: HttpRequest) -> HttpResponse:
    return photo_response(people_selectors.profile_of(getattr(request.user, "employee", None)))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A successful reset also lifts the sign-in throttle for that address on this device."""

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        login_throttle_clear(self.request, email=self.user.email)
        return response


_logout = auth_views.LogoutView.as_view()


@require_http_methods(["GET", "POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    """Signing out is a POST (a link must not sign anyone out); a GET goes home, never 405."""
    if request.method != "POST":
        return redirect("core:home")
    return _logout(request)
