"""Every POST form in every template carries the one-time token (issue 16).

A form added later without `{% form_once %}` makes this test fail, naming the template and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import terbalik

ROOT = Path(terbalik.__file__).parent
FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
POST = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)


def post_forms_without_token() -> list[str]:
    missing = []
    for path in sorted(ROOT.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            if not POST.search(match.group(0)):
                continue
            end = text.find("</form>", match.end())
            body = text[match.end(): end if end != -1 else len(text)]
            if "{% form_once %}" not in body:
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{path.relative_to(ROOT)}:{line}")
    return missing


def test_every_post_form_carries_a_one_time_token():
    assert post_forms_without_token() == []


def test_the_walk_finds_post_forms():
    """The walk itself is not vacuous: it sees the forms of the pair workspace."""
    text = (ROOT / "pairs/templates/pairs/workspace.html").read_text(encoding="utf-8")
    assert len([m for m in FORM.finditer(text) if POST.search(m.group(0))]) >= 5
