"""E-mails about pairs, built in the recipient's language and shown in their time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from terbalik.notify.emails import Message, site_url

from .models import Meeting, Pair
from .services.common import partner_role, person_name

Build = Callable[[], Message]


def user_zone(user: Any) -> zoneinfo.ZoneInfo:
    name = getattr(getattr(user, "employee", None), "time_zone", "") or "Asia/Jakarta"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Asia/Jakarta")


def when(value: dt.datetime, user: Any) -> str:
    tz = user_zone(user)
    local = value.astimezone(tz)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({tz.key})"


def workspace_link(pair: Pair) -> str:
    return site_url() + reverse("pairs:workspace", args=[pair.pk])


def _hello(user: Any) -> str:
    return _("Hello %(name)s,") % {"name": user.full_name or user.email}


def meeting_message(meeting: Meeting, role: str, user: Any, kind: str) -> Build:
    pair = meeting.pair
    partner = person_name(pair, partner_role(role))
    link = site_url() + reverse("pairs:workspace", args=[pair.pk])

    def build() -> Message:
        args = {"partner": partner, "when": when(meeting.starts_at, user)}
        subject, body = {
            "new": (_("Meeting with %(partner)s: %(when)s"),
                    _("A mentoring meeting with %(partner)s is planned for %(when)s. "
                      "The calendar invitation is attached.")),
            "update": (_("Meeting moved: %(partner)s, %(when)s"),
                       _("Your meeting with %(partner)s moved to %(when)s. "
                         "The attached update replaces the earlier invitation.")),
            "cancel": (_("Meeting cancelled: %(partner)s, %(when)s"),
                       _("The meeting with %(partner)s on %(when)s is cancelled. "
                         "The attachment removes it from your calendar.")),
        }[kind]
        paragraphs = [_hello(user), body % args]
        if meeting.location and kind != "cancel":
            paragraphs.append(_("Place or link: %(place)s") % {"place": meeting.location})
        return Message(subject=subject % args, paragraphs=paragraphs, link=link,
                       link_label=_("Open your pair workspace"))

    return build


def reminder(meeting: Meeting, role: str, user: Any) -> Build:
    pair = meeting.pair
    partner = person_name(pair, partner_role(role))

    def build() -> Message:
        args = {"partner": partner, "when": when(meeting.starts_at, user)}
        return Message(
            subject=_("Tomorrow: meeting with %(partner)s") % args,
            paragraphs=[_hello(user), _("Reminder: you meet %(partner)s at %(when)s.") % args]
            + ([_("Place or link: %(place)s") % {"place": meeting.location}]
               if meeting.location else []),
            link=workspace_link(pair), link_label=_("Open your pair workspace"),
        )

    return build


def checkin_request(meeting: Meeting, role: str, user: Any) -> Build:
    pair = meeting.pair
    partner = person_name(pair, partner_role(role))
    link = site_url() + reverse("pairs:checkin", args=[pair.pk, meeting.pk])

    def build() -> Message:
        args = {"partner": partner, "when": when(meeting.starts_at, user)}
        return Message(
            subject=_("Did your meeting with %(partner)s take place?") % args,
            paragraphs=[
                _hello(user),
                _("Please tell us whether your meeting with %(partner)s on %(when)s took place, "
                  "and rate it. It takes under a minute.") % args,
            ],
            link=link, link_label=_("Confirm the meeting"),
        )

    return build


def touchpoint(pair: Pair, role: str, user: Any, note: str) -> Build:
    partner = person_name(pair, partner_role(role))

    def build() -> Message:
        paragraphs = [
            _hello(user),
            _("As agreed, this is the moment for a short message to %(partner)s between your "
              "meetings: what did you try, what is next?") % {"partner": partner},
        ]
        if note:
            paragraphs.append(_("Your agreement says: %(note)s") % {"note": note})
        return Message(subject=_("Touchpoint: a short note to %(partner)s") % {"partner": partner},
                       paragraphs=paragraphs, link=workspace_link(pair),
                       link_label=_("Open your pair workspace"))

    return build


def nudge_no_meeting(pair: Pair, role: str, user: Any, days: int) -> Build:
    partner = person_name(pair, partner_role(role))

    def build() -> Message:
        args = {"partner": partner, "days": days}
        return Message(
            subject=_("Time to meet %(partner)s again") % args,
            paragraphs=[
                _hello(user),
                _("You and %(partner)s have not held a meeting for %(days)d days, twice as long "
                  "as you agreed. Plan the next one now.") % args,
            ],
            link=workspace_link(pair), link_label=_("Schedule a meeting"),
        )

    return build


def nudge_goal(pair: Pair, user: Any, goal_title: str) -> Build:
    def build() -> Message:
        return Message(
            subject=_("A goal has not moved for three weeks"),
            paragraphs=[
                _hello(user),
                _("The progress of your goal “%(goal)s” has not been updated for three weeks. "
                  "Record where you stand, or adjust the goal together.") % {"goal": goal_title},
            ],
            link=workspace_link(pair), link_label=_("Update the goal"),
        )

    return build


def announcement(pair: Pair, role: str, user: Any, kickoff_at: dt.datetime, place: str) -> Build:
    partner = person_name(pair, partner_role(role))
    program = pair.program.name

    def build() -> Message:
        args = {"program": program, "partner": partner, "when": when(kickoff_at, user)}
        paragraphs = [
            _hello(user),
            _("The reverse mentoring program %(program)s starts. Your partner is %(partner)s. "
              "The kickoff is on %(when)s.") % args,
        ]
        if place:
            paragraphs.append(_("Place or link: %(place)s") % {"place": place})
        paragraphs.append(
            _("Before your first meeting, complete the short communication-skills module "
              "(about 15 minutes) and agree with your partner how you will work together.")
        )
        return Message(subject=_("Kickoff: %(program)s") % args, paragraphs=paragraphs,
                       link=workspace_link(pair), link_label=_("Open your pair workspace"))

    return build


def program_kickoff(program: Any, kickoff_at: dt.datetime, place: str) -> Build:
    """The kickoff as posted to the program's chat channels (no one's names or pairs)."""
    name = program.name

    def build() -> Message:
        args = {"program": name, "when": when(kickoff_at, None)}
        paragraphs = [_("The reverse mentoring program %(program)s starts: the pairs are "
                        "published and the kickoff is on %(when)s.") % args]
        if place:
            paragraphs.append(_("Place or link: %(place)s") % {"place": place})
        return Message(subject=_("Kickoff: %(program)s") % args, paragraphs=paragraphs,
                       link=site_url() + reverse("pairs:mine"),
                       link_label=_("Open your pair workspace"))

    return build


def term_ending(pair: Pair, user: Any, ends_on: dt.date) -> Build:
    def build() -> Message:
        args = {"date": formats.date_format(ends_on, "DATE_FORMAT")}
        return Message(
            subject=_("Your mentoring term ends on %(date)s") % args,
            paragraphs=[
                _hello(user),
                _("Your mentoring term ends on %(date)s. If you both want to go on for another "
                  "term, say so in the workspace; otherwise the pair completes then.") % args,
            ],
            link=workspace_link(pair), link_label=_("Decide in the workspace"),
        )

    return build


def pair_completed(pair: Pair, user: Any) -> Build:
    def build() -> Message:
        return Message(
            subject=_("Your mentoring pair is complete: %(program)s")
            % {"program": pair.program.name},
            paragraphs=[
                _hello(user),
                _("Your mentoring term has ended. Thank you! Mark the goals you achieved in the "
                  "workspace, and please answer the short closing survey we sent you."),
            ],
            link=workspace_link(pair), link_label=_("Open your pair workspace"),
        )

    return build


def nudge_default(pair: Pair, role: str, user: Any) -> str:
    """HR's starting text for a nudge, in the recipient's language (HR edits it before sending):
    names the partner and what the pair's health says, never notes or goal texts."""
    from django.utils import translation

    from terbalik.notify.emails import language_of

    from .health import REASONS

    with translation.override(language_of(user)):
        args = {"partner": person_name(pair, partner_role(role)), "program": pair.program.name}
        lines = [_("How are things going with %(partner)s in %(program)s?") % args]
        reasons = [str(REASONS[r]) for r in pair.health_reasons if r in REASONS]
        if reasons:
            lines.append(_("What we noticed: %(reasons)s.")
                         % {"reasons": "; ".join(r[:1].lower() + r[1:] for r in reasons)})
        lines.append(_("Could you plan your next meeting this week? If something stands in the "
                       "way, reply to me and we will find a solution together."))
        return "\n\n".join(lines)


def hr_nudge(pair: Pair, user: Any, body: str) -> Build:
    """HR's message (its own words, as written) framed in the recipient's language."""

    def build() -> Message:
        return Message(
            subject=_("A message from HR about your mentoring pair"),
            paragraphs=[_hello(user), *[p for p in body.split("\n\n") if p.strip()]],
            link=workspace_link(pair), link_label=_("Open your pair workspace"),
        )

    return build
