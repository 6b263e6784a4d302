"""Every write to the skills taxonomy: edit, deactivate, merge, (re)install the seed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terbalik.core import audit
from terbalik.core.service_errors import ServiceError

from .models import Category, Skill, SkillMerge, TaxonomyVersion
from .normalise import SkillIndex, fold, split_terms, term_key
from .seed_data import SEED
from .selectors import INTAKE_KEYS, forget, taxonomy

SKILL_REFUSED = "skill_refused"
MERGE_REFUSED = "skill_merge_refused"
MAX_SYNONYMS = 60


def _bump_version() -> None:
    """Move the taxonomy's version counter; first in every write service. The UPDATE locks
    the row until commit, so writers queue here and the counter follows the commit order
    (what the per-process cache's fingerprint compares: selectors.fingerprint)."""
    if not TaxonomyVersion.objects.filter(pk=1).update(n=F("n") + 1):
        TaxonomyVersion.objects.get_or_create(pk=1, defaults={"n": 1})


def _clean_terms(value: str | list[str]) -> list[str]:
    out: list[str] = []
    keys: set[str] = set()
    for term in split_terms(value):
        key = term_key(term)
        if key and key not in keys:
            keys.add(key)
            out.append(term)
    return out


def _clashes(skill: Skill, terms: list[str]) -> dict[str, str]:
    """term -> the other active skill that already answers to it."""
    others = {
        s.slug: s.terms()
        for s in Skill.objects.filter(active=True).exclude(pk=skill.pk)
    }
    index = SkillIndex(others)
    return {t: found for t in terms if (found := index.lookup(t)) is not None}


@transaction.atomic
def skill_update(
    *, skill: Skill, by: Any, label_id: str, label_en: str, synonyms_id: str | list[str],
    synonyms_en: str | list[str], category: str, active: bool,
) -> Skill:
    """Change labels, synonyms, category or the active flag. A label or synonym that another
    active skill already answers to is refused (free text must map to one skill only)."""
    _bump_version()
    skill = Skill.objects.select_for_update().get(pk=skill.pk)
    label_id, label_en = " ".join(label_id.split()), " ".join(label_en.split())
    syn_id, syn_en = _clean_terms(synonyms_id), _clean_terms(synonyms_en)
    errors = _skill_errors(skill, label_id=label_id, label_en=label_en, syn_id=syn_id,
                           syn_en=syn_en, category=category, active=active)
    if errors:
        raise ServiceError(errors, code=SKILL_REFUSED)
    before = {"label_id": skill.label_id, "label_en": skill.label_en,
              "category": skill.category, "active": skill.active}
    skill.label_id, skill.label_en, skill.category, skill.active = (
        label_id, label_en, category, active)
    skill.synonyms_id, skill.synonyms_en = syn_id, syn_en
    skill.save()
    forget()
    transaction.on_commit(forget)
    mapped = _map_typed_terms()
    audit.record(action="skill.update", actor=by, target=skill,
                 details={"before": before, "active": active, "answers_mapped": mapped})
    return skill


def _skill_errors(skill: Skill, *, label_id: str, label_en: str, syn_id: list[str],
                  syn_en: list[str], category: str, active: bool) -> dict[str, list[str]]:
    """What is wrong with these labels, synonyms and category for `skill` (a new one: not
    saved yet); a term another active skill answers to is refused (the normaliser's key)."""
    errors: dict[str, list[str]] = {}
    if not fold(label_id):
        errors["label_id"] = [_("Enter the Indonesian label.")]
    if not fold(label_en):
        errors["label_en"] = [_("Enter the English label.")]
    if category not in Category.values:
        errors["category"] = [_("Choose a category from the list.")]
    if skill.merged_into_id and active:
        errors["active"] = [_("A merged skill cannot be activated again.")]
    if len(syn_id) > MAX_SYNONYMS or len(syn_en) > MAX_SYNONYMS:
        errors["synonyms_id"] = [_("Keep each list under %(count)d synonyms.")
                                 % {"count": MAX_SYNONYMS}]
    if active:
        for name, terms in (("label_id", [label_id]), ("label_en", [label_en]),
                            ("synonyms_id", syn_id), ("synonyms_en", syn_en)):
            clashes = _clashes(skill, terms)
            if clashes:
                errors.setdefault(name, []).extend(
                    _("“%(term)s” already names the skill “%(other)s”.")
                    % {"term": term, "other": other} for term, other in clashes.items()
                )
    return errors


#: path segments of the skills pages that a new skill's id must not take
RESERVED_SLUGS = frozenset({"add"})


def _free_slug(label_en: str) -> str:
    """An unused canonical id from the English label ("Power BI" -> "power-bi", "-2" ...)."""
    base = slugify(fold(label_en))[:50].strip("-") or "skill"
    taken = set(Skill.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken or slug in RESERVED_SLUGS:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def skill_create(
    *, by: Any, label_id: str, label_en: str, synonyms_id: str | list[str],
    synonyms_en: str | list[str], category: str,
) -> Skill:
    """Add an active skill to the taxonomy. Its labels and synonyms are refused when another
    active skill already answers to one of them (the normaliser decides what is the same:
    case, accents, spacing); answers typed before that now name it are mapped to it."""
    _bump_version()
    label_id, label_en = " ".join(label_id.split()), " ".join(label_en.split())
    syn_id, syn_en = _clean_terms(synonyms_id), _clean_terms(synonyms_en)
    # serialise adding skills: two HR managers adding "Power BI" at once get one skill
    list(Skill.objects.select_for_update().filter(active=True).values_list("pk", flat=True))
    errors = _skill_errors(Skill(), label_id=label_id, label_en=label_en, syn_id=syn_id,
                           syn_en=syn_en, category=category, active=True)
    resting = SkillIndex({s.slug: s.terms()
                          for s in Skill.objects.filter(active=False, merged_into=None)})
    for name, term in (("label_id", label_id), ("label_en", label_en)):
        if name not in errors and (other := resting.lookup(term)) is not None:
            errors[name] = [_("“%(term)s” already names the inactive skill “%(other)s”: "
                              "activate that one instead.") % {"term": term, "other": other}]
    if errors:
        raise ServiceError(errors, code=SKILL_REFUSED)
    skill = Skill.objects.create(
        slug=_free_slug(label_en), label_id=label_id, label_en=label_en, category=category,
        synonyms_id=syn_id, synonyms_en=syn_en, active=True)
    forget()
    transaction.on_commit(forget)
    mapped = _map_typed_terms()
    audit.record(action="skill.create", actor=by, target=skill,
                 details={"answers_mapped": mapped})
    return skill


def rewrite_list(values: Any, replace: Callable[[str], str]) -> list[str] | None:
    """A list of skill values passed through `replace` (duplicates dropped, order kept); None
    when nothing changes or `values` is not a list."""
    if not isinstance(values, list):
        return None
    new: list[str] = []
    for value in values:
        value = replace(str(value))
        if value not in new:
            new.append(value)
    return new if new != values else None


def rewrite_intake(intake: dict[str, Any], replace: Callable[[str], str]
                   ) -> dict[str, Any] | None:
    """`intake` with each item of its skill lists passed through `replace` (duplicates
    dropped, order kept); None when nothing changes."""
    out = dict(intake)
    changed = False
    for key in INTAKE_KEYS:
        new = rewrite_list(out.get(key), replace)
        if new is not None:
            out[key] = new
            changed = True
    return out if changed else None


REWRITE_BATCH = 500
Rewrite = Callable[[dict[str, Any]], dict[str, Any]]


def _rewrite_rows(rows: QuerySet[Any], fields: tuple[str, ...], rewrite: Rewrite) -> int:
    """Write `rewrite(values)` (the fields that change) into each row of `rows`; how many
    changed. Called inside the caller's transaction. A first pass without locks finds the rows
    `rewrite` changes; those are then locked in batches in pk order (the order every writer
    of several rows uses), read again under the lock and written only when they still
    change, so a value erased or edited meanwhile is never written back."""
    model = rows.model
    candidates = [
        pk for pk, *values in rows.order_by("pk").values_list("pk", *fields)
        .iterator(chunk_size=2000)
        if rewrite(dict(zip(fields, values, strict=True)))
    ]
    changed = 0
    for start in range(0, len(candidates), REWRITE_BATCH):
        batch = candidates[start:start + REWRITE_BATCH]
        fresh = []
        for row in (model.objects.select_for_update().filter(pk__in=batch)
                    .order_by("pk").only("pk", *fields)):
            new = rewrite({f: getattr(row, f) for f in fields})
            if new:
                for name, value in new.items():
                    setattr(row, name, value)
                fresh.append(row)
        model.objects.bulk_update(fresh, fields)
        changed += len(fresh)
    return changed


def _rewrite_references(replace: Callable[[str], str]) -> int:
    """Rewrite every place a skill is named through `replace`: enrollments' intake answers,
    the directory's skills (the import) and answers to survey skills questions, in that
    order; how many rows changed."""
    from terbalik.people.models import Employee
    from terbalik.programs.models import Enrollment
    from terbalik.surveys.models import Answer, QuestionType

    def intake(row: dict[str, Any]) -> dict[str, Any]:
        new = rewrite_intake(row["intake"] or {}, replace)
        return {} if new is None else {"intake": new}

    def lists(row: dict[str, Any]) -> dict[str, Any]:
        return {name: new for name, values in row.items()
                if (new := rewrite_list(values, replace)) is not None}

    return (
        _rewrite_rows(Enrollment.objects.all(), ("intake",), intake)
        + _rewrite_rows(Employee.objects.all(), ("skills_offered", "skills_wanted"), lists)
        + _rewrite_rows(Answer.objects.filter(question__type=QuestionType.SKILLS),
                        ("value",), lists)
    )


def _map_typed_terms() -> int:
    """Terms stored as typed (no skill answered to them) that a skill now answers to become
    that skill's id, so counts and the list of unmapped terms stay true after an edit."""
    current = taxonomy()

    def replace(value: str) -> str:
        if value in current.entries:
            return value
        return current.index.lookup(value) or value

    return _rewrite_references(replace)


@transaction.atomic
def skill_merge(*, source: Skill, target: Skill, by: Any) -> SkillMerge:
    """Merge `source` into `target`: every intake answer, directory entry and survey answer
    naming the source names the target, the source's labels and synonyms become the
    target's synonyms, the source is deactivated
    and remembers where it went, and the merge is recorded."""
    _bump_version()
    pair = {s.pk: s for s in Skill.objects.select_for_update().filter(
        pk__in=[source.pk, target.pk])}
    if source.pk == target.pk or len(pair) != 2:
        raise ServiceError({"target": [_("Choose another skill to merge into.")]},
                           code=MERGE_REFUSED)
    source, target = pair[source.pk], pair[target.pk]
    if source.merged_into_id is not None:
        raise ServiceError([_("This skill was already merged.")], code=MERGE_REFUSED)
    if not target.active:
        raise ServiceError({"target": [_("Choose an active skill to merge into.")]},
                           code=MERGE_REFUSED)
    known = {term_key(t) for t in target.terms()}

    def _extra(terms: list[str]) -> list[str]:
        out = []
        for term in terms:
            if term_key(term) not in known:
                known.add(term_key(term))
                out.append(term)
        return out

    target.synonyms_id = [*target.synonyms_id,
                          *_extra([source.label_id, *source.synonyms_id])]
    target.synonyms_en = [*target.synonyms_en,
                          *_extra([source.label_en, *source.synonyms_en, source.slug])]
    target.save()
    source.active = False
    source.merged_into = target
    source.save()
    forget()
    transaction.on_commit(forget)
    rewritten = _rewrite_references(
        lambda value: target.slug if value == source.slug else value)
    merge = SkillMerge.objects.create(
        source=source, target=target, by=by if getattr(by, "is_authenticated", False) else None,
        references_rewritten=rewritten,
        source_labels={"slug": source.slug, "label_id": source.label_id,
                       "label_en": source.label_en, "synonyms_id": source.synonyms_id,
                       "synonyms_en": source.synonyms_en},
    )
    audit.record(action="skill.merge", actor=by, target=target,
                 details={"source": source.slug, "rewritten": rewritten})
    return merge


@transaction.atomic
def skill_seed_install() -> int:
    """Install the shipped skills that are missing (idempotent); returns how many."""
    _bump_version()
    present = set(Skill.objects.values_list("slug", flat=True))
    rows = [
        Skill(slug=s.slug, category=s.category, label_id=s.label_id, label_en=s.label_en,
              synonyms_id=list(s.synonyms_id), synonyms_en=list(s.synonyms_en))
        for s in SEED if s.slug not in present
    ]
    Skill.objects.bulk_create(rows)
    forget()
    transaction.on_commit(forget)
    return len(rows)
