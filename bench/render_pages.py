"""The HTML of the load mix's pages, in English and Indonesian, to compare two versions of the
code byte for byte (issue 18: a speed change must not change a page).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/terbalik_bench \\
        .venv/bin/python bench/render_pages.py /tmp/after
    git archive main src | tar -x -C /tmp/main
    BENCH_SRC=/tmp/main/src BENCH_DATABASE_URL=... \\
        .venv/bin/python bench/render_pages.py /tmp/before
    diff -r /tmp/before /tmp/after

Every GET page of bench/bench_request_cost.py's mix, as the bench's participant and HR manager
(their account language set to each language in turn, then put back), is written to
OUTDIR/<page>.<language>.html. The per-render tokens (CSRF, the one-time form token) are
replaced by a fixed text; everything else is the page as served. Never part of the tests.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bench_request_cost import prepare  # bench/bench_request_cost.py
from company import setup_django  # bench/company.py

TOKENS = [
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"'), r'\1CSRF"'),
    (re.compile(r'("X-CSRFToken": ")[^"]+"'), r'\1CSRF"'),
    (re.compile(r'(name="form_once" value=")[^"]+"'), r'\1ONCE"'),
    (re.compile(r'("form_once": ")[^"]+"'), r'\1ONCE"'),
]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    setup_django()
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.test import Client
    from django.utils.module_loading import import_string

    from terbalik.accounts.models import User

    pages, cookies = prepare()
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    people = User.objects.filter(pk__in=[
        store(cookies[who][settings.SESSION_COOKIE_NAME])[SESSION_KEY]
        for who in ("participant", "hr")])
    saved = dict(people.values_list("pk", "language"))
    try:
        for language in ("en", "id"):
            people.update(language=language)
            for page in pages:
                if page.method != "GET" or page.who == "anonymous":
                    continue
                client = Client(HTTP_HOST="127.0.0.1:8765", HTTP_ACCEPT_LANGUAGE=language)
                client.cookies.load(cookies[page.who])
                response = client.get(page.path)
                html = response.content.decode()
                for pattern, fixed in TOKENS:
                    html = pattern.sub(fixed, html)
                name = page.name.replace(" ", "_")
                (out / f"{name}.{language}.html").write_text(f"{response.status_code}\n{html}")
    finally:
        for pk, language in saved.items():
            User.objects.filter(pk=pk).update(language=language)
    print(f"wrote {len(list(out.glob('*.html')))} pages to {out}")


if __name__ == "__main__":
    main()
