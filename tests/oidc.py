"""A real OpenID Connect provider on loopback for the single sign-on tests.

`oidc_provider` (one per test session, so one per xdist worker) runs tests/oidc_provider — a
small django-oauth-toolkit project with its own SQLite file and an RS256 key made for this
session — as a second process on a free 127.0.0.1 port, and stops it at the end.
`sso` points Terbalik's settings at it for one test and resets its switch; `idp_sign_in`
walks the authorization-code flow with PKCE: the Django test client on our side, a plain HTTP
session (requests) as the browser at the provider, including its sign-in form.
"""

from __future__ import annotations

import os
import secrets
import select
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from terbalik.accounts.sso_config import sso_app_settings

REPO = Path(__file__).resolve().parent.parent
PROVIDER_ID = "company"
CALLBACK_PATH = f"/accounts/oidc/{PROVIDER_ID}/login/callback/"
IDP_PASSWORD = "idp-password-for-tests"
HR_GROUP = "terbalik-hr"
START_TIMEOUT_SECONDS = 90  # a guard against a hung start, not an assertion about speed


@dataclass
class LoopbackIdP:
    url: str
    client_id: str
    client_secret: str
    control_secret: str
    http: requests.Session = field(default_factory=requests.Session)

    @property
    def issuer(self) -> str:
        return self.url + "/o"

    def control(self, **payload: Any) -> None:
        response = self.http.post(
            self.url + "/test/control/",
            json=payload,
            headers={"X-Control-Secret": self.control_secret},
            timeout=30,
        )
        response.raise_for_status()

    def set_mode(self, mode: str) -> None:
        self.control(mode=mode)

    def allow_redirects_to(self, *uris: str) -> None:
        self.control(client_id=self.client_id, redirect_uris=list(uris))

    def add_user(
        self,
        username: str,
        *,
        email: str,
        email_verified: Any = True,
        groups: list[str] | None = None,
        name: str = "",
    ) -> None:
        claims: dict[str, Any] = {"email": email, "email_verified": email_verified}
        if groups is not None:
            claims["groups"] = groups
        if name:
            claims["name"] = name
        self.control(user={"username": username, "password": IDP_PASSWORD, "claims": claims})


def _private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackIdP]:
    workdir = tmp_path_factory.mktemp("oidc_provider")
    client_id = "terbalik-" + secrets.token_hex(4)
    client_secret = secrets.token_urlsafe(24)
    control_secret = secrets.token_urlsafe(24)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "OIDC_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
        PYTHONPATH=os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        TEST_IDP_DB=str(workdir / "idp.sqlite3"),
        TEST_IDP_RSA_KEY=_private_key_pem(),
        TEST_IDP_CONTROL_SECRET=control_secret,
        TEST_IDP_SECRET=secrets.token_urlsafe(32),
    )
    stderr = (workdir / "stderr.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider.serve", client_id, client_secret],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _w, _x = select.select([process.stdout], [], [], START_TIMEOUT_SECONDS)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("READY "):
            stderr.seek(0)
            pytest.fail(f"The loopback OpenID Connect provider did not start:\n{stderr.read()}")
        port = int(line.split()[1])
        yield LoopbackIdP(
            url=f"http://127.0.0.1:{port}",
            client_id=client_id,
            client_secret=client_secret,
            control_secret=control_secret,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        stderr.close()


def configure_terbalik(settings: Any, idp: LoopbackIdP, **overrides: Any) -> None:
    app_settings = sso_app_settings(
        server_url=idp.issuer,
        allowed_domains=overrides.pop("allowed_domains", ["example.co.id"]),
        groups_claim=overrides.pop("groups_claim", "groups"),
        hr_groups=overrides.pop("hr_groups", [HR_GROUP]),
    )
    app_settings.update(overrides)
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": "Contoso ID",
                    "client_id": idp.client_id,
                    "secret": idp.client_secret,
                    "settings": app_settings,
                }
            ],
        }
    }


@pytest.fixture
def sso(settings: Any, oidc_provider: LoopbackIdP) -> LoopbackIdP:
    """Single sign-on on, pointed at the loopback provider, its token switch on normal."""
    configure_terbalik(settings, oidc_provider)
    oidc_provider.set_mode("normal")
    oidc_provider.allow_redirects_to("http://testserver" + CALLBACK_PATH)
    return oidc_provider


@dataclass
class FlowResult:
    response: Any  # our callback's response (Django test client)
    callback: str  # the callback path + query the provider sent the browser to
    authorize_query: dict[str, list[str]]


def idp_sign_in(client: Any, idp: LoopbackIdP, username: str, *, next_url: str = "") -> FlowResult:
    """Press "Sign in with …", sign in at the provider, come back to our callback."""
    data = {"next": next_url} if next_url else {}
    start = client.post(f"/accounts/oidc/{PROVIDER_ID}/login/", data)
    assert start.status_code == 302, start.content[:500]
    authorize = start["Location"]
    assert authorize.startswith(idp.issuer + "/authorize/"), authorize
    browser = requests.Session()
    to_login = browser.get(authorize, allow_redirects=False, timeout=30)
    assert to_login.status_code == 302, to_login.text[:500]
    login_url = urljoin(authorize, to_login.headers["Location"])
    form = browser.get(login_url, timeout=30)
    assert form.status_code == 200
    signed_in = browser.post(
        login_url,
        data={
            "username": username,
            "password": IDP_PASSWORD,
            "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert signed_in.status_code == 302, signed_in.text[:500]
    back = browser.get(
        urljoin(login_url, signed_in.headers["Location"]), allow_redirects=False, timeout=30
    )
    assert back.status_code == 302, back.text[:500]
    parts = urlsplit(back.headers["Location"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "http://testserver" + CALLBACK_PATH
    callback = f"{parts.path}?{parts.query}"
    return FlowResult(
        response=client.get(callback),
        callback=callback,
        authorize_query=parse_qs(urlsplit(authorize).query),
    )
