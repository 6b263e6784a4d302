"""The feedback page: session ratings over time, every comment grouped by pair and by keyword
theme, searchable and filterable, with an export.

Sources: the comments and ratings pairs give when they confirm a meeting (check-ins), and the
text answers of the end-of-program evaluation (`feedback._is_evaluation`).

Privacy (`core.privacy`, the README's *Who sees what*): HR of the program (`people=True`) see
every comment of their programs except answers to questions marked confidential (those are
only counted) — private notes of pairs are never read here. Sponsors (`people=False`) see
aggregates only: totals per rating and per theme, each shown only when at least
`MIN_GROUP_SIZE` pairs gave feedback and the count itself is at least `MIN_GROUP_SIZE` — and a
theme only when at least `MIN_GROUP_SIZE` distinct pairs wrote in it; no text, no pair, no
export.

A fixed number of queries whatever the number of pairs, meetings or comments: pairs (1),
sendings (1), check-in comments (1), evaluation texts (1) and ratings (1), confidential count
(1), ratings per week (1). Themes and search run over the filtered comments in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.utils import timezone

from terbalik.core.privacy import group_is_reportable
from terbalik.pairs.models import CheckIn, Pair
from terbalik.programs.models import Program
from terbalik.surveys.models import TEXT_TYPES, Answer, Response, SurveyInstance

from . import themes
from .feedback import _is_evaluation
from .metrics import week_labels, week_of

PER_PAGE = 25
MEETINGS = "meetings"
RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Filters:
    pair: int | None = None
    rating: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    source: str = ""  # "" all, "meetings", or "sending-<id>" (an evaluation sending)
    q: str = ""
    theme: str = ""
    group: str = "pair"  # or "theme"


@dataclass
class Entry:
    when: dt.datetime
    source: str  # "meetings" or "sending-<id>"
    source_label: str
    pair_id: int | None
    pair_label: str
    role: str  # "mentor" / "mentee" / ""
    rating: int | None
    text: str
    question: str = ""
    keys: tuple[str, ...] = ()  # its themes (`themes.keys_of`)
    group: str = ""  # heading of the group the entry is listed under

    @property
    def theme_labels(self) -> list[tuple[str, list[str]]]:
        """Each theme with the keywords that put the comment there (for the page)."""
        return [(themes.label(k), words) for k, words in themes.match(self.text).items()]


@dataclass
class ThemeCount:
    key: str
    label: str
    keywords: tuple[str, ...]
    n: int | None  # None: hidden (sponsor view, small group)


@dataclass
class PairCount:
    pair_id: int
    label: str
    comments: int
    mean_rating: float | None


@dataclass
class FeedbackPage:
    people: bool
    entries: list[Entry] = field(default_factory=list)
    page: Page | None = None
    theme_counts: list[ThemeCount] = field(default_factory=list)
    pair_counts: list[PairCount] = field(default_factory=list)
    rating_totals: list[tuple[int, int | None]] = field(default_factory=list)
    weeks: list[dict[str, Any]] = field(default_factory=list)
    confidential: int = 0
    suppressed: bool = False

    @property
    def chart(self) -> dict[str, Any]:
        return {"labels": week_labels(self.weeks),
                "series": [{"rating": r, "data": [w["counts"].get(r, 0) for w in self.weeks]}
                           for r in RATINGS]}


def _pair_label(mentor: str | None, mentee: str | None) -> str:
    return f"{mentor or '?'} · {mentee or '?'}"


def _day_range(filters: Filters) -> tuple[dt.datetime | None, dt.datetime | None]:
    tz = timezone.get_current_timezone()
    start = (dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
             if filters.date_from else None)
    end = (dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
           if filters.date_to else None)
    return start, end


def _checkins(program: Program, filters: Filters) -> Any:
    rows = CheckIn.objects.filter(meeting__pair__program=program)
    start, end = _day_range(filters)
    if filters.pair:
        rows = rows.filter(meeting__pair_id=filters.pair)
    if filters.rating:
        rows = rows.filter(rating=filters.rating)
    if start:
        rows = rows.filter(meeting__starts_at__gte=start)
    if end:
        rows = rows.filter(meeting__starts_at__lt=end)
    return rows


def _rating_weeks(program: Program, filters: Filters) -> list[dict[str, Any]]:
    rows = (_checkins(program, filters).filter(rating__isnull=False)
            .annotate(week=week_of("meeting__starts_at")).values("week", "rating")
            .annotate(n=Count("id")).order_by("week", "rating"))
    weeks: dict[dt.date, dict[int, int]] = {}
    for row in rows:
        value = row["week"]
        if isinstance(value, dt.datetime):
            value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        elif isinstance(value, str):
            value = dt.date.fromisoformat(value)
        weeks.setdefault(value, {})[row["rating"]] = row["n"]
    return [{"week": w, "counts": c, "row": [c.get(r, 0) for r in RATINGS],
             "total": sum(c.values())} for w, c in sorted(weeks.items())]


def _evaluation_entries(instances: list[SurveyInstance], filters: Filters,
                        pair_of: dict[int, tuple[int, str]]) -> tuple[list[Entry], int]:
    if not instances or (filters.source and filters.source == MEETINGS):
        return [], 0
    if filters.source:
        instances = [i for i in instances if f"sending-{i.pk}" == filters.source]
    texts = Answer.objects.filter(
        response__instance__in=instances, response__status=Response.Status.SUBMITTED,
        question__type__in=TEXT_TYPES)
    confidential = texts.filter(question__confidential=True).exclude(value="").count()
    start, end = _day_range(filters)
    shown = texts.filter(question__confidential=False)
    if start:
        shown = shown.filter(response__submitted_at__gte=start)
    if end:
        shown = shown.filter(response__submitted_at__lt=end)
    values = list(shown.values("response_id", "response__instance_id", "response__submitted_at",
                               "response__user__employee_id", "question__text", "value")
                  .order_by("response__submitted_at", "id"))
    overall = dict(Answer.objects.filter(
        response_id__in={v["response_id"] for v in values}, question__key="overall",
    ).values_list("response_id", "value"))
    titles = {i.pk: i.title for i in instances}
    from django.utils.translation import get_language

    language = (get_language() or "id")[:2]
    entries = []
    for v in values:
        text = str(v["value"] or "").strip()
        if not text:
            continue
        pair_id, pair_label = pair_of.get(v["response__user__employee_id"], (None, ""))
        rating = overall.get(v["response_id"])
        rating = rating if isinstance(rating, int) else None
        if filters.pair and pair_id != filters.pair:
            continue
        if filters.rating and rating != filters.rating:
            continue
        question = v["question__text"] or {}
        entries.append(Entry(
            when=v["response__submitted_at"], source=f"sending-{v['response__instance_id']}",
            source_label=titles[v["response__instance_id"]], pair_id=pair_id,
            pair_label=pair_label, role="", rating=rating, text=text,
            question=str(question.get(language) or next(iter(question.values()), "")),
        ))
    return entries, confidential


@dataclass
class Scope:
    """What the filters can choose from: the program's pairs and its evaluation sendings."""

    program: Program
    labels: dict[int, str]
    pair_of: dict[int, tuple[int, str]]  # employee id -> (pair id, pair label)
    instances: list[SurveyInstance]

    @property
    def pairs(self) -> list[tuple[int, str]]:
        return sorted(self.labels.items(), key=lambda kv: kv[1].lower())

    @property
    def sources(self) -> list[tuple[str, str]]:
        from django.utils.translation import gettext as _

        return [(MEETINGS, _("Meetings (check-ins)"))] + [
            (f"sending-{i.pk}", i.title) for i in self.instances]

    @property
    def themes(self) -> list[tuple[str, str]]:
        return [(t.key, str(t.label)) for t in themes.THEMES] + [
            (themes.OTHER, themes.label(themes.OTHER))]


def feedback_scope(program: Program) -> Scope:
    """The program's pairs and evaluation sendings (2 queries)."""
    pair_rows = list(Pair.objects.filter(program=program).values(
        "pk", "mentor__employee_id", "mentee__employee_id", "mentor__employee__full_name",
        "mentee__employee__full_name").order_by("pk"))
    labels = {p["pk"]: _pair_label(p["mentor__employee__full_name"],
                                   p["mentee__employee__full_name"]) for p in pair_rows}
    pair_of: dict[int, tuple[int, str]] = {}
    for p in pair_rows:
        for key in ("mentor__employee_id", "mentee__employee_id"):
            pair_of.setdefault(p[key], (p["pk"], labels[p["pk"]]))
    instances = [i for i in SurveyInstance.objects.filter(program_id=program.pk)
                 .select_related("version__survey__copied_from").order_by("opens_at", "id")
                 if _is_evaluation(i)]
    return Scope(program, labels, pair_of, instances)


def feedback_page(*, scope: Scope, people: bool, filters: Filters,
                  page_number: str | int | None = 1, paginate: bool = True) -> FeedbackPage:
    from django.utils.translation import gettext as _

    program, labels, pair_of, instances = (scope.program, scope.labels, scope.pair_of,
                                           scope.instances)
    result = FeedbackPage(people=people)
    if not people:
        filters = Filters()  # sponsors get the program's totals only

    entries: list[Entry] = []
    if filters.source in ("", MEETINGS):
        rows = (_checkins(program, filters).exclude(comment="")
                .values("meeting__pair_id", "meeting__starts_at", "role", "rating", "comment")
                .order_by("meeting__starts_at", "id"))
        meetings_label = _("Meeting")
        entries = [Entry(when=r["meeting__starts_at"], source=MEETINGS,
                         source_label=meetings_label, pair_id=r["meeting__pair_id"],
                         pair_label=labels.get(r["meeting__pair_id"], ""), role=r["role"],
                         rating=r["rating"], text=r["comment"].strip())
                   for r in rows if r["comment"].strip()]
        result.weeks = _rating_weeks(program, filters) if people else []
    more, result.confidential = _evaluation_entries(instances, filters, pair_of)
    entries += more
    needle = filters.q.strip().casefold()
    if needle:
        entries = [e for e in entries if needle in e.text.casefold()]
    for entry in entries:
        entry.keys = themes.keys_of(entry.text) or (themes.OTHER,)
    counts = Counter(k for e in entries for k in e.keys)
    theme_pairs = Counter(k for k, _pid in {(k, e.pair_id) for e in entries for k in e.keys
                                            if e.pair_id is not None})
    if filters.theme:
        entries = [e for e in entries if filters.theme in e.keys]

    rated = _checkins(program, filters).filter(rating__isnull=False).aggregate(
        pairs=Count("meeting__pair", distinct=True),
        **{f"r{r}": Count("id", filter=Q(rating=r)) for r in RATINGS})
    commenting_pairs = len({e.pair_id for e in entries if e.pair_id is not None})
    ratings_shown = people or group_is_reportable(rated["pairs"])
    themes_shown = people or group_is_reportable(commenting_pairs)
    result.suppressed = not (ratings_shown or themes_shown)

    def visible(n: int, shown: bool) -> int | None:
        """A count as the reader may see it: sponsors only from 5 pairs, and only ≥ 5."""
        if people:
            return n
        if not shown or (n and not group_is_reportable(n)):
            return None
        return n

    result.rating_totals = [(r, visible(rated[f"r{r}"], ratings_shown)) for r in RATINGS]
    def theme_visible(key: str) -> int | None:
        """A theme's comment count; for sponsors only when `MIN_GROUP_SIZE` distinct pairs
        wrote in it (five comments can come from one pair)."""
        shown = themes_shown and (people or group_is_reportable(theme_pairs[key]))
        return visible(counts[key], shown)

    result.theme_counts = [ThemeCount(t.key, str(t.label), t.keywords, theme_visible(t.key))
                           for t in themes.THEMES]
    result.theme_counts.append(ThemeCount(themes.OTHER, themes.label(themes.OTHER), (),
                                          theme_visible(themes.OTHER)))
    if not people:
        return result

    by_pair: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.pair_id is not None:
            by_pair.setdefault(entry.pair_id, []).append(entry)
    result.pair_counts = sorted(
        (PairCount(pid, labels.get(pid, ""), len(items),
                   _mean([e.rating for e in items if e.rating is not None]))
         for pid, items in by_pair.items()), key=lambda c: (-c.comments, c.label.lower()))
    no_pair = _("Not in a pair")
    if filters.group == "theme":
        for entry in entries:
            entry.group = themes.label(entry.keys[0])
        rank = {themes.label(t.key): i for i, t in enumerate(themes.THEMES)}
        entries.sort(key=lambda e: (rank.get(e.group, len(rank)), -e.when.timestamp()))
    else:
        for entry in entries:
            entry.group = entry.pair_label or no_pair
        entries.sort(key=lambda e: (e.pair_id is None, e.group.lower(), -e.when.timestamp()))
    result.entries = entries
    if paginate:
        result.page = Paginator(entries, PER_PAGE).get_page(page_number)
    return result


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def export_rows(page: FeedbackPage) -> tuple[list[str], list[list[Any]]]:
    """The filtered comments as spreadsheet rows (HR only; dates as local wall time)."""
    from django.utils.translation import gettext as _

    headers = [_("Date"), _("Source"), _("Pair"), _("Role"), _("Rating"), _("Themes"),
               _("Question"), _("Comment")]
    roles = {"mentor": _("Mentor"), "mentee": _("Mentee")}
    rows = [[timezone.localtime(e.when).replace(tzinfo=None), e.source_label, e.pair_label,
             roles.get(e.role, ""), e.rating, ", ".join(themes.label(k) for k in e.keys),
             e.question, e.text] for e in page.entries]
    return headers, rows
