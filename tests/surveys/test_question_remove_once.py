"""Issue 16.1: the "Remove" link of the question list posts through HTMX outside a form; it
carries its one-time token in `hx-vals`, so a double tap removes once and answers the same."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from terbalik.core.models import AuditEntry
from terbalik.surveys import services

from .conftest import T, likert

pytestmark = pytest.mark.django_db


def test_the_remove_link_carries_a_token_and_a_double_tap_removes_once(
    client, hr_user, make_survey
):
    survey = make_survey([likert(T("Satu", "One")), likert(T("Dua", "Two"))])
    one, two = services.survey_current_version(survey).questions.order_by("position")
    client.force_login(hr_user)
    page = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    url = reverse("surveys:question_remove", args=[survey.pk, two.pk])
    link = re.search(rf'<a [^>]*hx-post="{re.escape(url)}"[^>]*>', page)
    assert link, "the remove link posts through HTMX"
    vals = re.search(r"hx-vals='([^']+)'", link.group(0))
    assert vals, "the remove link carries hx-vals"
    token = json.loads(html.unescape(vals.group(1)))["form_once"]
    assert len(token) >= 16

    first = client.post(url, {"form_once": token}, HTTP_HX_REQUEST="true")
    again = client.post(url, {"form_once": token}, HTTP_HX_REQUEST="true")  # the double tap
    assert first.status_code == again.status_code == 200
    assert again.content == first.content  # the stored answer, the view did not run again
    assert [q.pk for q in services.survey_current_version(survey).questions.all()] == [one.pk]
    assert AuditEntry.objects.filter(action="survey.question_remove").count() == 1
