"""How statistics are written for people, the same on every page, export and PDF."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def p_clause(p: float | None) -> str:
    """"p = 0.012" or "p < 0.001" — for running text, where "p = < 0.001" would read wrong."""
    text = p_text(p)
    return "p " + text if text.startswith("<") else "p = " + text


def p_text(p: float | None) -> str:
    """A p-value with three decimals in the active language; below 0.001 as "< 0.001"
    (never "0.000", which would claim p is zero)."""
    if p is None:
        return "—"
    if p < 0.001:
        return "< " + number_format(Decimal("0.001"), 3)
    return number_format(Decimal(repr(p)).quantize(Decimal("0.001")), 3)
