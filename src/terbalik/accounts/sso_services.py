"""Single sign-on: who may get in, and the one write path that creates or links the account."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialLogin
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError
from terbalik.people.models import Employee

from .models import Role, User
from .services import user_create


class SSORefused(ServiceError):
    """Single sign-on refused (`sso_admit` writes nothing): the one ServiceError, whose `code`
    picks the message; the adapter re-renders it with the e-mail and provider it knows."""

    def __init__(self, code: str) -> None:
        super().__init__(refusal_text(code), code=code)


def refusal_text(code: str, *, email: str = "", provider: str = "") -> str:
    texts = {
        "not_in_directory": _(
            "The address %(email)s is not in the employee directory, so it cannot be used to "
            "sign in here. If you work for the company, ask your HR team to add you to the "
            "directory, then try again."
        ),
        "left": _(
            "The employee directory lists %(email)s as no longer with the company, so it can "
            "no longer sign in. If this is a mistake, contact your HR team."
        ),
        "unverified": _(
            "%(provider)s has not confirmed that the address %(email)s belongs to you. "
            "Confirm it with your IT team, then try again."
        ),
        "domain": _("Addresses like %(email)s cannot sign in here. Use your work account."),
        "no_email": _(
            "%(provider)s did not share your e-mail address, so we cannot find you in the "
            "employee directory. Ask your IT team to allow it."
        ),
        "mismatch": _(
            "This account is already linked to another person in Terbalik. Contact your HR team."
        ),
        "cancelled": _("Signing in with %(provider)s was cancelled."),
        "failed": _(
            "Signing in with %(provider)s could not be completed safely: the answer from the "
            "identity provider did not pass our checks, or it took too long. Please try "
            "again. If it keeps happening, contact your IT team."
        ),
    }
    text = texts.get(code, texts["failed"])
    return text % {"email": email or _("this address"), "provider": provider or _("your company")}


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _groups(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, Iterable):
        return {str(item) for item in value}
    return set()


def employee_has_left(employee: Employee) -> bool:
    return not employee.active or (
        employee.exit_date is not None and employee.exit_date <= timezone.localdate()
    )


@transaction.atomic
def sso_admit(
    *,
    request: HttpRequest,
    sociallogin: SocialLogin,
    claims: Mapping[str, Any],
    app_settings: Mapping[str, Any],
) -> User:
    """Admit an identity whose ID token was verified: match its verified e-mail to an active
    employee, then create (role participant, or HR by group claim) or link the account.

    Raises `SSORefused` and writes nothing when the identity may not get in.
    """
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise SSORefused("no_email")
    verified_claim = app_settings.get("terbalik_email_verified_claim") or "email_verified"
    if not _is_true(claims.get(verified_claim)):
        raise SSORefused("unverified")
    domains = app_settings.get("terbalik_allowed_domains") or []
    if domains and email.rsplit("@", 1)[1] not in domains:
        raise SSORefused("domain")
    employee = Employee.objects.filter(email__iexact=email).first()
    if employee is None:
        raise SSORefused("not_in_directory")
    if employee_has_left(employee):
        raise SSORefused("left")

    is_hr: bool | None = None
    groups_claim = app_settings.get("terbalik_groups_claim")
    hr_groups = set(app_settings.get("terbalik_hr_groups") or [])
    if groups_claim and hr_groups:
        is_hr = bool(_groups(claims.get(groups_claim)) & hr_groups)

    user: User | None = sociallogin.user if sociallogin.is_existing else None  # type: ignore[assignment]
    if user is None:
        user = (
            User.objects.select_for_update().filter(employee=employee).first()
            or User.objects.select_for_update().filter(email__iexact=email).first()
        )
    created = user is None
    if user is None:
        user = user_create(
            email=email,
            password=None,
            role=Role.HR if is_hr else Role.PARTICIPANT,
            full_name=employee.full_name,
            employee=employee,
        )
    else:
        if user.employee_id is not None and user.employee_id != employee.pk:
            raise SSORefused("mismatch")
        if not user.is_active:
            raise SSORefused("left")
        fields = []
        if user.employee_id is None:
            user.employee = employee
            fields.append("employee")
        # With a group mapping configured, the identity provider decides HR vs participant;
        # admins and sponsors are never changed from here.
        if is_hr is not None and user.role in (Role.PARTICIPANT, Role.HR):
            role = Role.HR if is_hr else Role.PARTICIPANT
            if user.role != role:
                user.role = role
                fields.append("role")
        if fields:
            user.save(update_fields=fields)

    if not sociallogin.is_existing:
        sociallogin.user = user
        sociallogin.save(request, connect=True)  # the SocialAccount row; no e-mail is sent
        audit.record(
            action="accounts.sso_linked",
            actor=user,
            target=user,
            details={"provider": sociallogin.account.provider, "created": created},
        )
    _mark_email_verified(user=user, email=email)
    return user


def _mark_email_verified(*, user: User, email: str) -> None:
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        EmailAddress.objects.create(
            user=user,
            email=email,
            verified=True,
            primary=not EmailAddress.objects.filter(user=user, primary=True).exists(),
        )
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
