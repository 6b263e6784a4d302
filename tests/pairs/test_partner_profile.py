"""Issue 16 item 4: the partner's profile — photo or initials, languages, interests, skills,
channels and contact buttons; the WhatsApp number only with consent and only for the partner
and HR of the program."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from terbalik.accounts.models import Role
from terbalik.core.service_errors import ServiceError
from terbalik.people import photos
from terbalik.people.models import Profile
from terbalik.people.services import normalise_whatsapp, profile_update
from terbalik.skills.selectors import taxonomy

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

NUMBER = "6281234567890"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _png(width=800, height=600, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


def _share_whatsapp(user, *, consent=True, photo=None) -> Profile:
    return profile_update(employee=user.employee, by=user, whatsapp="+62 812-3456-7890",
                          whatsapp_consent=consent, channels=["whatsapp", "video"],
                          photo=photo)


def _profile_url(pair, side="mentor"):
    return reverse("pairs:profile", args=[pair.pk, side])


def test_partner_profile_shows_facts_channels_and_contact_buttons(pair, client):
    """Finding: no profile of the partner and no WhatsApp link."""
    _share_whatsapp(pair.mentor_user)
    client.force_login(pair.mentee_user)
    page = client.get(_profile_url(pair)).content.decode()
    mentor = pair.mentor.employee
    assert mentor.full_name in page
    assert f'href="mailto:{mentor.email}"' in page
    assert f'href="https://wa.me/{NUMBER}"' in page
    for item in pair.mentor.intake["skills_offered"] + pair.mentor.intake["interests"]:
        assert escape(taxonomy().label(item)) in page  # issue 21: the label, not the id
    assert "WhatsApp, Video call" in page
    assert "id, en" in page  # languages from the directory
    # no photo: initials, and no photo URL
    assert reverse("pairs:photo", args=[pair.pk, "mentor"]) not in page


def test_workspace_links_to_the_partner_profile(pair, client):
    client.force_login(pair.mentee_user)
    page = client.get(reverse("pairs:workspace", args=[pair.pk])).content.decode()
    assert _profile_url(pair) in page


def test_no_whatsapp_link_without_consent(pair, client):
    _share_whatsapp(pair.mentor_user, consent=False)
    client.force_login(pair.mentee_user)
    page = client.get(_profile_url(pair)).content.decode()
    # the number in any of its written forms; a bare "812" also matched random CSRF tokens
    assert "wa.me" not in page and NUMBER not in page
    assert "812-3456" not in page and "812 3456" not in page


def test_meeting_link_button_when_the_next_meeting_has_one(pair, client):
    import datetime as dt

    from django.utils import timezone

    from terbalik.pairs import services

    services.meeting_schedule(pair=pair, by=pair.mentee_user,
                              local_date=timezone.localdate() + dt.timedelta(days=2),
                              local_time=dt.time(9), time_zone="Asia/Jakarta",
                              location="https://meet.google.com/abc-defg-hij")
    client.force_login(pair.mentee_user)
    page = client.get(_profile_url(pair)).content.decode()
    assert 'id="contact-meeting" href="https://meet.google.com/abc-defg-hij"' in page


@pytest.mark.parametrize(("who", "status", "sees_number"), [
    ("partner", 200, True),
    ("hr_of_program", 200, True),
    ("hr_of_other_program", 404, False),
    ("other_participant", 404, False),
    ("anonymous", 302, False),
])
def test_who_sees_the_profile_and_the_number(pair, client, make_person, who, status,
                                             sees_number):
    _share_whatsapp(pair.mentor_user)
    if who == "partner":
        client.force_login(pair.mentee_user)
    elif who == "hr_of_program":
        client.force_login(pair.program.owners.get())
    elif who == "hr_of_other_program":
        client.force_login(UserFactory(role=Role.HR))
    elif who == "other_participant":
        client.force_login(make_person(4))
    response = client.get(_profile_url(pair))
    assert response.status_code == status
    assert (NUMBER in response.content.decode()) is sees_number
    if who == "anonymous":
        assert reverse("accounts:login") in response["Location"]


def test_unknown_side_is_404(pair, client):
    client.force_login(pair.mentee_user)
    assert client.get(reverse("pairs:profile", args=[pair.pk, "boss"])).status_code == 404


# --- photo ----------------------------------------------------------------------------------


def test_photo_is_resized_to_a_small_square_jpeg(pair):
    profile = _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png(1200, 500)))
    with profile.photo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert image.size == (photos.SIZE, photos.SIZE)
    assert str(profile.photo.path).startswith(str(profile.photo.storage.location))


@pytest.mark.parametrize(("content", "message"), [
    (b"GIF89a" + b"\x00" * 100, "not a photo we can read"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "not a photo we can read"),
    (b"x" * (photos.MAX_BYTES + 1), "larger than 5 MB"),
])
def test_photo_refused_names_the_field_and_writes_nothing(pair, content, message):
    user = pair.mentor_user
    with pytest.raises(ServiceError) as refused:
        _share_whatsapp(user, photo=io.BytesIO(content))
    assert message in refused.value.message_dict["photo"][0]
    assert not Profile.objects.filter(employee=user.employee).exists()


def test_gif_is_refused_as_a_format():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="GIF")
    out.seek(0)
    with pytest.raises(ServiceError) as refused:
        photos.square_jpeg(out)
    assert "JPEG, PNG or WebP" in refused.value.message_dict["photo"][0]


@pytest.mark.parametrize(("who", "status"), [
    ("partner", 200), ("hr_of_program", 200), ("hr_of_other_program", 404),
    ("other_participant", 404), ("anonymous", 302),
])
def test_photo_is_served_only_to_the_partner_and_hr(pair, client, make_person, who, status):
    _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    users = {"partner": pair.mentee_user, "hr_of_program": pair.program.owners.get(),
             "hr_of_other_program": UserFactory(role=Role.HR),
             "other_participant": make_person(4), "anonymous": None}
    if users[who] is not None:
        client.force_login(users[who])
    response = client.get(reverse("pairs:photo", args=[pair.pk, "mentor"]))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert "no-store" in response["Cache-Control"]


def test_photo_url_shown_in_the_profile_when_there_is_one(pair, client):
    _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    client.force_login(pair.mentee_user)
    page = client.get(_profile_url(pair)).content.decode()
    assert f'src="{reverse("pairs:photo", args=[pair.pk, "mentor"])}"' in page


def test_no_public_media_url(settings, pair, client):
    """Photos are served only by the access-checked view: no media URL is configured (Django's
    "/" for an unset one) and the stored file is not reachable under any public path."""
    assert settings.MEDIA_URL == "/"
    profile = _share_whatsapp(pair.mentor_user, photo=io.BytesIO(_png()))
    name = profile.photo.name
    assert name
    client.force_login(pair.mentee_user)
    for path in (f"/{name}", f"/media/{name}"):
        assert client.get(path).status_code == 404


# --- editing one's own profile on the account page ---------------------------------------


def test_participant_edits_their_profile_on_the_account_page(pair, client):
    user = pair.mentee_user
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="whatsapp"' in page
    url = reverse("accounts:contact_profile")
    upload = SimpleUploadedFile("me.png", _png(), content_type="image/png")
    data = {"whatsapp": "0812 3456 7890", "whatsapp_consent": "on",
            "channels": ["whatsapp", "email"], "photo": upload, "optional_data": "on"}
    response = client.post(url, data)
    assert response.status_code == 302
    profile = Profile.objects.get(employee=user.employee)
    assert profile.whatsapp == NUMBER and profile.whatsapp_consent
    assert profile.channels == ["email", "whatsapp"]
    assert profile.photo
    assert client.get(reverse("accounts:own_photo")).status_code == 200
    # twice: still one profile, the photo replaced
    client.post(url, {**data, "photo": SimpleUploadedFile("me.png", _png(),
                                                          content_type="image/png")})
    assert Profile.objects.filter(employee=user.employee).count() == 1


def test_bad_number_is_a_field_error_and_nothing_is_saved(pair, client):
    client.force_login(pair.mentee_user)
    response = client.post(reverse("accounts:contact_profile"),
                           {"whatsapp": "call me", "whatsapp_consent": "on",
                            "optional_data": "on"})
    assert response.status_code == 200
    assert "Enter the WhatsApp number with its country code" in response.content.decode()
    assert not Profile.objects.exists()


def test_someone_else_cannot_update_a_profile(pair):
    with pytest.raises(ServiceError):
        profile_update(employee=pair.mentor.employee, by=pair.mentee_user, whatsapp="",
                       whatsapp_consent=False, channels=[])


@pytest.mark.parametrize(("raw", "digits"), [
    ("+62 812-3456-7890", NUMBER), ("0812 3456 7890", NUMBER), ("0062 812 3456 7890", NUMBER),
    ("", ""), ("+31 (6) 1234 5678", "31612345678"),
])
def test_normalise_whatsapp(raw, digits):
    assert normalise_whatsapp(raw) == digits


def test_consent_without_number_is_not_kept(pair):
    profile = profile_update(employee=pair.mentee.employee, by=pair.mentee_user, whatsapp="",
                             whatsapp_consent=True, channels=[])
    assert not profile.whatsapp_consent and not profile.shares_whatsapp


def test_card_takes_the_next_meeting_from_meetings_already_loaded(
        pair, django_assert_num_queries):
    """The workspace has every meeting of the pair loaded: the partner's card picks the next
    one from them (the soonest scheduled one still to come) instead of asking again."""
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from terbalik.pairs import selectors, services

    today = timezone.localdate()
    for days, place in ((9, "https://meet.example/later"), (2, "https://meet.example/sooner")):
        services.meeting_schedule(pair=pair, by=pair.mentee_user,
                                  local_date=today + dt.timedelta(days=days),
                                  local_time=dt.time(9), time_zone="Asia/Jakarta", location=place)
    now = timezone.now()
    meetings = selectors.meetings_with_checkins(pair)
    with CaptureQueriesContext(connection) as asking:
        asked = selectors.person_card(pair, "mentor", profile=None, now=now, contact=True)
    with django_assert_num_queries(len(asking) - 1):  # no query for the next meeting
        card = selectors.person_card(pair, "mentor", profile=None, now=now, contact=True,
                                     meetings=meetings)
    assert card["meeting"] == asked["meeting"]
    assert card["meeting_link"] == "https://meet.example/sooner"
