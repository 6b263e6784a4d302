"""Issue 16, tried as a new user on a phone (375 px, Indonesian): every participant form is
double-tapped and each makes one record and sends one e-mail per person; the frequent actions
(goal progress, confirming a meeting with its feedback) update in place and keep the scroll
position; "mark achieved" can be undone; every button is a 44 px tap target.

A double tap in a browser does not always reach the server twice: Chromium drops a form
navigation it has not started yet for the second one, and htmx drops a queued repeat of a form
its first answer replaced. So after the taps the very same submission (same one-time token) is
sent once more, as a retried request or the back button would, and each form is checked to
have reached the server at least twice (counted on the server) with one record and one e-mail.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode, urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from terbalik.core.models import AuditEntry
from terbalik.pairs.models import (
    Agreement,
    CheckIn,
    Goal,
    GoalProgress,
    GoalStatus,
    Meeting,
    MeetingStatus,
    Note,
)
from terbalik.surveys import services as survey_services
from terbalik.surveys.models import Response

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
from .test_survey_journey import _survey

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def small_tap_targets(page) -> list[str]:
    """Visible buttons (and links styled as buttons) in the page body under 44 × 44 px."""
    return page.evaluate("""() => [...document.querySelectorAll('main button, main .btn')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.textContent.trim() || el.getAttribute('aria-label'),
                    el.getBoundingClientRect()])
        .filter(([, box]) => box.height < 44 || box.width < 44)
        .map(([text, box]) => `${text}: ${Math.round(box.width)}×${Math.round(box.height)}`)""")


def tap_twice(page, button, server_posts: list[str], landed, *, htmx: bool = False):
    """Two taps in a row on a submit button; `landed()` waits for the page state the form leads
    to. Then the same submission is sent again (see the module docstring) and its answer is
    returned: the stored answer of the first, since the view does not run again."""
    # (the form's attribute: `form.action` is shadowed by a field named "action")
    action, fields = button.evaluate("""b => [
        new URL(b.form.getAttribute('action') || '', document.baseURI).href,
        [...new FormData(b.form, b)]]""")
    assert any(name == "form_once" for name, _ in fields)
    path = urlsplit(action).path
    already = server_posts.count(path)
    button.dblclick()
    landed()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if htmx:
        headers["HX-Request"] = "true"
    body = urlencode([(name, value) for name, value in fields])
    repeat = page.request.post(action, data=body, headers=headers, max_redirects=0)
    assert server_posts.count(path) - already >= 2, (path, server_posts)
    return repeat


def tap_twice_and_land(page, button, server_posts, url, shown=None) -> None:
    """tap_twice for a post/redirect/get form: the repeat is sent where the first tap went.
    When the form leads back to the page it is on, wait_for_url would not wait: `shown()`
    waits for what the new page shows instead."""
    def landed() -> None:
        page.wait_for_url(url)
        page.wait_for_load_state()
        if shown is not None:
            shown()

    repeat = tap_twice(page, button, server_posts, landed)
    assert repeat.status == 302
    assert urlsplit(repeat.headers["location"]).path == urlsplit(page.url).path


def scroll_y(page) -> int:
    return page.evaluate("() => window.scrollY")


def test_double_taps_on_every_participant_form(phone, make_pair, hr_user,  # noqa: F811
                                               server_posts):
    pair = make_pair(mentee_language="id")
    yesterday = timezone.now() - dt.timedelta(days=1)
    held = Meeting.objects.create(
        pair=pair, uid=Meeting.new_uid(), starts_at=yesterday,
        ends_at=yesterday + dt.timedelta(hours=1), time_zone="Asia/Jakarta",
        updated_at=yesterday,
    )
    instance = survey_services.survey_instance_create(
        survey=_survey(hr_user), by=hr_user, title="Sebelum program",
        opens_at=timezone.now() - dt.timedelta(hours=1),
        closes_at=timezone.now() + dt.timedelta(days=7),
    )
    survey_services.survey_instance_add_recipients(instance=instance, users=[pair.mentee_user],
                                                   by=hr_user)
    workspace = f"/pairs/{pair.pk}/"
    at_workspace = "**" + workspace
    both = sorted([pair.mentor_user.email, pair.mentee_user.email])
    sign_in(phone, pair.mentee_user.email, PASSWORD)
    phone.goto(phone.base_url + workspace)
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    assert small_tap_targets(phone) == []

    # the agreement: changed once, accepted once
    version = Agreement.objects.get(pair=pair).version
    phone.locator(f"a[href='/pairs/{pair.pk}/agreement/']").click()
    phone.locator("textarea[name=expectations]").fill("Kamera menyala, agenda sehari sebelumnya")
    tap_twice_and_land(phone, phone.locator("main form button[type=submit]"), server_posts,
                       at_workspace)
    assert Agreement.objects.get(pair=pair).version == version + 1
    assert small_tap_targets(phone) == []
    tap_twice_and_land(phone, phone.locator("#agreement-accept"), server_posts, at_workspace,
                       lambda: expect(phone.locator("#agreement-accept")).to_have_count(0))
    assert AuditEntry.objects.filter(action="pairs.agreement_accept").count() == 1

    # a SMART goal: one goal
    phone.locator("#goal-new").click()
    phone.locator("textarea[name=statement]").fill("Membuat tiga dasbor di Looker Studio")
    phone.locator("input[name=target_value]").fill("3")
    phone.locator("input[name=unit]").fill("dasbor")
    phone.locator("textarea[name=achievable]").fill("Satu jam per minggu")
    phone.locator("textarea[name=relevance]").fill("Rapat penjualan memakai dasbor")
    phone.locator("input[name=due_date]").fill(
        (timezone.localdate() + dt.timedelta(days=60)).isoformat())
    tap_twice_and_land(phone, phone.locator("main form button[type=submit]"), server_posts,
                       at_workspace)
    assert Goal.objects.filter(pair=pair).count() == 1
    goal = Goal.objects.get(pair=pair)

    # progress in place: one entry, the page does not move
    card = phone.locator(f"#goal-{goal.pk}")
    card.locator("input[name=value]").fill("1")
    card.scroll_into_view_if_needed()
    # an instant scroll (the context asks for reduced motion too): done when scrollBy returns
    phone.evaluate("() => window.scrollBy({top: 120, behavior: 'instant'})")
    before = scroll_y(phone)
    assert before > 0
    repeat = tap_twice(
        phone, card.locator("form.goal-progress-form button[type=submit]"), server_posts,
        lambda: expect(phone.locator(f"#goal-{goal.pk} [role=status]")).to_be_visible(),
        htmx=True)
    assert repeat.status == 200 and 'role="status"' in repeat.text()
    assert GoalProgress.objects.filter(goal=goal).count() == 1
    assert scroll_y(phone) == before
    assert phone.url.endswith(workspace)

    # achieved, then undone with one tap (in place too)
    phone.locator(f"#goal-{goal.pk} .goal-achieve").click()
    expect(phone.locator(f"#goal-{goal.pk} .goal-status")).to_have_attribute(
        "data-status", "achieved")
    phone.locator(f"#goal-{goal.pk} .goal-undo").click()
    expect(phone.locator(f"#goal-{goal.pk} .goal-status")).to_have_attribute(
        "data-status", "open")
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.OPEN

    # a shared note: one note
    phone.locator("#note-body").fill("Bawa laptop hari Kamis")
    tap_twice_and_land(phone, phone.locator("#note-body ~ button[type=submit]"), server_posts,
                       at_workspace, lambda: expect(phone.locator(".note")).to_have_count(1))
    assert list(Note.objects.filter(pair=pair).values_list("body", flat=True)) == [
        "Bawa laptop hari Kamis"]

    # a meeting: one meeting, one invitation for each of the two
    mail.outbox.clear()
    phone.locator("#meeting-new").click()
    phone.locator("input[name=date]").fill(
        (timezone.localdate() + dt.timedelta(days=7)).isoformat())
    phone.locator("input[name=time]").fill("16:00")
    assert small_tap_targets(phone) == []
    tap_twice_and_land(phone, phone.locator("main form button[type=submit]"), server_posts,
                       at_workspace)
    assert Meeting.objects.filter(pair=pair).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == both
    meeting = Meeting.objects.filter(pair=pair).exclude(pk=held.pk).get()

    # the meeting moved: one update (SEQUENCE 1), one e-mail for each
    mail.outbox.clear()
    phone.locator(f"[data-meeting='{meeting.pk}'] a[href$='/move/']").click()
    phone.locator("input[name=date]").fill(
        (timezone.localdate() + dt.timedelta(days=8)).isoformat())
    phone.locator("input[name=time]").fill("10:00")
    assert small_tap_targets(phone) == []
    tap_twice_and_land(phone, phone.locator("main form button[type=submit]"), server_posts,
                       at_workspace)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert sorted(m.to[0] for m in mail.outbox) == both

    # the meeting cancelled: one cancellation (SEQUENCE 2), one e-mail for each
    mail.outbox.clear()
    phone.locator(f"[data-meeting='{meeting.pk}'] a[href$='/cancel/']").click()
    assert small_tap_targets(phone) == []
    tap_twice_and_land(phone, phone.locator("#confirm-cancel"), server_posts, at_workspace)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 2)
    assert sorted(m.to[0] for m in mail.outbox) == both

    # yesterday's meeting confirmed with feedback, in place: one check-in
    line = phone.locator(f"[data-meeting='{held.pk}']")
    line.locator("input[name=answer][value=held]").check()
    line.locator("input[name=rating][value='5']").check()
    line.locator("textarea[name=comment]").fill("Sangat membantu")
    assert small_tap_targets(phone) == []
    repeat = tap_twice(
        phone, line.locator("button[type=submit]"), server_posts,
        lambda: expect(phone.locator(f"[data-meeting='{held.pk}'] [role=status]")).to_be_visible(),
        htmx=True)
    assert repeat.status == 200
    assert CheckIn.objects.filter(meeting=held).count() == 1
    assert CheckIn.objects.get(meeting=held).comment == "Sangat membantu"

    # a survey answer: one submitted response
    phone.goto(phone.base_url + f"/surveys/my/{instance.pk}/")
    phone.get_by_role("group", name="Saya percaya diri memakai aplikasi kerja").get_by_label(
        "Setuju", exact=True).check()
    phone.get_by_role("group", name="Topik yang diminati").get_by_label("Data", exact=True).check()
    tap_twice_and_land(phone, phone.locator("button[name=action][value=submit]"), server_posts,
                       lambda url: url.split("#")[0].endswith("/surveys/my/"))
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == 1
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
