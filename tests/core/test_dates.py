"""|day_and_time gives what |date:"D j M Y, H:i" gives (core/templatetags/dates.py)."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.template import Context, engines
from django.utils import timezone, translation

OURS = engines["django"].from_string("{% load dates %}{{ value|day_and_time }}")
DJANGOS = engines["django"].from_string('{{ value|date:"D j M Y, H:i" }}')

# every weekday and month, single- and two-digit days, hours and minutes, years before 1000
UTC = datetime.UTC
MOMENTS = [datetime.datetime(2026, month, day, hour, minute, tzinfo=UTC)
           for month in range(1, 13) for day, hour, minute in ((1, 0, 5), (17, 23, 59))]
MOMENTS += [datetime.datetime(2026, 3, day, 9, 30, tzinfo=UTC) for day in range(2, 9)]
MOMENTS += [datetime.datetime(999, 12, 31, 22, 0, tzinfo=UTC),
            datetime.datetime(2026, 12, 31, 20, 0)]  # noqa: DTZ001  (naive on purpose)
OTHERS = [None, "", "not a date", 5]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES] + [None])
@pytest.mark.parametrize("zone", ["UTC", "Asia/Jakarta", "Asia/Jayapura", "America/Caracas"])
def test_same_text_as_date_filter(language, zone):
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        for value in MOMENTS + OTHERS:
            context = Context({"value": value})
            assert OURS.template.render(context) == DJANGOS.template.render(context), value


def test_names_are_the_active_languages():
    value = datetime.datetime(2026, 8, 17, 10, 0, tzinfo=UTC)
    with timezone.override(UTC):
        with translation.override("en"):
            english = OURS.render({"value": value})
        with translation.override("id"):
            indonesian = OURS.render({"value": value})
    assert english == "Mon 17 Aug 2026, 10:00"
    assert indonesian != english
    with timezone.override(UTC), translation.override("id"):
        assert indonesian == DJANGOS.render({"value": value})


def test_a_date_fails_as_with_date_filter():
    for template in (OURS, DJANGOS):
        with pytest.raises(TypeError, match="time-related"):
            template.render({"value": datetime.date(2026, 2, 3)})
