"""How django-allauth fits Terbalik: no self sign-up, leavers refused, throttles keyed on
account and client address, and every e-mail sent through `notify`."""

from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from terbalik.core import links

from . import access, emails, selectors

APP = "allauth.account"


def _key_rate_cache_keys(request: HttpRequest, *, action: str, key: str) -> list[str]:
    """The cache keys of the per-key histories of `action` (not the per-address ones)."""
    return [
        allauth_ratelimit.get_cache_key(request, app=APP, action=action, rate=rate, key=key)
        for rate in allauth_ratelimit.get_rates(app=APP, action=action)
        if rate.per == "key"
    ]


def _key_rates_clear(request: HttpRequest, *, action: str, key: str) -> None:
    """Forget the per-key history of `action` (not the per-address one), in one query."""
    cache.delete_many(_key_rate_cache_keys(request, action=action, key=key))


def login_throttle_key(request: HttpRequest, email: str) -> str:
    """Failed password sign-ins count per account AND client address: a stranger elsewhere
    cannot slow down a colleague's own sign-in."""
    ip = allauth_ratelimit.get_ip(request)
    return f"{email.strip().lower()}|{ip}"


def login_throttle_clear(request: HttpRequest, *, email: str) -> None:
    _key_rates_clear(request, action="login_failed", key=login_throttle_key(request, email))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from the directory (first e-mail code) or from an admin.
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        email = credentials.get("email", credentials.get("username", "")) or ""
        return login_throttle_key(request, email)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            self._throttle_notice(request, credentials.get("email") or "")
            raise

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        email = credentials.get("email") or ""
        self._cleared_on_success = _key_rate_cache_keys(
            request, action="login_failed", key=login_throttle_key(request, email)
        )
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_throttle_clear(request, email=email)
        return user

    def _rollback_login_failed_rl_usage(self) -> None:
        """allauth, on a successful sign-in, takes back this attempt from every failed-sign-in
        history (a lock, a read and a write each). The account's per-key histories are deleted
        right after (`authenticate` above): only the per-address one is rolled back."""
        usage = getattr(self, "_login_failed_rl_usage", None)
        cleared = set(getattr(self, "_cleared_on_success", ()))
        if usage:
            usage.usage = [single for single in usage.usage if single.cache_key not in cleared]
        super()._rollback_login_failed_rl_usage()

    def _throttle_notice(self, request: HttpRequest, email: str) -> None:
        """Tell the account's owner, at most once an hour, that sign-ins were slowed down."""
        user = selectors.user_by_email(email=email) if email else None
        if user is None or not access.may_sign_in(user):
            return
        hour = timezone.now().strftime("%Y%m%d%H")
        emails.send_once(
            key=f"accounts.throttle:{user.pk}:{hour}",
            user=user,
            to=user.email,
            build=emails.throttle_notice(link=links.absolute_url(reverse("accounts:login"))),
        )

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        if not access.may_sign_in(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A sign-in a few minutes ago is proof enough: staff sent to set up TOTP right
        after signing in are not asked for their password or a code a second time."""
        from allauth.account.internal.flows.login import get_authentication_records

        request = allauth_context.request
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if records and time.time() - records[-1].get("at", 0) < (
                allauth_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        user = context.get("user") or selectors.user_for_address(email=email)
        if template_prefix == "account/email/login_code":
            code = context["code"]
            link = links.absolute_url(
                reverse("account_confirm_login_code") + "?" + urlencode({"code": code})
            )
            build = emails.login_code(
                code=code, link=link, minutes=allauth_settings.LOGIN_BY_CODE_TIMEOUT // 60
            )
            key = emails.key_for("login_code", email, code, str(timezone.now().timestamp()))
        else:
            ctx = {"request": request, "email": email,
                   "current_site": get_current_site(request), **context}
            build = emails.from_templates(prefix=template_prefix, context=ctx)
            minute = timezone.now().strftime("%Y%m%d%H%M")
            key = emails.key_for("mail", template_prefix, email, minute)
        emails.send_once(key=key, user=user, to=email, build=build)
