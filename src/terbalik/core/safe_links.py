"""Plain text people typed (notes, agreement, meeting places) with its web links clickable.

Only http and https addresses with a host become links, opened with
`rel="noopener noreferrer"`; everything else — `javascript:`, `data:`, markup — stays text,
escaped. The link text is the address itself, so a reader always sees where it goes.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# a candidate: an http(s) address up to the next space or character that cannot end it
_CANDIDATE = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


def safe_url(value: str) -> str | None:
    """`value` when it is an http(s) URL with a host, else None."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def linkify(text: str) -> SafeString:
    """`text` escaped, with each http(s) address as a link that opens in a new tab."""
    text = "" if text is None else str(text)
    out: list[str] = []
    last = 0
    for match in _CANDIDATE.finditer(text):
        url = match.group(0)
        while url and url[-1] in _TRAILING:
            url = url[:-1]
        end = match.start() + len(url)
        out.append(escape(text[last:match.start()]))
        if safe_url(url):
            out.append(
                f'<a href="{escape(url)}" rel="noopener noreferrer" target="_blank">'
                f"{escape(url)}</a>"
            )
        else:
            out.append(escape(url))
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308  (every piece above is escaped)
