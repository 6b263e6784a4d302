"""A pair at phone size (375 × 812): both accept the agreement, the mentee sets a SMART goal
(after a refusal), schedules a weekly series whose invitations `icalendar` reads back, and
both confirm a meeting that took place."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from terbalik.pairs.models import Agreement, Goal, Meeting

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
from .conftest import new_context, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def phone_for(browser, live_server):
    context = new_context(
        browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True,
        locale="id-ID",
    )
    page = context.new_page()
    page.base_url = live_server.url
    return context, page


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 375


def test_pair_journey_on_phones(browser, live_server, phone, make_pair):  # noqa: F811
    pair = make_pair(mentor_tz="Europe/Amsterdam", mentee_tz="Asia/Jakarta",
                     mentee_language="id")
    yesterday = timezone.now() - dt.timedelta(days=1)
    held = Meeting.objects.create(
        pair=pair, uid=Meeting.new_uid(), starts_at=yesterday,
        ends_at=yesterday + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
        updated_at=yesterday,
    )
    workspace = f"/pairs/{pair.pk}/"

    # the mentor (English, Amsterdam) accepts the agreement and confirms yesterday's meeting
    sign_in(phone, pair.mentor_user.email, PASSWORD)
    phone.goto(phone.base_url + workspace)
    assert fits_the_phone(phone)
    # (the form leads back to the workspace, the page already shown: wait for the new one)
    with phone.expect_navigation(url="**" + workspace):
        phone.locator("#agreement-accept").click()
    expect(phone.locator("#agreement-status")).to_have_attribute("data-accepted", "no")
    # confirmed in place (HTMX): the meeting's line is swapped, the page stays where it is
    line = phone.locator(f"[data-meeting='{held.pk}']")
    line.locator("input[name=answer][value=held]").check()
    line.locator("input[name=rating][value='4']").check()
    line.locator("button[type=submit]").click()
    expect(phone.locator(f"[data-meeting='{held.pk}'] [role=status]")).to_be_visible()
    assert phone.url.endswith(workspace)

    # the mentee (Indonesian, Jakarta) on another phone
    context, mentee = phone_for(browser, live_server)
    try:
        sign_in(mentee, pair.mentee_user.email, PASSWORD)
        mentee.goto(mentee.base_url + workspace)
        assert mentee.locator("html").get_attribute("lang") == "id"
        with mentee.expect_navigation(url="**" + workspace):
            mentee.locator("#agreement-accept").click()
        expect(mentee.locator("#agreement-status")).to_have_attribute("data-accepted", "yes")
        assert Agreement.objects.get(pair=pair).accepted

        # a goal without a measurable target or due date is refused, with the reason
        mentee.locator("#goal-new").click()
        mentee.locator("textarea[name=statement]").fill(
            "Membuat tiga dasbor penjualan sendiri di Looker Studio")
        mentee.locator("textarea[name=achievable]").fill("Satu jam per minggu bersama mentor")
        mentee.locator("textarea[name=relevance]").fill("Rapat penjualan memakai dasbor")
        with mentee.expect_navigation():  # the form is shown again, with the reasons
            mentee.locator("main form button[type=submit]").click()
        assert mentee.locator(".invalid-feedback").count() >= 3  # target, unit, due date
        assert Goal.objects.count() == 0
        assert fits_the_phone(mentee)
        mentee.locator("input[name=target_value]").fill("3")
        mentee.locator("input[name=unit]").fill("dasbor")
        due = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
        mentee.locator("input[name=due_date]").fill(due)
        mentee.locator("main form button[type=submit]").click()
        mentee.wait_for_url("**" + workspace)
        assert mentee.locator("[data-goal]").count() == 1

        # a weekly series of four, 16:00 in Jakarta
        mail.outbox.clear()
        mentee.locator("#meeting-new").click()
        first_day = timezone.localdate() + dt.timedelta(days=7)
        mentee.locator("input[name=date]").fill(first_day.isoformat())
        mentee.locator("input[name=time]").fill("16:00")
        mentee.locator("select[name=time_zone]").select_option("Asia/Jakarta")
        mentee.locator("select[name=repeat]").select_option("weekly")
        mentee.locator("input[name=count]").fill("4")
        mentee.locator("input[name=location]").fill("https://meet.example/abc")
        mentee.locator("main form button[type=submit]").click()
        mentee.wait_for_url("**" + workspace)
        assert Meeting.objects.filter(pair=pair).count() == 5

        # yesterday's meeting: the mentee confirms too → held
        line = mentee.locator(f"[data-meeting='{held.pk}']")
        line.locator("input[name=answer][value=held]").check()
        line.locator("input[name=rating][value='5']").check()
        line.locator("button[type=submit]").click()
        outcome = mentee.locator(f"[data-meeting='{held.pk}'] .outcome")
        expect(outcome).to_have_attribute("data-outcome", "held")
    finally:
        context.close()

    # the invitations: 4 meetings × 2 people, read back by an independent parser
    invitations = [m for m in mail.outbox if any(
        a.get_content_type() == "text/calendar" for a in m.attachments)]
    assert len(invitations) == 8
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    starts = set()
    for message in invitations:
        part = next(a for a in message.attachments if a.get_content_type() == "text/calendar")
        event = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")[0]
        start = event.decoded("DTSTART")
        assert start.astimezone(jakarta).hour == 16
        assert int(event["SEQUENCE"]) == 0
        starts.add(start)
    assert len(starts) == 4
