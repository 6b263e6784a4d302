from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terbalik.core import links

from . import services
from .models import User


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email = (data.get("email") or "").strip().lower()
        password = data.get("password")
        if not email or not password:
            return data
        minutes = services.login_lockout_minutes_left(email=email)
        if minutes:
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-in attempts. Try again in %(minutes)d minute "
                    "or reset your password.",
                    "Too many failed sign-in attempts. Try again in %(minutes)d minutes "
                    "or reset your password.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        user = authenticate(self.request, email=email, password=password)
        if user is None:
            services.login_failure_record(email=email, ip=self.request.META.get("REMOTE_ADDR"))
            raise forms.ValidationError(
                _("The e-mail address or password is not correct."), code="invalid_login"
            )
        services.login_failures_clear(email=email)
        self.user = user
        return data


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches accounts that never had a password (created by an invitation or an
    import): the reset link is how such a person sets their first password."""

    def get_users(self, email: str) -> Iterator[User]:
        return (
            user
            for user in User.objects.filter(email__iexact=email.strip(), is_active=True)
            if user.email
        )

    def send_mail(self, subject_template_name: str, email_template_name: str,
                  context: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        # The link starts with SITE_URL (core.links), never with the request's Host header.
        context["site_url"] = links.site_url()
        super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
