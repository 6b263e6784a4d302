from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_default_language_is_indonesian(client):
    response = client.get(reverse("accounts:login"))
    assert '<html lang="id">' in response.content.decode()
    assert "Masuk" in response.content.decode()


def test_anonymous_switch_sets_cookie(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert response.cookies["terbalik_language"].value == "en"
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page


def test_language_is_remembered_per_user_across_devices(client):
    user = UserFactory(email="ani@example.co.id")
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    other_device = Client()
    other_device.post(reverse("accounts:login"), {"login": user.email, "password": PASSWORD})
    page = other_device.get(reverse("core:home")).content.decode()
    assert '<html lang="en">' in page
    assert "Welcome" in page


def test_unknown_language_is_ignored(client):
    user = UserFactory(language="id")
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "xx"})
    user.refresh_from_db()
    assert user.language == "id"


def test_profile_permissions_and_update(client):
    assert client.get(reverse("accounts:profile")).status_code == 302
    user = UserFactory(full_name="Lama")
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(reverse("accounts:profile"), {"full_name": "  Baru  ", "language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Baru", "en")


def test_profile_validation_keeps_input(client):
    user = UserFactory(full_name="Lama")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"full_name": "", "language": "en"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"]
    user.refresh_from_db()
    assert user.full_name == "Lama"
