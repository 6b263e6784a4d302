"""Explanations (translatable) and the terminal progress bar (no Django needed)."""

from __future__ import annotations

import io

import pytest

from terbalik.matching.engine import PairScore, Translator, explain_pair
from terbalik.matching.engine.explain import explain_assignment
from terbalik.matching.engine.model import Assignment
from terbalik.matching.engine.progress import TerminalProgress


def _pair(**kw: object) -> PairScore:
    base: dict[str, object] = dict(
        mentor_id="M", score_micro=0, skill=0.0, interest=0.0, diversity=0.0,
        skills_taught=(), skills_wanted=0, shared_interests=(), interests_listed=False,
        department_known=False,
    )
    base.update(kw)
    return PairScore(**base)  # type: ignore[arg-type]


def test_english_explanations() -> None:
    assert explain_pair(_pair(skills_taught=("tiktok", "canva"), skills_wanted=3,
                              shared_interests=("kopi",), interests_listed=True,
                              department_known=True, diversity=1.0)) == (
        "teaches 2 of the 3 skills you want (tiktok, canva); 1 shared interest (kopi); "
        "another department"
    )
    assert explain_pair(_pair(skills_wanted=1, interests_listed=True, department_known=True)
                        ) == "teaches none of the 1 skill you want; no shared interests; " \
                             "same department"
    assert explain_pair(_pair()) == "meets every hard rule; nothing else in common"


def test_explanations_use_the_given_translator() -> None:
    seen: list[tuple[str, ...]] = []

    def gettext(message: str) -> str:
        seen.append((message,))
        return {"another department": "departemen lain"}.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        seen.append((singular, plural))
        if singular.startswith("%(count)d shared interest"):
            return "%(count)d minat sama (%(interests)s)"
        return plural if n != 1 else singular

    text = explain_pair(
        _pair(shared_interests=("kopi", "musik"), interests_listed=True, department_known=True,
              diversity=1.0),
        Translator(gettext=gettext, ngettext=ngettext),
    )
    assert text == "2 minat sama (kopi, musik); departemen lain"
    assert ("%(count)d shared interest (%(interests)s)",
            "%(count)d shared interests (%(interests)s)") in seen
    full = Translator(gettext=lambda m: {"no eligible mentor": "tidak ada mentor"}.get(m, m))
    assert explain_assignment(Assignment("E", None, "no_eligible_mentor"), full) == (
        "tidak ada mentor"
    )
    assert explain_assignment(Assignment("E", None, "eligible_mentors_full")) == (
        "every eligible mentor is at capacity"
    )


def test_progress_bar_only_for_slow_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr("terbalik.matching.engine.progress.time.monotonic", lambda: now[0])
    stream = io.StringIO()
    bar = TerminalProgress(stream, delay=1.0, width=10)
    bar("score", 1, 4)
    now[0] += 0.5
    bar("score", 2, 4)
    assert stream.getvalue() == ""  # fast so far: nothing drawn
    now[0] += 0.6
    bar("score", 3, 4)
    assert stream.getvalue() == "\rscore [#######...]  75%"
    bar("assign", 0, 1)  # a new step ends the previous line
    assert stream.getvalue().endswith("\n")
    bar.finish()
    assert stream.getvalue().count("\n") == 1
