"""Reads of the reports app's own rows for its pages (the report figures are built in
`context.py` and the modules it calls)."""

from __future__ import annotations

from terbalik.programs.models import Program

from .models import ProgramSponsor


def report_sponsors(program: Program) -> list[ProgramSponsor]:
    """The sponsors given access to `program`'s report, with their users."""
    return list(ProgramSponsor.objects.filter(program=program).select_related("user"))
