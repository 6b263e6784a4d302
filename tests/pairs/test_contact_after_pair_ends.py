"""Former partners lose the WhatsApp number and the photo when the pair ends; a photo whose
file is missing is a 404, not a server error (code review of the merged session-3 work,
items 2 and 3)."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from terbalik.pairs.models import PairStatus

from .test_partner_profile import NUMBER, _png, _share_whatsapp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _end(pair, status):
    type(pair).objects.filter(pk=pair.pk).update(status=status)


def _card_and_photo(client, pair):
    page = client.get(reverse("pairs:profile", args=[pair.pk, "mentor"])).content.decode()
    workspace = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    photo = client.get(reverse("pairs:photo", args=[pair.pk, "mentor"])).status_code
    return page, workspace, photo


@pytest.mark.parametrize("status", [PairStatus.DISSOLVED, PairStatus.COMPLETED])
def test_a_former_partner_sees_no_whatsapp_and_no_photo(pair, client, status):
    _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    _end(pair, status)
    client.force_login(pair.mentee_user)
    page, workspace, photo = _card_and_photo(client, pair)
    assert NUMBER not in page and "wa.me" not in page and "wa.me" not in workspace
    assert reverse("pairs:photo", args=[pair.pk, "mentor"]) not in page + workspace
    assert photo == 404
    assert f'href="mailto:{pair.mentor.employee.email}"' in page  # the e-mail stays


def test_an_active_partner_still_sees_them(pair, client):
    _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    client.force_login(pair.mentee_user)
    page, workspace, photo = _card_and_photo(client, pair)
    assert NUMBER in page and f"https://wa.me/{NUMBER}" in workspace
    assert photo == 200


def test_hr_of_the_program_still_sees_them_after_the_end(pair, client):
    _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    _end(pair, PairStatus.DISSOLVED)
    client.force_login(pair.program.owners.get())
    page = client.get(reverse("pairs:profile", args=[pair.pk, "mentor"])).content.decode()
    assert NUMBER in page
    assert client.get(reverse("pairs:photo", args=[pair.pk, "mentor"])).status_code == 200


def test_a_photo_whose_file_is_missing_is_404(pair, client):
    profile = _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    profile.photo.storage.delete(profile.photo.name)
    client.force_login(pair.mentee_user)
    assert client.get(reverse("pairs:photo", args=[pair.pk, "mentor"])).status_code == 404
    client.force_login(pair.mentor_user)
    assert client.get(reverse("accounts:own_photo")).status_code == 404
