"""Plain-language, translatable explanations of scores and outcomes.

The engine returns structured data (:class:`~.model.PairScore`); these helpers
render it with a caller-supplied ``gettext``/``ngettext`` pair (Django's in the
management command, identity functions by default).  All msgids use named
placeholders so translators can reorder them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .model import Assignment, PairScore


def _gettext(message: str) -> str:
    return message


def _ngettext(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def _label(item: str) -> str:
    return item


@dataclass(frozen=True)
class Translator:
    gettext: Callable[[str], str] = _gettext
    ngettext: Callable[[str, str, int], str] = _ngettext
    #: how a skill or interest is shown (e.g. a canonical id -> its label in the language)
    label: Callable[[str], str] = _label


ENGLISH = Translator()


def explain_pair(pair: PairScore, tr: Translator = ENGLISH) -> str:
    return explain_facts(pair.skills_taught, pair.skills_wanted, pair.shared_interests,
                         pair.interests_listed, pair.department_known, pair.diversity, tr=tr)


def explain_facts(skills_taught: tuple[str, ...], skills_wanted: int,
                  shared_interests: tuple[str, ...], interests_listed: bool,
                  department_known: bool, diversity: float, *, tr: Translator = ENGLISH) -> str:
    """The explanation of a pair with these facts (see :class:`~.model.PairScore`)."""
    parts: list[str] = []
    taught = len(skills_taught)
    if skills_wanted:
        if taught:
            parts.append(
                tr.ngettext(
                    "teaches %(count)d of the %(total)d skill you want (%(skills)s)",
                    "teaches %(count)d of the %(total)d skills you want (%(skills)s)",
                    skills_wanted,
                )
                % {"count": taught, "total": skills_wanted,
                   "skills": ", ".join(map(tr.label, skills_taught))}
            )
        else:
            parts.append(
                tr.ngettext(
                    "teaches none of the %(total)d skill you want",
                    "teaches none of the %(total)d skills you want",
                    skills_wanted,
                )
                % {"total": skills_wanted}
            )
    shared = len(shared_interests)
    if shared:
        parts.append(
            tr.ngettext(
                "%(count)d shared interest (%(interests)s)",
                "%(count)d shared interests (%(interests)s)",
                shared,
            )
            % {"count": shared, "interests": ", ".join(map(tr.label, shared_interests))}
        )
    elif interests_listed:
        parts.append(tr.gettext("no shared interests"))
    if department_known:
        parts.append(
            tr.gettext("another department") if diversity else tr.gettext("same department")
        )
    if not parts:
        return tr.gettext("meets every hard rule; nothing else in common")
    return "; ".join(parts)


def explain_assignment(assignment: Assignment, tr: Translator = ENGLISH) -> str:
    if assignment.pair is not None:
        return explain_pair(assignment.pair, tr)
    if assignment.status == "no_eligible_mentor":
        return tr.gettext("no eligible mentor")
    return tr.gettext("every eligible mentor is at capacity")
