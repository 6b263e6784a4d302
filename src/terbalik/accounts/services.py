"""Accounts: the write path for lockout bookkeeping, language and user <-> employee links."""

from __future__ import annotations

import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import LoginFailure, Role, User


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def login_lockout_minutes_left(*, email: str) -> int:
    """Minutes until `email` may try again; 0 when not locked out."""
    email = email.strip().lower()
    since = timezone.now() - _window()
    failures = list(
        LoginFailure.objects.filter(email=email, at__gte=since)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_FAILURE_LIMIT]
    )
    if len(failures) < settings.LOGIN_FAILURE_LIMIT:
        return 0
    unlock_at = failures[0] + _window()
    return max(1, math.ceil((unlock_at - timezone.now()).total_seconds() / 60))


@transaction.atomic
def login_failure_record(*, email: str, ip: str | None) -> None:
    email = email.strip().lower()
    LoginFailure.objects.create(email=email, ip=ip)
    LoginFailure.objects.filter(at__lt=timezone.now() - _window()).delete()


@transaction.atomic
def login_failures_clear(*, email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


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
