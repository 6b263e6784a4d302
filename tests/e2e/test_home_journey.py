"""Issue 16 at phone size (375 × 812): a mentee with two pairs sees both on the home page with
their next steps, opens the partner's profile (photo, WhatsApp), and downloads a meeting's
`.ics`, which `icalendar` reads back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import icalendar
import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from terbalik.pairs import services
from terbalik.people.services import profile_update

from ..factories import PASSWORD
from ..pairs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _notify_now,
    _send_mail_now,
    apply_as,
    make_pair,
    make_person,
    make_program,
)
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MEET = "https://meet.google.com/abc-defg-hij"


def _photo() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(out, format="PNG")
    out.seek(0)
    return out


def test_mentee_with_two_pairs_on_a_phone(phone, make_pair, tmp_path):  # noqa: F811
    first = make_pair(name="Literasi digital")
    second = make_pair(name="Wawasan pelanggan", mentee_user=first.mentee_user, trained=False)
    mentor = first.mentor_user
    profile_update(employee=mentor.employee, by=mentor, whatsapp="+62 812 3456 7890",
                   whatsapp_consent=True, channels=["whatsapp"], photo=_photo())
    meeting = services.meeting_schedule(
        pair=first, by=mentor, local_date=timezone.localdate() + dt.timedelta(days=3),
        local_time=dt.time(10), time_zone="Asia/Jakarta", location=MEET,
    )[0]

    sign_in(phone, first.mentee_user.email, PASSWORD)
    phone.goto(phone.base_url + "/")
    cards = phone.locator("article.home-pair")
    assert cards.count() == 2
    one = phone.locator(f'article.home-pair[data-pair="{first.pk}"]')
    two = phone.locator(f'article.home-pair[data-pair="{second.pk}"]')
    assert "Literasi digital" in one.inner_text()
    assert "Wawasan pelanggan" in two.inner_text()
    # each pair has its own next steps; the untrained one starts with the training
    assert two.locator("a.todo").first.get_attribute("data-step") == "training"
    assert one.locator('a.todo[data-step="goals"]').is_visible()
    assert "Next meeting" in one.locator(".next-meeting").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    # the partner's profile: photo through the access-checked view, WhatsApp button
    one.locator("a.partner-link").click()
    phone.wait_for_url(f"**/pairs/{first.pk}/people/mentor/")
    assert phone.locator("#profile-name").inner_text() == mentor.employee.full_name
    assert phone.locator("#contact-whatsapp").get_attribute("href") == (
        "https://wa.me/6281234567890")
    assert phone.locator("#contact-meeting").get_attribute("href") == MEET
    photo = phone.locator("img.avatar")
    expect(photo).to_have_js_property("complete", True)
    expect(photo).to_have_js_property("naturalWidth", 256)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    # the meeting goes into any calendar from the workspace
    phone.goto(phone.base_url + f"/pairs/{first.pk}/")
    link = phone.locator(f'li.meeting[data-meeting="{meeting.pk}"] a.meeting-ics')
    with phone.expect_download() as download_info:
        link.click()
    target = Path(tmp_path) / "meeting.ics"
    download_info.value.save_as(target)
    (event,) = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == meeting.uid
    assert str(event["LOCATION"]) == MEET
    assert event.decoded("DTSTART") == meeting.starts_at
    meet_link = phone.locator(f'li.meeting[data-meeting="{meeting.pk}"] a[href="{MEET}"]')
    assert meet_link.get_attribute("rel") == "noopener noreferrer"
