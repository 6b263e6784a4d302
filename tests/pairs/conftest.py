"""Pairs are made of program enrollments: reuse the programs test fixtures."""

from ..programs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _send_mail_now,
    apply_as,
    make_person,
    make_program,
    program,
)
