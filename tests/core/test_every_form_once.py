"""Every POST form in every template carries the one-time token (issue 16), and so does every
HTMX element that writes (`hx-post`, `hx-put`, `hx-patch`, `hx-delete`) outside such a form.

A form or an HTMX element added later without `{% form_once %}` (or `{% form_once_vals %}` on
the element) makes this test fail, naming the template and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import terbalik

ROOT = Path(terbalik.__file__).parent
FORM = re.compile(r"<form\b[^>]*>", re.IGNORECASE)
POST = re.compile(r"""method\s*=\s*["']?post""", re.IGNORECASE)
#: an opening tag (quoted attribute values may hold ">") that writes through HTMX
HX_WRITE = re.compile(
    r"""<([a-z][\w-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*?\b(?:data-)?hx-(?:post|put|patch|delete)\s*="""
    r"""(?:[^>"']|"[^"]*"|'[^']*')*)>""",
    re.IGNORECASE,
)
TOKEN = "{% form_once %}"
VALS = "{% form_once_vals %}"


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _form_body(text: str, start: int) -> str:
    end = text.find("</form>", start)
    return text[start: end if end != -1 else len(text)]


def _inside_a_form_with_token(text: str, at: int) -> bool:
    opened = text.rfind("<form", 0, at)
    if opened == -1 or text.rfind("</form>", 0, at) > opened:
        return False
    return TOKEN in _form_body(text, opened)


def post_forms_without_token(root: Path = ROOT) -> list[str]:
    missing = []
    for path in sorted(root.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in FORM.finditer(text):
            if not POST.search(match.group(0)):
                continue
            if TOKEN not in _form_body(text, match.end()):
                missing.append(f"{path.relative_to(root)}:{_line(text, match.start())}")
    return missing


def htmx_writes_without_token(root: Path = ROOT) -> list[str]:
    """HTMX elements that post, put, patch or delete without a one-time token: a form with
    the tag inside, an element inside such a form, or an element with `{% form_once_vals %}`."""
    missing = []
    for path in sorted(root.glob("**/templates/**/*.html")):
        text = path.read_text(encoding="utf-8")
        for match in HX_WRITE.finditer(text):
            tag, attributes = match.group(1).lower(), match.group(2)
            if tag == "form":
                ok = TOKEN in _form_body(text, match.end())
            else:
                ok = VALS in attributes or _inside_a_form_with_token(text, match.start())
            if not ok:
                missing.append(f"{path.relative_to(root)}:{_line(text, match.start())}")
    return missing


def test_every_post_form_carries_a_one_time_token():
    assert post_forms_without_token() == []


def test_every_htmx_write_carries_a_one_time_token():
    assert htmx_writes_without_token() == []


def _template(root: Path, name: str, text: str) -> None:
    folder = root / "app" / "templates" / "app"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_the_walk_finds_a_form_without_the_token(tmp_path):
    """The walk itself is not vacuous: a new form without the tag is named, with its line."""
    _template(
        tmp_path, "new.html",
        '<form method="get"></form>\n'
        '<form method="post">{% csrf_token %}{% form_once %}</form>\n'
        "<form class='x' method='POST' action='/a/'>{% csrf_token %}\n</form>\n")
    assert post_forms_without_token(tmp_path) == ["app/templates/app/new.html:3"]


def test_the_walk_finds_an_htmx_write_without_the_token(tmp_path):
    """Links and buttons that post through HTMX are found too, wherever they stand."""
    _template(
        tmp_path, "hx.html",
        '<a href="/x/" hx-post="/x/" {% form_once_vals %} hx-confirm="Sure > ok?">ok</a>\n'
        '<form method="post">{% csrf_token %}{% form_once %}\n'
        '  <button hx-delete="/d/">inside a form with the token</button>\n</form>\n'
        '<a href="/r/"\n   hx-confirm="Remove > it?"\n   hx-post="/r/">no token</a>\n'
        '<button data-hx-put="/p/">no token</button>\n'
        '<form hx-post="/f/">{% csrf_token %}</form>\n'
        '<div hx-get="/g/">reads only</div>\n')
    assert htmx_writes_without_token(tmp_path) == [
        "app/templates/app/hx.html:5", "app/templates/app/hx.html:8",
        "app/templates/app/hx.html:9",
    ]
