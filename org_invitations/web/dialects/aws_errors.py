"""AWS Organizations' errors as its JSON 1.1 protocol sends them, as data.

botocore reads the code from the body's `__type` only (and the message from `Message`,
the modeled `Reason` beside it); other SDKs read `x-amzn-ErrorType`. Client errors are
400, faults 500, and every response carries `x-amzn-RequestId`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from connexion.lifecycle import ConnexionResponse

from org_invitations.domain import errors
from org_invitations.signing.request import Refusal, SignatureError
from org_invitations.signing.sigv4 import ALGORITHM
from org_invitations.web.dialects import DialectRefusal

MEDIA_TYPE = "application/x-amz-json-1.1"


@dataclass(frozen=True)
class AwsError:
    type: str
    reason: str | None = None
    status: int = 400


DOMAIN: Mapping[type[errors.DomainError], AwsError] = {
    errors.InvitationNotFound: AwsError("HandshakeNotFoundException"),
    errors.AlreadyInState: AwsError("HandshakeAlreadyInStateException"),
    errors.InvalidTransition: AwsError("InvalidHandshakeTransitionException"),
    errors.InvitationExpired: AwsError("InvalidHandshakeTransitionException"),
    errors.DuplicateInvitation: AwsError("DuplicateHandshakeException"),
    errors.AlreadyMember: AwsError("HandshakeConstraintViolationException", "ALREADY_IN_AN_ORGANIZATION"),
    errors.MemberElsewhere: AwsError("HandshakeConstraintViolationException", "ALREADY_IN_AN_ORGANIZATION"),
    errors.AlreadyInOrganization: AwsError("AlreadyInOrganizationException"),
    errors.RateLimited: AwsError("HandshakeConstraintViolationException", "HANDSHAKE_RATE_LIMIT_EXCEEDED"),
    errors.AccessDenied: AwsError("AccessDeniedException"),
    errors.SignupDisabled: AwsError("AccessDeniedException"),
    errors.AccountNotFound: AwsError("AccountNotFoundException"),
    errors.MemberNotFound: AwsError("AccountNotFoundException"),
    errors.OrganizationNotFound: AwsError("AWSOrganizationsNotInUseException"),
    errors.OwnerCannotLeave: AwsError("MasterCannotLeaveOrganizationException"),
    # Access keys are managed in the native API only; named should a dialect ever reach them.
    errors.AccessKeyNotFound: AwsError("UnrecognizedClientException"),
    errors.AccessKeyLimitExceeded: AwsError("ConstraintViolationException", "ACCOUNT_NUMBER_LIMIT_EXCEEDED"),
    # Webhooks are managed in the native API only; named should this dialect ever reach them.
    errors.WebhookNotFound: AwsError("TargetNotFoundException"),
    errors.WebhookUrlRefused: AwsError("InvalidInputException"),
    errors.WebhookLimitExceeded: AwsError("ConstraintViolationException"),
}
"""Every domain error as AWS names it (a test holds the table complete)."""

SIGNATURE: Mapping[Refusal, AwsError] = {
    # No credentials at all: HTTP's 401 (AWS's own fronts answer 400 or 403; botocore reads
    # only `__type`); every other signature failure is a 400, as AWS's common errors give it.
    Refusal.MISSING: AwsError("MissingAuthenticationTokenException", status=401),
    Refusal.MALFORMED: AwsError("IncompleteSignatureException"),
    Refusal.UNKNOWN_KEY: AwsError("UnrecognizedClientException"),
    Refusal.BAD_SIGNATURE: AwsError("InvalidSignatureException"),
    Refusal.SKEWED: AwsError("InvalidSignatureException"),
    Refusal.BAD_TOKEN: AwsError("UnrecognizedClientException"),
    Refusal.EXPIRED_TOKEN: AwsError("ExpiredTokenException"),
}

HTTP: Mapping[int, AwsError] = {
    400: AwsError("InvalidInputException"),
    401: AwsError("IncompleteSignatureException"),
    404: AwsError("UnknownOperationException"),
    405: AwsError("UnknownOperationException", status=405),  # HTTP's status, with `Allow: POST`
    408: AwsError("RequestTimeoutException"),
    413: AwsError("SerializationException"),
    415: AwsError("SerializationException"),
    429: AwsError("TooManyRequestsException"),
}
SERVICE_FAULT = AwsError("ServiceException", status=500)


class AwsErrorFormat:
    request_id_header = "x-amzn-RequestId"
    request_id_member = None

    def domain(self, error: errors.DomainError) -> ConnexionResponse:
        return _response(DOMAIN[type(error)], error.detail)

    def signature(self, error: SignatureError) -> ConnexionResponse:
        error_type = SIGNATURE[error.refusal]
        challenge = {"WWW-Authenticate": ALGORITHM} if error_type.status == 401 else {}
        return _response(error_type, error.detail, challenge)

    def vendor(self, refusal: DialectRefusal) -> ConnexionResponse:
        return _response(AwsError(refusal.code, refusal.reason, refusal.status), refusal.detail)

    def http(
        self, status: int, code: str, detail: str | None, fields: Sequence[tuple[str, str]] = ()
    ) -> ConnexionResponse:
        return _response(HTTP.get(status, SERVICE_FAULT), detail or code)


def _response(error: AwsError, message: str, headers: Mapping[str, str] | None = None) -> ConnexionResponse:
    body = {"__type": error.type, "Message": message} | ({"Reason": error.reason} if error.reason else {})
    return ConnexionResponse(
        status_code=error.status,
        mimetype=MEDIA_TYPE,
        content_type=MEDIA_TYPE,
        body=json.dumps(body).encode(),
        headers={"x-amzn-ErrorType": error.type, **(headers or {})},
    )
