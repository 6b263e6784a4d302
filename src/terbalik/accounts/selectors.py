"""Reads for sign-in: directory lookups by work e-mail and MFA status."""

from __future__ import annotations

from typing import Any

from terbalik.people.models import Employee

from .models import User


def user_by_email(*, email: str) -> User | None:
    return User.objects.select_related("employee").filter(email__iexact=email.strip()).first()


def user_for_address(*, email: str) -> User | None:
    """The account an e-mail address reaches: by the account's own address, else the account
    linked to the directory entry with that work e-mail."""
    return user_by_email(email=email) or (
        User.objects.select_related("employee").filter(employee__email__iexact=email.strip())
        .first()
    )


def employee_by_email(*, email: str) -> Employee | None:
    """The directory entry whose work e-mail matches (case-insensitive)."""
    return Employee.objects.filter(email__iexact=email.strip()).first()


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
