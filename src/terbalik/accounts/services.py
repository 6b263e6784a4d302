"""Accounts: the write path for language, profile and user <-> employee links."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction

from . import access, selectors
from .models import Role, User


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValueError(f"unknown language {language!r}")
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def user_update_profile(*, user: User, full_name: str, language: str) -> User:
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])
    user_set_language(user=user, language=language)
    return user


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    role: str = Role.PARTICIPANT,
    full_name: str = "",
    employee: object | None = None,
    language: str = "",
) -> User:
    user = User.objects.create_user(
        email=email,
        password=password,
        role=role,
        full_name=full_name,
        employee=employee,
        language=language,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    return user


def user_for_sign_in(*, email: str) -> User | None:
    """The account a sign-in code for `email` is for, or None (unknown address or a leaver).

    A directory employee who is still there but has no account yet gets one now, role
    participant, linked to their directory entry (matched case-insensitively on the work
    e-mail); an existing account with that address and no directory link is linked.
    """
    email = email.strip().lower()
    try:
        with transaction.atomic():
            return _user_for_sign_in(email)
    except IntegrityError:  # a parallel request created the account first
        user = selectors.user_by_email(email=email)
        return user if access.may_sign_in(user) else None


def _user_for_sign_in(email: str) -> User | None:
    user = selectors.user_by_email(email=email)
    employee = selectors.employee_by_email(email=email)
    if user is None:
        if employee is None or access.has_left(employee):
            return None
        linked = User.objects.select_related("employee").filter(employee=employee).first()
        if linked is not None:  # the account uses another address; the directory's counts
            return linked if access.may_sign_in(linked) else None
        return user_create(
            email=employee.email,
            password=None,
            full_name=employee.full_name,
            employee=employee,
        )
    if user.employee_id is None and employee is not None:
        if access.has_left(employee):
            return None
        if not User.objects.filter(employee=employee).exists():
            user.employee = employee
            user.save(update_fields=["employee"])
    return user if access.may_sign_in(user) else None
