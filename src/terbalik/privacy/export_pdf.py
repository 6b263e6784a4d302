"""The “download my data” PDF: the reports app's reportlab stack (fonts, A4), one table of
field and value per row, section by section, in the person's language."""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terbalik.reports.pdf import fonts

from . import export, notice

#: characters that fit one line of the label (30 %) and value (70 %) columns at 8 points
LABEL_FITS = 28
VALUE_FITS = 80


def build_pdf(*, user: Any, language: str) -> bytes:
    with translation.override(language):
        return _build(user)


def _build(user: Any) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    regular, bold = fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    label = ParagraphStyle("label", parent=small, fontName=bold)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=16, leading=20, spaceAfter=4)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12, leading=15,
                        spaceBefore=10, spaceAfter=4, textColor=colors.HexColor("#0b5d4b"))
    width = A4[0] - 36 * mm

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    story: list[Any] = [
        para(_("My data in Terbalik"), h1),
        para(_("%(name)s · generated %(when)s · privacy notice version %(version)s") % {
            "name": user.get_full_name(),
            "when": date_format(timezone.localtime(), "DATETIME_FORMAT"),
            "version": notice.current().number}, small),
        para(_("Everything Terbalik holds about you, section by section. Questions: %(email)s")
             % {"email": notice.dpo_email()}, small),
    ]
    for title, rows in export.readable(user=user):
        story.append(para(f"{title} ({len(rows)})", h2))
        if not rows:
            story.append(para(_("Nothing."), small))
            continue
        for row in rows:
            # plain strings where they fit on one line: a Paragraph per cell made the PDF of a
            # busy participant take seconds; only long values need wrapping
            data = [[name if len(name) <= LABEL_FITS else para(name, label),
                     value if len(value) <= VALUE_FITS and "\n" not in value
                     else para(value, small)] for name, value in row]
            table = Table(data, colWidths=[width * 0.3, width * 0.7], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("FONT", (0, 0), (0, -1), bold, 8),
                ("FONT", (1, 0), (1, -1), regular, 8),
                ("LINEBELOW", (0, -1), (-1, -1), 0.6, colors.HexColor("#0b5d4b")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]))
            story += [table, Spacer(1, 4)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=16 * mm,
                            title=_("My data in Terbalik"), author="Terbalik")
    doc.build(story)
    return buffer.getvalue()
