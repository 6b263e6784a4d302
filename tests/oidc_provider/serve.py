"""Run the loopback OpenID Connect provider: `python -m tests.oidc_provider.serve CLIENT_ID
CLIENT_SECRET`. Binds a free 127.0.0.1 port, prints "READY <port>" once it can answer, and
serves until terminated. Its database, key and control secret come from the environment."""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def main() -> None:
    client_id, client_secret = sys.argv[1], sys.argv[2]
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", interactive=False, verbosity=0)
    Application.objects.update_or_create(
        client_id=client_id,
        defaults={
            "name": "Terbalik (tests)",
            "client_type": Application.CLIENT_CONFIDENTIAL,
            "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
            "client_secret": client_secret,
            "algorithm": Application.RS256_ALGORITHM,
            "skip_authorization": True,  # pre-approved: no consent screen
            "redirect_uris": "http://testserver/",
        },
    )
    server = make_server(
        "127.0.0.1",
        0,
        get_wsgi_application(),
        server_class=_ThreadingServer,
        handler_class=_QuietHandler,
    )
    print(f"READY {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
