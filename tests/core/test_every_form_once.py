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


def post_forms_without_token(root: Path = ROOT) -> list[str]:
    missing = []
    for path in sorted(root.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            if not POST.search(match.group(0)):
                continue
            end = text.find("</form>", match.end())
            body = text[match.end(): end if end != -1 else len(text)]
            if "{% form_once %}" not in body:
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{path.relative_to(root)}:{line}")
    return missing


def test_every_post_form_carries_a_one_time_token():
    assert post_forms_without_token() == []


def test_the_walk_finds_a_form_without_the_token(tmp_path):
    """The walk itself is not vacuous: a new form without the tag is named, with its line."""
    folder = tmp_path / "app" / "templates" / "app"
    folder.mkdir(parents=True)
    (folder / "new.html").write_text(
        '<form method="get"></form>\n'
        '<form method="post">{% csrf_token %}{% form_once %}</form>\n'
        "<form class='x' method='POST' action='/a/'>{% csrf_token %}\n</form>\n",
        encoding="utf-8")
    assert post_forms_without_token(tmp_path) == ["app/templates/app/new.html:3"]
