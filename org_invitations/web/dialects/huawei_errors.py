"""Huawei Cloud's errors as its SDK reads them, as data: `{error_code, error_msg}` and `X-Request-Id`.

`APIGW.*` are the gateway's codes for credentials and signatures; `Organizations.1001`,
`1004`, `1007` are Huawei's documented ones; the handshake codes `Organizations.2001`-`2007`
and `1000`, `1029`, `1500` are ours (Huawei documents none for these cases).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from connexion.lifecycle import ConnexionResponse

from org_invitations.domain import errors
from org_invitations.signing.request import Refusal, SignatureError
from org_invitations.web.dialects import DialectRefusal


@dataclass(frozen=True)
class HuaweiError:
    status: int
    code: str


DOMAIN: Mapping[type[errors.DomainError], HuaweiError] = {
    errors.InvitationNotFound: HuaweiError(404, "Organizations.2001"),
    errors.OrganizationNotFound: HuaweiError(404, "Organizations.2002"),
    errors.AccountNotFound: HuaweiError(404, "Organizations.2003"),
    errors.MemberNotFound: HuaweiError(404, "Organizations.2003"),
    errors.DuplicateInvitation: HuaweiError(409, "Organizations.2004"),
    errors.AlreadyInState: HuaweiError(409, "Organizations.2005"),
    errors.InvalidTransition: HuaweiError(409, "Organizations.2006"),
    errors.InvitationExpired: HuaweiError(409, "Organizations.2006"),
    errors.OwnerCannotLeave: HuaweiError(409, "Organizations.2006"),
    errors.AlreadyMember: HuaweiError(409, "Organizations.2007"),
    errors.MemberElsewhere: HuaweiError(409, "Organizations.2007"),
    errors.AlreadyInOrganization: HuaweiError(409, "Organizations.2007"),
    errors.AccessDenied: HuaweiError(403, "Organizations.1004"),
    errors.SignupDisabled: HuaweiError(403, "Organizations.1004"),
    errors.RateLimited: HuaweiError(429, "Organizations.1029"),
    # Access keys are managed in the native API only; named should a dialect ever reach them.
    errors.AccessKeyNotFound: HuaweiError(401, "APIGW.0301"),
    errors.AccessKeyLimitExceeded: HuaweiError(409, "Organizations.2006"),
    # Webhooks are managed in the native API only; named should this dialect ever reach them.
    errors.WebhookNotFound: HuaweiError(404, "APIGW.0101"),
    errors.WebhookUrlRefused: HuaweiError(400, "Organizations.1000"),
    errors.WebhookLimitExceeded: HuaweiError(409, "Organizations.2006"),
}
"""Every domain error as this dialect answers it (a test holds the table complete)."""

SIGNATURE: Mapping[Refusal, str] = {
    Refusal.MISSING: "APIGW.0301",
    Refusal.MALFORMED: "APIGW.0301",
    Refusal.UNKNOWN_KEY: "APIGW.0301",
    Refusal.BAD_SIGNATURE: "APIGW.0301",
    Refusal.SKEWED: "APIGW.0302",
    Refusal.BAD_TOKEN: "APIGW.0301",
    Refusal.EXPIRED_TOKEN: "APIGW.0307",
}

HTTP: Mapping[int, HuaweiError] = {
    400: HuaweiError(400, "Organizations.1000"),
    401: HuaweiError(401, "APIGW.0301"),
    404: HuaweiError(404, "APIGW.0101"),
    405: HuaweiError(405, "APIGW.0101"),  # the gateway's code; HTTP's status, with `Allow`
    408: HuaweiError(400, "Organizations.1000"),
    413: HuaweiError(400, "Organizations.1000"),
    415: HuaweiError(400, "Organizations.1000"),
    429: HuaweiError(429, "Organizations.1029"),
}
INTERNAL = HuaweiError(500, "Organizations.1500")


class HuaweiErrorFormat:
    request_id_header = "X-Request-Id"
    request_id_member = None

    def domain(self, error: errors.DomainError) -> ConnexionResponse:
        return _response(DOMAIN[type(error)], error.detail)

    def signature(self, error: SignatureError) -> ConnexionResponse:
        return _response(HuaweiError(401, SIGNATURE[error.refusal]), error.detail)

    def vendor(self, refusal: DialectRefusal) -> ConnexionResponse:
        return _response(HuaweiError(refusal.status, refusal.code), refusal.detail)

    def http(
        self, status: int, code: str, detail: str | None, fields: Sequence[tuple[str, str]] = ()
    ) -> ConnexionResponse:
        return _response(HTTP.get(status, INTERNAL), detail or code)


def _response(error: HuaweiError, message: str) -> ConnexionResponse:
    return ConnexionResponse(
        status_code=error.status,
        mimetype="application/json",
        content_type="application/json",
        body=json.dumps({"error_code": error.code, "error_msg": message}).encode(),
    )
