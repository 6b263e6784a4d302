from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terbalik.core import links
from terbalik.core.i18n import language_choices
from terbalik.people.models import ContactChannel

from . import access, emails, services
from .models import User

# A second reset e-mail to the same address within this window is not sent.
RESEND_AFTER_SECONDS = 120


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """The e-mail code form: throttled per address and per client by allauth, then the code
    goes only to a current directory employee (account made on first use) or an existing
    account. Everyone sees the same next page either way."""

    def clean_email(self) -> str:
        email: str = super().clean_email()
        if email:
            self._user = services.user_for_sign_in(email=email)
        return email


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also reaches accounts that never had a password (created by an invitation or an
    import): the reset link is how such a person sets their first password. Throttled per
    address and per client; leavers get nothing; the e-mail goes through notify."""

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        if not ratelimit.consume(
            allauth_context.request, action="reset_password", key=email.strip().lower()
        ):
            raise forms.ValidationError(
                _("Too many requests for this address. Please wait a few minutes and try "
                  "again."),
                code="throttled",
            )
        return email

    def get_users(self, email: str) -> Iterator[User]:
        return (
            user
            for user in User.objects.select_related("employee").filter(
                email__iexact=email.strip(), is_active=True
            )
            if user.email and access.may_sign_in(user)
        )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        link = links.absolute_url(path)  # SITE_URL, never the request's Host header
        # The token carries the second it was made, so two requests a moment apart would
        # make two causes; the first link works for hours, so a repeat within the window
        # sends nothing (the database cache is shared by every process).
        if not cache.add(f"password-reset-sent:{to_email.lower()}", True, RESEND_AFTER_SECONDS):
            return
        emails.send_once(
            key=emails.key_for("password_reset", to_email, context["token"]),
            user=context.get("user"),
            to=to_email,
            build=emails.password_reset(link=link),
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices(settings.LANGUAGES)
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices(settings.LANGUAGES)
    )


class ContactProfileForm(forms.Form):
    """What a participant shares with their partner (all optional)."""

    photo = forms.FileField(
        label=_("Photo"), required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB. We keep a small square copy."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    whatsapp = forms.CharField(
        label=_("WhatsApp number"), required=False, max_length=30,
        help_text=_("With the country code, e.g. +62 812 3456 7890."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    whatsapp_consent = forms.BooleanField(
        label=_("My mentoring partner and HR of my program may see this number"),
        required=False,
    )
    channels = forms.MultipleChoiceField(
        label=_("How I prefer to be reached"), required=False,
        choices=ContactChannel.choices, widget=forms.CheckboxSelectMultiple,
    )
    # issue 20: photo and WhatsApp number are optional data with their own consent
    optional_data = forms.BooleanField(
        label=_("I agree that my photo and WhatsApp number (optional data) are kept. I can "
                "withdraw this at any time on “My data”."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        gives = bool(data.get("photo")) or bool((data.get("whatsapp") or "").strip())
        if gives and not data.get("optional_data"):
            self.add_error("optional_data", _(
                "To keep a photo or a WhatsApp number, tick the box agreeing to optional "
                "data."))
        return data
