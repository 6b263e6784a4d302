"""Free text -> canonical skill ids, through labels and synonyms (pure: no Django, no I/O).

`term_key` folds a term so that spelling variants meet: case, accents, punctuation and extra
spaces are ignored, Indonesian reduplication ("alat-alat") counts once, simple English plurals
and British/American spellings ("visualisation"/"visualization") are folded, and words are
joined without spaces ("e-commerce" = "ecommerce"). `SkillIndex` maps those keys to ids;
keys of terms already seen are cached, so 50,000 rows of a few terms each cost a dict lookup
per term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

_NOT_WORD = re.compile(r"[\W_]+")
_SPLIT = re.compile(r"[,;\n]+")
#: British -> American spellings: (inside a word, ending of a word) -> replacement
_SPELLING = (("isation", "", "ization"), ("", "yse", "yze"), ("", "ysing", "yzing"),
             ("", "our", "or"))


def fold(text: str) -> str:
    """Lower case without accents; punctuation and runs of spaces become one space."""
    bare = str(text)
    if not bare.isascii():  # ASCII has no accents to strip (the check is most of the cost)
        decomposed = unicodedata.normalize("NFKD", bare)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", bare.casefold()).split())


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _spelling(word: str) -> str:
    for inside, ending, replacement in _SPELLING:
        if inside:
            word = word.replace(inside, replacement)
        elif word.endswith(ending):
            word = word[: -len(ending)] + replacement
    return word


@lru_cache(maxsize=200_000)
def term_key(text: str) -> str:
    """The lookup key of a term ('' for a term with no letters or digits)."""
    words: list[str] = []
    for word in fold(text).split():
        if words and words[-1] == word:  # "alat alat" (from "alat-alat"): reduplication
            continue
        words.append(word)
    return "".join(_spelling(_singular(w)) for w in words)


def split_terms(value: str | Iterable[str]) -> list[str]:
    """Terms of a free-text answer ("a, b; c") or of a list (each item may hold commas)."""
    items = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in items:
        for part in _SPLIT.split(str(item)):
            part = " ".join(part.split())
            if part:
                out.append(part)
    return out


@dataclass(frozen=True)
class Mapped:
    """Canonical ids in first-seen order, and the terms that matched no skill (as typed)."""

    ids: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)

    def values(self) -> list[str]:
        """Ids, then unmapped terms in the engine's folded form (so equal text still meets)."""
        out = list(self.ids)
        for term in self.unmapped:
            item = " ".join(term.split()).casefold()
            if item not in out:
                out.append(item)
        return out


class SkillIndex:
    """Lookup of canonical ids by any of their terms (ids, labels, synonyms)."""

    def __init__(self, terms: Mapping[str, Iterable[str]],
                 redirects: Mapping[str, str] | None = None) -> None:
        """`terms`: id -> its terms; `redirects`: merged-away id -> id it now lives in."""
        self._by_key: dict[str, str] = {}
        self.conflicts: list[tuple[str, str, str]] = []  # (term, kept id, other id)
        for skill_id, words in terms.items():
            for word in (skill_id, *words):
                key = term_key(word)
                if not key:
                    continue
                held = self._by_key.setdefault(key, skill_id)
                if held != skill_id:
                    self.conflicts.append((word, held, skill_id))
        for old, new in (redirects or {}).items():
            self._by_key.setdefault(term_key(old), new)
        self.ids = frozenset(terms)

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, term: str) -> str | None:
        return self._by_key.get(term_key(term))

    def map(self, value: str | Iterable[str]) -> Mapped:
        """Map a free-text answer or a list of terms/ids; duplicates are dropped."""
        result = Mapped()
        seen_unmapped: set[str] = set()
        for term in split_terms(value):
            found = self._by_key.get(term_key(term))
            if found is not None:
                if found not in result.ids:
                    result.ids.append(found)
            elif term_key(term) and term.casefold() not in seen_unmapped:
                seen_unmapped.add(term.casefold())
                result.unmapped.append(term)
        return result

    def canonical(self, value: str | Iterable[str]) -> list[str]:
        """What the engine compares: ids, then unmapped terms folded as before."""
        return self.map(value).values()

    def map_lists(self, lists: Iterable[tuple[str, ...]]
                  ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """Per list of terms, ``(canonical(items), map(items).unmapped)``: the same answers,
        each distinct list and each distinct item worked out once.

        A participants file repeats a few dozen items over 100,000 rows (about 100,000
        distinct lists): mapping each list afresh cost 1.7 s of a 20,000 x 80,000 run,
        this about 0.2 s. An item gives the terms ``split_terms`` finds in it, each with
        its id (or None), its case-folded form and its folded value; a list then only
        merges them with the de-duplication rules of ``map`` and ``Mapped.values``."""
        terms: dict[str, tuple[tuple[str | None, str, str, str], ...]] = {}
        done: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        by_key = self._by_key
        out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        append = out.append
        for items in lists:
            got = done.get(items)
            if got is None:
                ids: dict[str, None] = {}
                unmapped: list[str] = []
                folded: list[str] = []
                seen: set[str] = set()
                for item in items:
                    found = terms.get(item)
                    if found is None:
                        found = terms[item] = tuple(self._term(term, by_key)
                                                    for term in split_terms(item))
                    for skill_id, term, casefolded, value in found:
                        if skill_id is not None:
                            ids[skill_id] = None
                        elif term and casefolded not in seen:
                            seen.add(casefolded)
                            unmapped.append(term)
                            folded.append(value)
                values = list(ids)
                for value in folded:
                    if value not in values:
                        values.append(value)
                got = done[items] = (tuple(values), tuple(unmapped))
            append(got)
        return out

    @staticmethod
    def _term(term: str, by_key: dict[str, str]) -> tuple[str | None, str, str, str]:
        """(id or None, the term, its case fold, its folded value); the term is '' when it
        neither maps nor counts as unmapped (no letters or digits)."""
        key = term_key(term)
        found = by_key.get(key)
        return (found, term if found is not None or key else "", term.casefold(),
                " ".join(term.split()).casefold())
