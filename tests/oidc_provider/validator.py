"""django-oauth-toolkit's validator with a switch that mints broken ID tokens on purpose.

The tokens still come out of the real token endpoint; only their content or signature is
wrong, the way a hostile or misconfigured provider (or a replaying attacker) would send them.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from jwcrypto import jwk, jwt
from oauth2_provider.oauth2_validators import OAuth2Validator

from . import state

# A second key, never published in the JWKS: a token signed with it has a bad signature.
_FORGER_KEY = jwk.JWK.generate(kty="RSA", size=2048)


def _claims_of(serialized: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a compact JWS we just minted ourselves (no need to verify)."""
    header_b64, payload_b64, _signature = serialized.split(".")

    def decode(part: str) -> dict[str, Any]:
        return dict(json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))))

    return decode(header_b64), decode(payload_b64)


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _sign(header: dict[str, Any], claims: dict[str, Any], key: jwk.JWK) -> str:
    token = jwt.JWT(header=json.dumps(header), claims=json.dumps(claims))
    token.make_signed_token(key)
    return str(token.serialize())


class TestIdPValidator(OAuth2Validator):
    oidc_claim_scope = None  # hand out every claim the test set (groups included)

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        with state.lock:
            return dict(state.claims_by_username.get(request.user.get_username(), {}))

    def finalize_id_token(self, id_token: Any, token: Any, token_handler: Any, request: Any) -> str:
        serialized: str = super().finalize_id_token(id_token, token, token_handler, request)
        header, claims = _claims_of(serialized)
        with state.lock:
            mode = state.mode["value"]
            if mode == "normal":
                state.last_nonce["value"] = claims.get("nonce", "")
                return serialized
            previous_nonce = state.last_nonce.get("value", "")
        key = request.client.jwk_key
        if mode == "wrong_audience":
            claims["aud"] = "some-other-application"
        elif mode == "expired":
            now = int(time.time())
            claims.update(iat=now - 7200, exp=now - 3600, auth_time=now - 7200)
        elif mode == "bad_signature":
            key = _FORGER_KEY  # same "kid" in the header, another key
        elif mode == "replay":
            # An ID token as captured from an earlier sign-in: the nonce of that sign-in,
            # everything else valid (audience, lifetime, signature by the real key).
            claims["nonce"] = previous_nonce
        elif mode == "alg_none":
            # Unsigned: a client that takes the algorithm from the token would accept it.
            return ".".join([_b64(dict(header, alg="none")), _b64(claims), ""])
        return _sign(header, claims, key)
