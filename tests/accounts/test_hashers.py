"""Password sign-in cost (issue 18): Argon2id with documented, configurable parameters, one
hash per sign-in, and stored hashes with other parameters upgraded at the next sign-in."""

from __future__ import annotations

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, identify_hasher
from django.urls import reverse

from terbalik.accounts.hashers import TunedArgon2PasswordHasher

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
TUNED = "terbalik.accounts.hashers.TunedArgon2PasswordHasher"


@pytest.fixture
def tuned(settings):
    settings.PASSWORD_HASHERS = [TUNED, "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def params(encoded: str) -> argon2.Parameters:
    return argon2.extract_parameters("$" + encoded.split("$", 1)[1])


def test_production_hasher_is_argon2id_with_the_owasp_floor_by_default():
    import terbalik.settings as project

    assert project.PASSWORD_HASHERS[0] == TUNED
    assert (project.ARGON2_MEMORY_COST_KIB, project.ARGON2_TIME_COST,
            project.ARGON2_PARALLELISM) == (19456, 2, 1)
    encoded = TunedArgon2PasswordHasher().encode("s3cret pass", "saltsaltsalt")
    assert encoded.startswith("argon2$argon2id$")


def test_parameters_come_from_settings(settings, tuned):
    settings.ARGON2_MEMORY_COST_KIB, settings.ARGON2_TIME_COST = 8192, 3
    p = params(TunedArgon2PasswordHasher().encode("s3cret pass", "saltsaltsalt"))
    assert (p.memory_cost, p.time_cost, p.parallelism, p.type) == (
        8192, 3, 1, argon2.Type.ID)


def test_hash_with_django_defaults_verifies_and_is_upgraded_at_sign_in(client, tuned):
    old = Argon2PasswordHasher().encode(PASSWORD, "saltsaltsalt")
    user = UserFactory(email="ani@example.co.id")
    type(user).objects.filter(pk=user.pk).update(password=old)
    assert check_password(PASSWORD, old)
    response = client.post(reverse("accounts:login"),
                           {"login": "ani@example.co.id", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert identify_hasher(user.password).algorithm == "argon2"
    assert params(user.password).memory_cost == 19456


def test_a_sign_in_hashes_the_password_once(client, tuned, monkeypatch):
    user = UserFactory(email="ani@example.co.id")
    user.set_password(PASSWORD)
    user.save()
    calls = []
    original = TunedArgon2PasswordHasher.verify

    def counting(self, password, encoded):
        calls.append(1)
        return original(self, password, encoded)

    monkeypatch.setattr(TunedArgon2PasswordHasher, "verify", counting)
    response = client.post(reverse("accounts:login"),
                           {"login": "ani@example.co.id", "password": PASSWORD})
    assert response.status_code == 302
    assert len(calls) == 1
