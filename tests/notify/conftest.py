import pytest

from ..pairs.conftest import (  # noqa: F401
    _english,
    _locmem_mail,
    _notify_now,
    _send_mail_now,
    apply_as,
    make_pair,
    make_person,
    make_program,
    pair,
    program,
)


@pytest.fixture(autouse=True)
def _pages_in_english(client):
    """Pages are asserted in English; the catalogue would otherwise serve Indonesian."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
