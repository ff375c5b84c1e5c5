"""VMware Cloud Services' errors as its documentation shows them, as data: CspErrorResponse,
`{cspErrorCode, errorCode, message, moduleCode, requestId, statusCode}`, the request id in the
body only. VMware documents the statuses and no codes: every code here is ours (the table in
the dialect's contract).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from connexion.lifecycle import ConnexionResponse

from org_invitations.domain import errors
from org_invitations.signing.request import Refusal, SignatureError
from org_invitations.web.dialects import DialectRefusal
from org_invitations.web.problems import clip


@dataclass(frozen=True)
class CspError:
    status: int
    code: str
    message: str | None = None  # VMware's own words, where it documents them


INVALID = CspError(400, "request.invalid")
UNAUTHENTICATED = CspError(401, "auth.unauthenticated")
TOKEN_EXPIRED = CspError(401, "auth.token_expired")
FORBIDDEN = CspError(403, "org.forbidden")
ORGANIZATION_NOT_FOUND = CspError(404, "org.not_found", "Organization with this identifier is not found.")
INVITATION_NOT_FOUND = CspError(404, "invitation.not_found", "Invitation not found")
ALREADY_EXISTS = CspError(409, "invitation.already_exists")
ALREADY_REVOKED = CspError(409, "invitation.already_revoked")
ALREADY_REDEEMED = CspError(409, "invitation.already_redeemed")
EXPIRED = CspError(409, "invitation.expired")
RATE_LIMITED = CspError(429, "invitation.rate_limited")
INTERNAL = CspError(500, "internal.error", "An unexpected error has occurred while processing the request")

DOMAIN: Mapping[type[errors.DomainError], CspError] = {
    errors.OrganizationNotFound: ORGANIZATION_NOT_FOUND,
    errors.InvitationNotFound: INVITATION_NOT_FOUND,
    errors.AccessDenied: FORBIDDEN,
    errors.DuplicateInvitation: ALREADY_EXISTS,
    errors.RateLimited: RATE_LIMITED,
    # Revoke is this dialect's only transition: the handler names the state it met instead,
    # these are what a race leaves.
    errors.AlreadyInState: ALREADY_REVOKED,
    errors.InvalidTransition: ALREADY_REDEEMED,
    errors.InvitationExpired: EXPIRED,
    # Invitations here are by email, made by managers: these cannot arise, and are named should
    # a later operation reach them.
    errors.AlreadyMember: ALREADY_EXISTS,
    errors.MemberElsewhere: ALREADY_EXISTS,
    errors.AlreadyInOrganization: ALREADY_EXISTS,
    errors.AccountNotFound: ORGANIZATION_NOT_FOUND,
    errors.MemberNotFound: ORGANIZATION_NOT_FOUND,
    errors.OwnerCannotLeave: FORBIDDEN,
    errors.SignupDisabled: FORBIDDEN,
    errors.AccessKeyNotFound: UNAUTHENTICATED,
    errors.AccessKeyLimitExceeded: INVALID,
    errors.WebhookNotFound: CspError(404, "resource.not_found"),
    errors.WebhookUrlRefused: INVALID,
    errors.WebhookLimitExceeded: INVALID,
}
"""Every domain error as this dialect answers it (a test holds the table complete)."""

SIGNATURE: Mapping[Refusal, CspError] = {
    refusal: TOKEN_EXPIRED if refusal is Refusal.EXPIRED_TOKEN else UNAUTHENTICATED for refusal in Refusal
}

HTTP: Mapping[int, CspError] = {
    400: INVALID,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: CspError(404, "resource.not_found"),
    405: CspError(405, "method.not_allowed"),
    408: INVALID,
    413: INVALID,
    415: INVALID,
    429: RATE_LIMITED,
}


class VmwareErrorFormat:
    request_id_header = None  # VMware documents none: the id is in the body
    request_id_member = "requestId"

    def domain(self, error: errors.DomainError) -> ConnexionResponse:
        if isinstance(error, errors.DuplicateInvitation) and error.among:
            addresses = ", ".join(duplicate.target for duplicate in error.among)
            return _response(ALREADY_EXISTS, f"Already invited, pending: {addresses}. Nobody was invited.")
        return _response(DOMAIN[type(error)], error.detail)

    def signature(self, error: SignatureError) -> ConnexionResponse:
        if error.refusal is Refusal.MISSING:
            return _response(UNAUTHENTICATED, "Send an access token in the csp-auth-token header.")
        return _response(SIGNATURE[error.refusal], error.detail)

    def vendor(self, refusal: DialectRefusal) -> ConnexionResponse:
        return _response(CspError(refusal.status, refusal.code), refusal.detail)

    def http(
        self, status: int, code: str, detail: str | None, fields: Sequence[tuple[str, str]] = ()
    ) -> ConnexionResponse:
        return _response(HTTP.get(status, INTERNAL), detail or code)


def _response(error: CspError, detail: str) -> ConnexionResponse:
    """All six members; `requestId` is filled in by `identified` with the request's own."""
    body = {
        "cspErrorCode": error.code,
        "errorCode": error.code,
        "message": error.message or clip(detail),
        "moduleCode": 0,
        "requestId": "",
        "statusCode": error.status,
    }
    return ConnexionResponse(
        status_code=error.status,
        mimetype="application/json",
        content_type="application/json",
        body=json.dumps(body).encode(),
    )
