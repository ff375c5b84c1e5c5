"""Infodeck's errors as its documentation shows them, as data: `{error, message}`, no request id.

`Unauthenticated`, `Forbidden`, `ResourceNotFound` and `ValidationError` are Infodeck's; the
others are ours. Infodeck documents 422, not 400, for input that does not fit.
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
class InfodeckError:
    status: int
    error: str


UNAUTHENTICATED = InfodeckError(401, "Unauthenticated")
FORBIDDEN = InfodeckError(403, "Forbidden")
NOT_FOUND = InfodeckError(404, "ResourceNotFound")
CONFLICT = InfodeckError(409, "Conflict")
INVALID = InfodeckError(422, "ValidationError")
INTERNAL = InfodeckError(500, "InternalServerError")

DOMAIN: Mapping[type[errors.DomainError], InfodeckError] = {
    errors.InvitationNotFound: NOT_FOUND,
    errors.OrganizationNotFound: NOT_FOUND,
    errors.AccountNotFound: NOT_FOUND,
    errors.MemberNotFound: NOT_FOUND,
    errors.AccessDenied: FORBIDDEN,
    errors.SignupDisabled: FORBIDDEN,
    errors.DuplicateInvitation: CONFLICT,
    errors.AlreadyMember: CONFLICT,
    errors.MemberElsewhere: CONFLICT,
    errors.AlreadyInOrganization: CONFLICT,
    errors.AlreadyInState: INVALID,
    errors.InvalidTransition: INVALID,
    errors.InvitationExpired: INVALID,
    errors.OwnerCannotLeave: INVALID,
    errors.RateLimited: InfodeckError(429, "TooManyRequests"),
    # Keys are managed in the native API only; named should this dialect ever reach them.
    errors.AccessKeyNotFound: NOT_FOUND,
    errors.AccessKeyLimitExceeded: CONFLICT,
    errors.WebhookNotFound: NOT_FOUND,
    errors.WebhookUrlRefused: INVALID,
    errors.WebhookLimitExceeded: CONFLICT,
}
"""Every domain error as this dialect answers it (a test holds the table complete)."""

SIGNATURE: Mapping[Refusal, InfodeckError] = {refusal: UNAUTHENTICATED for refusal in Refusal}

HTTP: Mapping[int, InfodeckError] = {
    400: INVALID,
    401: UNAUTHENTICATED,
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: InfodeckError(405, "MethodNotAllowed"),
    408: INVALID,
    413: INVALID,
    415: INVALID,
    429: InfodeckError(429, "TooManyRequests"),
}

MESSAGES = {
    "Unauthenticated": "Authentication is required and has failed or has not yet been provided.",
    "Forbidden": "Access to the requested resource is forbidden.",
    "ResourceNotFound": "The requested resource could not be found.",
}
"""Infodeck's own words for its documented refusals; the others say what happened."""


class InfodeckErrorFormat:
    request_id_header = None  # Infodeck documents none
    request_id_member = None

    def domain(self, error: errors.DomainError) -> ConnexionResponse:
        return _response(DOMAIN[type(error)], error.detail)

    def signature(self, error: SignatureError) -> ConnexionResponse:
        return _response(SIGNATURE[error.refusal], error.detail)

    def vendor(self, refusal: DialectRefusal) -> ConnexionResponse:
        return _response(InfodeckError(refusal.status, refusal.code), refusal.detail)

    def http(
        self, status: int, code: str, detail: str | None, fields: Sequence[tuple[str, str]] = ()
    ) -> ConnexionResponse:
        return _response(HTTP.get(status, INTERNAL), detail or code)


def _response(error: InfodeckError, detail: str) -> ConnexionResponse:
    message = MESSAGES.get(error.error, detail)
    return ConnexionResponse(
        status_code=error.status,
        mimetype="application/json",
        content_type="application/json",
        body=json.dumps({"error": error.error, "message": message}).encode(),
    )
