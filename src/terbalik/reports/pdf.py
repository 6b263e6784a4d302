"""The program report as a PDF (reportlab): A4, the reader's language, vector charts.

Font: DejaVu Sans when the system has it (Debian: fonts-dejavu-core), else Bitstream Vera,
which ships inside reportlab — both cover the Latin letters Indonesian and English use, so no
browser or extra download is needed. Charts are reportlab.graphics drawings (vector).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from terbalik.core.stats_format import p_text

from .context import Report

_FONTS: tuple[str, str] | None = None
SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered once."""
    global _FONTS
    if _FONTS is not None:
        return _FONTS
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    candidates = [
        ("DejaVuSans", SYSTEM_DEJAVU / "DejaVuSans.ttf", SYSTEM_DEJAVU / "DejaVuSans-Bold.ttf"),
        ("Vera", Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
         Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"),
    ]
    for name, regular, bold in candidates:
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont(name, str(regular)))
            pdfmetrics.registerFont(TTFont(f"{name}-Bold", str(bold)))
            _FONTS = (name, f"{name}-Bold")
            return _FONTS
    _FONTS = ("Helvetica", "Helvetica-Bold")
    return _FONTS


#: padding reportlab's Table puts left and right of a cell (6 points each)
CELL_PADDING = 12.0


def header_layout(headers: list[str], width: float, shares: list[float] | None,
                  font: str) -> tuple[list[float], float]:
    """Column widths and header font size so that no header word is cut in two.

    Each column gets at least its longest header word (at the chosen size) plus padding; the
    rest of the width is shared out in proportion to `shares` (equal by default). The size
    goes down from 8 to 6 points until the words fit; below that the words still fit their
    minimum widths, and the table is as wide as it must be.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    shares = shares or [1.0] * len(headers)
    total = sum(shares)
    size = 8.0
    while True:
        need = [max((stringWidth(w, font, size) for w in h.split()), default=0) + CELL_PADDING
                for h in headers]
        if sum(need) <= width or size <= 6:
            break
        size -= 0.5
    widths = [max(n, width * s / total) for n, s in zip(need, shares, strict=True)]
    excess = sum(widths) - width
    if excess > 0:  # take it back from the columns that have room beyond their words
        room = [w - n for w, n in zip(widths, need, strict=True)]
        spare = sum(room)
        if spare > 0:
            cut = min(1.0, excess / spare)
            widths = [w - r * cut for w, r in zip(widths, room, strict=True)]
    return widths, size


def table_headers() -> list[str]:
    """Every table header the PDF can print, in the active language (tests check them)."""
    from .metrics import funnel_labels

    return [*funnel_labels().values(), _("Matched") + " %", _("Active pairs"),
            _("Meetings held / planned"), _("Check-in rate"), _("Mean session rating (1–5)"),
            _("Goals achieved / set"), _("Training completed"), "n", _("Before"), _("After"),
            _("Change (95% CI)"), _("t-test p"), _("Wilcoxon p"), "dz", _("Improved"),
            _("Group"), _("People"), _("Left"), _("Retained at 6 months"),
            _("Retained at 12 months")]


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else number_format(round(value, digits), digits)


def _bar_chart(labels: list[str], series: list[tuple[str, list[float]]], width: float,
               height: float, font: str) -> Any:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, width - 60, height - 55
    chart.data = [values or [0] for _name, values in series]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 45 if len(labels) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 8 else "n"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    palette = [colors.HexColor("#9aa5b1"), colors.HexColor("#0b5d4b")]
    for i in range(len(series)):
        chart.bars[i].fillColor = palette[i % 2]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 40, height - 8
    legend.fontName, legend.fontSize = font, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(palette[i % 2], name) for i, (name, _v) in enumerate(series)]
    drawing.add(legend)
    return drawing


def _survival_chart(report: Report, width: float, height: float, font: str) -> Any:
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.lineplots import LinePlot
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    def steps(curve: list[tuple[float, float]]) -> list[tuple[float, float]]:
        # each curve stops at its own last observed day: nothing drawn beyond the follow-up
        points: list[tuple[float, float]] = []
        for t, s in curve:
            if points:
                points.append((t / 30.44, points[-1][1]))
            points.append((t / 30.44, 100 * s))
        return points

    p, c = report.retention.participants, report.retention.comparison
    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, width - 60, height - 55
    plot.data = [steps(p.curve), steps(c.curve)]
    green, grey = colors.HexColor("#0b5d4b"), colors.HexColor("#9aa5b1")
    plot.lines[0].strokeColor, plot.lines[1].strokeColor = green, grey
    plot.lines[0].strokeWidth = plot.lines[1].strokeWidth = 1.5
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, 100
    plot.xValueAxis.valueMin = 0
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName, axis.labels.fontSize = font, 7
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = 40, height - 8
    legend.fontName, legend.fontSize, legend.columnMaximum = font, 7, 1
    legend.alignment = "right"
    legend.colorNamePairs = [(green, _("Mentors in this program")),
                             (grey, _("Comparable non-participants"))]
    drawing.add(legend)
    return drawing


def report_pdf(report: Report, *, language: str) -> bytes:
    with translation.override(language):
        return _build(report)


def _build(report: Report) -> bytes:  # noqa: C901 - one linear document
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10.5,
                           textColor=colors.HexColor("#555555"))
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=16, leading=20,
                        spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12, leading=15,
                        spaceBefore=10, spaceAfter=4, textColor=colors.HexColor("#0b5d4b"))
    program, board = report.program, report.board
    width = A4[0] - 36 * mm

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    def table(rows: list[list[Any]], shares: list[float] | None = None) -> Table:
        widths, size = header_layout([str(c) for c in rows[0]], width, shares, bold)
        header = ParagraphStyle("header", parent=small, fontName=bold, fontSize=size,
                                leading=size * 1.25, textColor=colors.black,
                                splitLongWords=0)
        data = [[c if isinstance(c, Paragraph) else para(c, small if i else header)
                 for c in row] for i, row in enumerate(rows)]
        t = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
        t.setStyle(TableStyle([
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.HexColor("#0b5d4b")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#dddddd")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return t

    hidden = _("hidden")
    story: list[Any] = [
        para(_("Program report: %(name)s") % {"name": program.name}, h1),
        para("%s · %s" % (program.get_status_display(), _("Generated %(when)s") % {
            "when": date_format(timezone.localtime(report.generated_at), "DATETIME_FORMAT")}),
            small),
    ]
    if not report.people:
        story.append(para(_("Sponsor view: totals only"), small))
    if program.goal_specific:
        story.append(para(f"{_('Goal')}: {program.goal_specific}"))
    verdict = report.verdict
    story.append(para(_("Result against the target"), h2))
    if verdict.code != "no_target":
        judged = _("Judged on: %(measure)s") % {"measure": verdict.measure}
        story.append(para(f"{verdict.label} — {judged}", body))
    story.append(para(verdict.headline))
    story += [para(line, small) for line in verdict.details]
    if verdict.conclusion:
        story.append(para(verdict.conclusion, small))

    story.append(para(_("Participation"), h2))
    story.append(table([
        [label for label, _n in board.funnel] + [_("Matched") + " %"],
        [hidden if n is None else str(n) for _l, n in board.funnel]
        + ["—" if board.matched_percent is None else f"{_num(board.matched_percent, 0)}%"],
    ]))
    if board.suppressed:
        story.append(para(_("Fewer than %(n)s people take part, so engagement figures are "
                            "hidden to protect their privacy.") % {"n": report.min_group}))
    else:
        story.append(para(_("Engagement"), h2))
        story.append(table([
            [_("Active pairs"), _("Meetings held / planned"), _("Check-in rate"),
             _("Mean session rating (1–5)"), _("Goals achieved / set"),
             _("Training completed")],
            [f"{board.pairs['active']} / {board.pairs['total']}",
             f"{board.meetings_held} / {board.meetings_planned}",
             "—" if board.checkin_rate is None else f"{_num(board.checkin_rate, 0)}%",
             _num(board.mean_rating, 2),
             f"{board.goals_achieved} / {board.goals_set}",
             hidden if board.training_done is None
             else f"{board.training_done} / {board.training_total}"],
        ]))
        story.append(Spacer(1, 4))
        story.append(para(_("Meetings per week"), small))
        if not board.weeks:
            story.append(para(_("No meetings yet: the chart appears once pairs plan their "
                                "first meeting."), small))
        else:
            weeks = board.weeks[-26:]
            story.append(_bar_chart(
                [date_format(w["week"], "d/m") for w in weeks],
                [(_("Planned"), [w["planned"] for w in weeks]),
                 (_("Held"), [w["held"] for w in weeks])],
                width, 150, regular))

    story.append(para(_("Outcomes before and after"), h2))
    if not report.outcomes:
        story.append(para(_("The measurement plan has no survey or test taken both before "
                            "and after."), small))
    for outcome in report.outcomes:
        story.append(para(outcome.label, body))
        if outcome.instance is None:
            story.append(para(_("No pair of before and after sendings is linked to this "
                                "program yet."), small))
            continue
        pre = outcome.instance.pre_instance
        names = {"pre": pre.title if pre else "", "post": outcome.instance.title}
        story.append(para(
            _("Compared: “%(pre)s” and “%(post)s”, the sendings the measurement plan "
              "scheduled.") % names if outcome.scheduled
            else _("Compared: “%(pre)s” and “%(post)s”.") % names, small))
        rows: list[list[Any]] = [["", "n", _("Before"), _("After"), _("Change (95% CI)"),
                                  _("t-test p"), _("Wilcoxon p"), "dz", _("Improved")]]
        for row in outcome.rows:
            r = row.result
            if r is None:
                rows.append([row.label, hidden, "", "", "", "", "", "", ""])
                continue
            ci = (f" ({_num(r.ci_low)} – {_num(r.ci_high)})"
                  if r.t_p_value is not None else "")
            rows.append([
                row.label, str(r.n), _num(r.mean_before), _num(r.mean_after),
                _num(r.mean_change) + ci, p_text(r.t_p_value), p_text(r.wilcoxon_p_value),
                _num(r.cohen_dz, 2),
                "—" if r.share_improved is None else f"{_num(100 * r.share_improved, 0)}%",
            ])
        story.append(table(rows, [0.27, 0.06, 0.08, 0.08, 0.16, 0.09, 0.09, 0.07, 0.10]))
        if outcome.charts:
            first = outcome.charts[0]
            story.append(_bar_chart([first["label"][:40]], [
                (_("Before"), [first["before"]]), (_("After"), [first["after"]])],
                width * 0.5, 110, regular))

    story.append(para(_("Junior retention"), h2))
    story.append(para(_("Observational comparison."), small))
    story.append(para(_("This comparison is observational, not causal: people who volunteer "
                        "as mentors may differ from those who do not, so a difference does "
                        "not prove the program caused it."), small))
    if report.retention.start is not None:
        rows = [[_("Group"), _("People"), _("Left"), _("Retained at 6 months"),
                 _("Retained at 12 months")]]
        for label, c in report.retention_rows:
            if c.suppressed:
                rows.append([label, hidden, "", "", ""])
            else:
                rows.append([label, str(c.n), str(c.left)] + [
                    _("too early") if at is None else f"{_num(100 * at, 0)}%"
                    for at in (c.at_6, c.at_12)])
        story.append(table(rows))
        for line in report.retention_notes:
            story.append(para(line, small))
        if report.retention.has_curve:
            story.append(_survival_chart(report, width, 160, regular))
        else:
            story.append(para(_("No retention curve yet: it needs at least 5 people in each "
                                "group and some time since the start."), small))

    story.append(para(_("Participant feedback"), h2))
    f = report.feedback
    if not f.respondents:
        story.append(para(_("No end-of-program evaluation answered yet."), small))
    elif f.suppressed:
        story.append(para(_("Hidden: fewer than %(n)s people answered.")
                          % {"n": report.min_group}, small))
    else:
        story.append(para(f"NPS {_num(f.nps, 0)} · " + _(
            "%(p)s promoters, %(pa)s passives, %(d)s detractors of %(n)s answers")
            % {"p": f.promoters, "pa": f.passives, "d": f.detractors, "n": f.nps_n}))
    for group in f.groups:
        if group.texts:
            story.append(para(group.question.display_text, body))
            for text in group.texts[:30]:
                story.append(para(f"• {text}", small))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=_("Program report: %(name)s") % {"name": program.name},
                            author="Terbalik", invariant=1)
    doc.build(story)
    return buffer.getvalue()
