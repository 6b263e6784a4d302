"""Read-only views of a run: quality figures, warnings per pair, the unmatched report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terbalik.core.i18n import language_names
from terbalik.matching.engine import MICRO
from terbalik.skills.selectors import taxonomy

from .checks import REASONS
from .models import MatchRun, Proposal

LOW_COVERAGE = 0.5
COVERAGE_BUCKETS = (
    (0.0, 0.0, gettext_lazy("none")),
    (0.0, 0.5, gettext_lazy("under half")),
    (0.5, 1.0, gettext_lazy("half or more")),
    (1.0, 1.0, gettext_lazy("all")),
)


def coverage_bucket(skill: float, wanted: int) -> int:
    if not wanted:
        return 3
    if skill <= 0:
        return 0
    if skill >= 1.0 - 1e-9:
        return 3
    return 1 if skill < LOW_COVERAGE else 2


def warnings_of(proposal: Proposal) -> list[str]:
    d = proposal.details or {}
    out: list[str] = []
    if proposal.mentor_id is None:
        return out
    wanted = int(d.get("skills_wanted", 0))
    if wanted and float(d.get("skill", 0.0)) < LOW_COVERAGE:
        out.append(
            _("low skill coverage: %(taught)d of %(wanted)d skills")
            % {"taught": len(d.get("skills_taught", [])), "wanted": wanted}
        )
    if d.get("department_known") and not d.get("diversity"):
        out.append(_("same department"))
    if not proposal.in_top:
        out.append(_("not among the mentee's top three"))
    return out


@dataclass
class Quality:
    mentees: int
    matched: int
    mean_score: float
    top_share: float
    coverage: list[tuple[str, int]]

    @property
    def matched_share(self) -> float:
        return self.matched / self.mentees if self.mentees else 0.0


def run_quality(proposals: list[Proposal]) -> Quality:
    matched = [p for p in proposals if p.mentor_id]
    counts: Counter[int] = Counter(
        coverage_bucket(float(p.details.get("skill", 0.0)), int(p.details.get("skills_wanted", 0)))
        for p in matched
    )
    return Quality(
        mentees=len(proposals),
        matched=len(matched),
        mean_score=(sum(p.score_micro or 0 for p in matched) / len(matched) / MICRO)
        if matched
        else 0.0,
        top_share=(sum(1 for p in matched if p.in_top) / len(matched)) if matched else 0.0,
        coverage=[(str(label), counts[k]) for k, (_a, _b, label) in enumerate(COVERAGE_BUCKETS)],
    )


@dataclass
class UnmatchedRow:
    proposal: Proposal
    reasons: list[str]
    missing_skills: list[str]


@dataclass
class UnmatchedReport:
    rows: list[UnmatchedRow] = field(default_factory=list)
    recruit: list[str] = field(default_factory=list)


def unmatched_report(match_run: MatchRun, proposals: list[Proposal]) -> UnmatchedReport:
    """Who is unmatched and why, and what kind of mentor to recruit."""
    snapshot = match_run.snapshot
    analysed = match_run.result.get("blockers", {})
    by_enrollment = {row["enrollment"]: row for row in snapshot}
    mentor_rows = [r for r in snapshot if r["role"] == "mentor"]
    offered = {s for r in mentor_rows for s in r.get("skills", [])}
    spoken = {s for r in mentor_rows for s in r.get("languages", [])}
    report = UnmatchedReport()
    missing_total: Counter[str] = Counter()
    languages_needed: Counter[str] = Counter()
    family_total: Counter[str] = Counter()
    lowest_grades: list[int] = []
    for proposal in (p for p in proposals if p.mentor_id is None):
        row = by_enrollment.get(proposal.mentee_id)
        reasons: list[str] = []
        missing: list[str] = []
        if row is not None:
            missing = [s for s in row.get("skills", []) if s not in offered]
            missing_total.update(missing)
            if row.get("languages") and not set(row["languages"]) & spoken:
                languages_needed.update(row["languages"])
            if proposal.engine_status == "eligible_mentors_full":
                reasons.append(_("every eligible mentor is already full"))
            elif proposal.engine_mentor_id is not None:
                reasons.append(_("HR took the proposed mentor away"))
            elif row["employee_id"] in analysed:
                families = analysed[row["employee_id"]]
                family_total.update(families)
                reasons.extend(str(REASONS[f]) for f in families)
                if "seniority" in families:
                    lowest_grades.append(int(row["grade"]))
                if not families:
                    reasons.append(_("no mentor meets several rules at once"))
            if not mentor_rows:
                reasons = [_("no mentor is available")]
        if missing:
            reasons.append(_("nobody offers: %(skills)s")
                           % {"skills": ", ".join(taxonomy().labels(missing))})
        report.rows.append(UnmatchedRow(proposal, reasons, missing))
    if missing_total:
        report.recruit.append(
            _("Mentors who can teach %(skills)s.")
            % {"skills": ", ".join(
                taxonomy().labels(s for s, _n in missing_total.most_common(8)))}
        )
    if languages_needed:
        report.recruit.append(
            _("Mentors who speak %(languages)s.")
            % {"languages": language_names(s for s, _n in languages_needed.most_common(4))}
        )
    if lowest_grades:
        report.recruit.append(
            _("More junior mentors (below grade %(grade)d).") % {"grade": min(lowest_grades)}
        )
    if family_total["reporting_line"]:
        report.recruit.append(_("Mentors from other reporting lines and departments."))
    if any(p.engine_status == "eligible_mentors_full" for p in proposals if not p.mentor_id):
        report.recruit.append(_("More mentors, or mentors who can take more than one mentee."))
    return report


def explain(details: dict[str, Any], mentor_id: str = "", score_micro: int = 0) -> str:
    """The engine's plain-language explanation, in the active language (skills and interests
    by their label in that language)."""
    from django.utils.translation import gettext, ngettext

    from terbalik.matching.engine import Translator, explain_pair

    from .snapshot import pair_score_of

    return explain_pair(
        pair_score_of(mentor_id, score_micro, details),
        Translator(gettext=gettext, ngettext=ngettext, label=taxonomy().label),
    )
