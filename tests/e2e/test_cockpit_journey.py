"""Issue 17: HR opens home, sees an at-risk pair with its reason, opens the pair, edits the
default message and nudges the mentee; one e-mail arrives on the loopback SMTP server, in the
mentee's language (Indonesian)."""

from __future__ import annotations

import pytest
from django.utils import translation

from terbalik.pairs.models import Nudge, Pair

from ..factories import PASSWORD
from ..pairs.conftest import make_pair  # noqa: F401
from ..programs.conftest import apply_as, make_person, make_program  # noqa: F401
from ..smtp import smtp  # noqa: F401
from .conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def test_hr_nudges_an_at_risk_pair_from_home(page, hr_user, make_pair, smtp):  # noqa: F811
    pair = make_pair(mentee_language="id")
    Pair.objects.filter(pk=pair.pk).update(health="at_risk", health_reasons=["no_meeting"])
    smtp.messages.clear()  # the pair's own announcements

    sign_in(page, hr_user.email, PASSWORD)
    page.goto(page.base_url + "/")
    row = page.locator(f"#at-risk [data-pair='{pair.pk}']")
    row.wait_for()
    assert "No meeting held for more than twice the agreed cadence" in row.inner_text()
    row.locator(".nudge-link").click()
    page.wait_for_url(f"**/pairs/hr/{pair.pk}/#nudge")

    form = page.locator(".nudge-form[data-role='mentee']")
    body = form.locator("textarea[name=body]")
    default = body.input_value()
    opening = in_indonesian("How are things going with %(partner)s in %(program)s?")
    assert opening.split("%")[0] in default  # the default is in the mentee's language
    body.fill(default + "\n\nSalam, Tim SDM")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/pairs/hr/{pair.pk}/")
    page.locator("#nudges li").first.wait_for()
    assert "Salam, Tim SDM" in page.locator("#nudges").inner_text()

    assert Nudge.objects.filter(pair=pair).count() == 1
    subject = in_indonesian("A message from HR about your mentoring pair")
    mails = [m for rcpt, m in smtp.messages if rcpt == [pair.mentee_user.email]]
    assert len(mails) == 1
    assert mails[0]["Subject"] == subject
    text = mails[0].get_body(preferencelist=("plain",)).get_content()
    assert "Salam, Tim SDM" in text
    assert in_indonesian("Open your pair workspace") in text


def test_cockpit_pages_fit_a_phone(phone, hr_user, make_pair):  # noqa: F811
    pair = make_pair(mentee_language="id")
    Pair.objects.filter(pk=pair.pk).update(health="at_risk", health_reasons=["low_rating"])
    sign_in(phone, hr_user.email, PASSWORD)
    for path in ("/", f"/pairs/hr/{pair.pk}/"):
        phone.goto(phone.base_url + path)
        phone.locator("main h1").first.wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path
