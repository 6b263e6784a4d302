from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from . import access
from .models import User
from .user_load import user_with_employee


class EmailBackend(ModelBackend):
    """Authenticate by e-mail (case-insensitive) and password.

    `user_can_authenticate` also refuses leavers; Django asks it on every request for the
    session's user too, so a leaver's open sessions stop working at once.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (kwargs.get("email") or username or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email=email)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing oracle
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        """The session's user on every request, with their directory entry in the same query
        (the leaver check below and most pages read it): one query instead of two, compiled
        once (user_load.py)."""
        user = user_with_employee(user_id)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and access.may_sign_in(user)
