"""Reads of the skills taxonomy: the normalisation index, labels, choices, the HR list.

The taxonomy is read on every intake form, snapshot, import and pair page: the skill rows
(about 150) and the normalisation index built from them are kept per process, and one small
query per web request (how many rows, the highest id, the taxonomy's version counter, which
every write service moves in commit order) tells whether they changed, so an edit in another
process shows at the next request. Reading the rows at every
request cost the pair page about 2 ms of CPU (bench/bench_request_cost.py); they are read
again only when that fingerprint moves.
A database whose table is empty
(a fresh test database after a flush) or unreachable (`terbalik match` without a database)
uses the shipped seed instead, so mapping never depends on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import get_language

from terbalik.core.privacy import group_is_reportable

from .models import SKILL_CATEGORIES, Category, Skill, TaxonomyVersion
from .normalise import SkillIndex, fold
from .seed_data import SEED

#: intake keys that hold skills or interests
INTAKE_KEYS = ("skills_wanted", "skills_offered", "interests")


@dataclass(frozen=True)
class Entry:
    slug: str
    category: str
    label_id: str
    label_en: str
    terms: tuple[str, ...]
    active: bool
    merged_into: str | None

    def label(self, language: str | None = None) -> str:
        lang = (language or get_language() or "id")[:2]
        return self.label_en if lang == "en" else self.label_id


@dataclass(frozen=True)
class Taxonomy:
    entries: dict[str, Entry]
    index: SkillIndex

    def label(self, slug: str, language: str | None = None) -> str:
        """The label of an id in the language; free text (answers stored before the taxonomy)
        by the label of the skill it maps to, or as it is."""
        entry = self.entries.get(slug)
        if entry is None:
            entry = self.entries.get(self.index.lookup(slug) or "")
        return entry.label(language) if entry is not None else slug

    def labels(self, values: Iterable[str], language: str | None = None) -> list[str]:
        return [self.label(v, language) for v in values]

    def choices(self, *, categories: Iterable[str], language: str | None = None,
                keep: Iterable[str] = ()) -> list[tuple[str, list[tuple[str, str]]]]:
        """Active skills of these categories grouped by category, sorted by label; ids in
        `keep` (already chosen) are offered even when deactivated since."""
        wanted = set(categories)
        kept = set(keep)
        groups: dict[str, list[tuple[str, str]]] = {}
        for entry in self.entries.values():
            if entry.category in wanted and (entry.active or entry.slug in kept):
                groups.setdefault(entry.category, []).append(
                    (entry.slug, entry.label(language)))
        names = dict(Category.choices)
        return [
            (str(names[c]), sorted(groups[c], key=lambda item: fold(item[1])))
            for c in Category.values if c in groups
        ]


def _from_seed() -> Taxonomy:
    entries = {
        s.slug: Entry(s.slug, s.category, s.label_id, s.label_en,
                      (s.label_id, s.label_en, *s.synonyms_id, *s.synonyms_en), True, None)
        for s in SEED
    }
    return Taxonomy(entries, SkillIndex({e.slug: e.terms for e in entries.values()}))


def _from_rows(rows: list[dict[str, Any]]) -> Taxonomy:
    by_pk = {r["pk"]: r["slug"] for r in rows}
    entries = {
        r["slug"]: Entry(
            r["slug"], r["category"], r["label_id"], r["label_en"],
            (r["label_id"], r["label_en"], *r["synonyms_id"], *r["synonyms_en"]),
            r["active"], by_pk.get(r["merged_into"]),
        )
        for r in rows
    }
    redirects: dict[str, str] = {}
    for entry in entries.values():
        target = entry.merged_into
        seen = {entry.slug}
        while target is not None and entries[target].merged_into and target not in seen:
            seen.add(target)
            target = entries[target].merged_into
        if target is not None:
            redirects[entry.slug] = target
    # active skills only: a deactivated skill's words are reported as not mapped; a merged
    # skill's words live on as synonyms of the skill it went into
    index = SkillIndex({e.slug: e.terms for e in entries.values() if e.active}, redirects)
    return Taxonomy(entries, index)


_cache: dict[str, Any] = {}
#: set for the length of a web request (see apps.py): the taxonomy is read once per request
_scope: ContextVar[object | None] = ContextVar("skills_taxonomy_scope", default=None)


def begin_scope(**_kwargs: Any) -> None:
    _scope.set(object())


def end_scope(**_kwargs: Any) -> None:
    _scope.set(None)


def forget() -> None:
    """Drop this process's copy (services call it after every write)."""
    _cache.clear()


_FIELDS = ("pk", "slug", "category", "label_id", "label_en", "synonyms_id", "synonyms_en",
           "active", "merged_into")


def taxonomy() -> Taxonomy:
    """The current taxonomy: one small query per web request (the first use compares the
    skill table's fingerprint with this process's copy, later uses in the same request reuse
    it) and one per call outside requests; the rows are read and the index rebuilt only when
    the fingerprint changed. Every write goes through a service, which moves the version
    counter (`updated_at` would not do: it is the saving server's clock, taken before a
    transaction that may commit after a later-stamped one), so the fingerprint follows every
    change."""
    scope = _scope.get()
    if scope is not None and _cache.get("scope") is scope and "taxonomy" in _cache:
        return _cache["taxonomy"]
    try:
        seen = fingerprint()
    except (DatabaseError, RuntimeError):  # no database, or access refused (a test without)
        seen = None
    if "taxonomy" not in _cache or _cache.get("fingerprint") != seen:
        rows = _rows() if seen else None
        built = _from_seed() if not rows else _from_rows(rows)
        _cache.update(fingerprint=seen, taxonomy=built)
    _cache["scope"] = scope
    return _cache["taxonomy"]


def fingerprint() -> tuple[int, Any, Any] | None:
    """(rows, highest id, version counter) of the taxonomy, None when it has no rows."""
    version = TaxonomyVersion.objects.order_by("pk").values("n")[:1]
    found = Skill.objects.aggregate(n=Count("pk"), top=Max("pk"), version=Max(Subquery(version)))
    return (found["n"], found["top"], found["version"]) if found["n"] else None


def _rows() -> list[dict[str, Any]] | None:
    try:
        return list(Skill.objects.order_by("pk").values(*_FIELDS))
    except (DatabaseError, RuntimeError):
        return None


def skill_index() -> SkillIndex:
    return taxonomy().index


def skill_choices(*, interests: bool = False, language: str | None = None,
                  keep: Iterable[str] = ()) -> list[tuple[str, list[tuple[str, str]]]]:
    categories = (Category.INTERESTS,) if interests else SKILL_CATEGORIES
    return taxonomy().choices(categories=categories, language=language, keep=keep)


# --- HR pages ---------------------------------------------------------------------------


def skill_list(*, query: str = "", category: str = "", state: str = "") -> QuerySet[Skill]:
    """Skills for the HR list: search in both labels, the id and synonyms."""
    qs = Skill.objects.select_related("merged_into")
    text = " ".join(query.split())
    if text:
        match = (Q(label_id__icontains=text) | Q(label_en__icontains=text)
                 | Q(slug__icontains=text.replace(" ", "-")))
        found = skill_index().lookup(text)
        if found:
            match |= Q(slug=found)
        qs = qs.filter(match)
    if category in Category.values:
        qs = qs.filter(category=category)
    if state == "active":
        qs = qs.filter(active=True)
    elif state == "inactive":
        qs = qs.filter(active=False)
    return qs.order_by("category", "label_en", "slug")


@dataclass(frozen=True)
class Usage:
    people: Counter[str]  # id -> people naming it (intake, directory import, survey answer)
    unmapped: Counter[str]  # term no skill answers to -> people who typed it


def _skill_values(programs: QuerySet[Any] | None) -> Iterable[tuple[object, Any, bool]]:
    """(person, a list of skill values, shown to the viewer) from every place skills are
    named: enrollment intakes, the directory's skills (the import), answers to survey skills
    questions; three queries. A person is their employee record (a survey respondent without
    one: their account). Shown: all with no `programs`, else the intakes of those programs,
    the directory entries of people enrolled in them, the answers to their surveys."""
    from terbalik.people.models import Employee
    from terbalik.programs.models import Enrollment
    from terbalik.surveys.models import Answer, QuestionType

    def shown(program_field: str) -> Any:
        if programs is None:
            return Value(True)
        return Exists(programs.filter(pk=OuterRef(program_field)))

    intakes = Enrollment.objects.annotate(shown=shown("program_id")).values_list(
        "employee_id", "intake", "shown")
    for employee_id, intake, visible in intakes.iterator(chunk_size=2000):
        for key in INTAKE_KEYS:
            yield employee_id, (intake or {}).get(key), visible
    if programs is None:
        enrolled: Any = Value(True)
    else:
        enrolled = Exists(Enrollment.objects.filter(employee=OuterRef("pk"),
                                                    program__in=programs))
    directory = (Employee.objects.exclude(skills_offered=[], skills_wanted=[])
                 .annotate(shown=enrolled)
                 .values_list("pk", "skills_offered", "skills_wanted", "shown"))
    for pk, offered, wanted, visible in directory.iterator(chunk_size=2000):
        yield pk, offered, visible
        yield pk, wanted, visible
    answers = (Answer.objects.filter(question__type=QuestionType.SKILLS)
               .annotate(shown=shown("response__instance__program_id"))
               .values_list("response__user__employee_id", "response__user_id", "value",
                            "shown"))
    for employee_id, user_id, value, visible in answers.iterator(chunk_size=2000):
        yield (employee_id if employee_id is not None else f"user-{user_id}"), value, visible


def intake_usage(*, programs: QuerySet[Any] | None = None) -> Usage:
    """One pass over every place skills are named (three queries: see _skill_values).

    Skill counts are company-wide (the taxonomy is). The terms no skill answers to are what
    people typed: with `programs` (those the viewer manages), only the people of those
    programs count, and a term typed by fewer than MIN_GROUP_SIZE people is left out (small
    groups make individuals recognisable)."""
    known = taxonomy().entries
    people: dict[str, set[object]] = {}
    typed: dict[str, set[object]] = {}
    for person, items, shown in _skill_values(programs):
        for value in items if isinstance(items, list) else []:
            value = str(value)
            if value in known:
                people.setdefault(value, set()).add(person)
            elif shown:
                typed.setdefault(value, set()).add(person)
    return Usage(
        Counter({v: len(ids) for v, ids in people.items()}),
        Counter({v: len(ids) for v, ids in typed.items() if group_is_reportable(len(ids))}),
    )


def people_per_skill() -> Counter[str]:
    return intake_usage().people


def merge_targets(skill: Skill) -> QuerySet[Skill]:
    return Skill.objects.filter(active=True).exclude(pk=skill.pk).order_by("label_en")


def merges_of(skill: Skill) -> QuerySet[Any]:
    return skill.merges_in.select_related("source", "by").order_by("-at")
