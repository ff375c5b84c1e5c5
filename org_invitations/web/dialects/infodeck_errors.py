"""Infodeck's errors as its documentation shows them, as data: `{error, message}`, no request id.

`Unauthenticated`, `Forbidden`, `ResourceNotFound` and `ValidationError` are Infodeck's; the
others are ours. Infodeck documents 422, not 400, for input that does not fit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from connexion.lifecycle import ConnexionResponse

from org_invitations.domain.errors import (
    AccessDenied,
    AccessKeyLimitExceeded,
    AccessKeyNotFound,
    AccountNotFound,
    AlreadyInOrganization,
    AlreadyInState,
    AlreadyMember,
    DomainError,
    DuplicateInvitation,
    InvalidTransition,
    InvitationExpired,
    InvitationNotFound,
    MemberElsewhere,
    MemberNotFound,
    OrganizationNotFound,
    OwnerCannotLeave,
    RateLimited,
    SignupDisabled,
    WebhookLimitExceeded,
    WebhookNotFound,
    WebhookUrlRefused,
)
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

DOMAIN: Mapping[type[DomainError], InfodeckError] = {
    InvitationNotFound: NOT_FOUND,
    OrganizationNotFound: NOT_FOUND,
    AccountNotFound: NOT_FOUND,
    MemberNotFound: NOT_FOUND,
    AccessDenied: FORBIDDEN,
    SignupDisabled: FORBIDDEN,
    DuplicateInvitation: CONFLICT,
    AlreadyMember: CONFLICT,
    MemberElsewhere: CONFLICT,
    AlreadyInOrganization: CONFLICT,
    AlreadyInState: INVALID,
    InvalidTransition: INVALID,
    InvitationExpired: INVALID,
    OwnerCannotLeave: INVALID,
    RateLimited: InfodeckError(429, "TooManyRequests"),
    # Keys are managed in the native API only; named should this dialect ever reach them.
    AccessKeyNotFound: NOT_FOUND,
    AccessKeyLimitExceeded: CONFLICT,
    WebhookNotFound: NOT_FOUND,
    WebhookUrlRefused: INVALID,
    WebhookLimitExceeded: CONFLICT,
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

    def domain(self, error: DomainError) -> ConnexionResponse:
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
