"""Elastic Cloud's errors as its API sends them, as data: `{errors: [{code, message, fields}]}`,
the codes also in `x-cloud-error-codes`. `root.unauthorized`, `root.not_found`,
`root.method_not_allowed`, `root.too_many_requests`, `root.unexpected_error` and
`organization.invitation_expired` are ours; the others are Elastic's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from connexion.lifecycle import ConnexionResponse

from org_invitations.domain import errors
from org_invitations.signing.request import Refusal, SignatureError
from org_invitations.web.dialects import DialectRefusal

CODES_HEADER = "x-cloud-error-codes"
CHALLENGE = {"WWW-Authenticate": 'ApiKey realm="org-invitations"'}


@dataclass(frozen=True)
class ElasticError:
    status: int
    code: str


INVALID = ElasticError(400, "root.invalid_data")
INVALID_EMAIL = ElasticError(400, "organization.invitation_invalid_email")
ALREADY_BELONGS = ElasticError(400, "organization.user_organization_already_belongs")
NO_INVITATION = ElasticError(404, "organization.invitation_not_found")
FORBIDDEN = ElasticError(403, "root.invalid_authentication")
UNAUTHORIZED = ElasticError(401, "root.unauthorized")
UNEXPECTED = ElasticError(500, "root.unexpected_error")
TOKEN_USES = ElasticError(429, "root.too_many_requests")

DOMAIN: Mapping[type[errors.DomainError], ElasticError] = {
    errors.InvitationNotFound: NO_INVITATION,
    errors.InvalidTransition: NO_INVITATION,  # cancelled or declined: no longer an Elastic invitation
    errors.OrganizationNotFound: ElasticError(404, "organization.not_found"),
    errors.AccountNotFound: ElasticError(404, "user.not_found"),
    errors.MemberNotFound: ElasticError(404, "organization.user_organization_does_not_belong"),
    errors.AccessDenied: FORBIDDEN,
    errors.SignupDisabled: FORBIDDEN,
    errors.DuplicateInvitation: ElasticError(400, "organization.invitation_already_exists"),
    errors.AlreadyMember: ALREADY_BELONGS,
    errors.AlreadyInState: ALREADY_BELONGS,
    errors.MemberElsewhere: ALREADY_BELONGS,
    errors.AlreadyInOrganization: ALREADY_BELONGS,
    errors.InvitationExpired: ElasticError(400, "organization.invitation_expired"),
    errors.OwnerCannotLeave: INVALID,
    errors.RateLimited: ElasticError(429, "organization.invitations_rate_limit_exceeded"),
    # Keys are managed in the native API only; named should this dialect ever reach them.
    errors.AccessKeyNotFound: UNAUTHORIZED,
    errors.AccessKeyLimitExceeded: INVALID,
    errors.WebhookNotFound: ElasticError(404, "root.not_found"),
    errors.WebhookUrlRefused: INVALID,
    errors.WebhookLimitExceeded: INVALID,
}
"""Every domain error as this dialect answers it (a test holds the table complete); a token
lookup's rate limit is `root.too_many_requests` instead."""

SIGNATURE: Mapping[Refusal, ElasticError] = {refusal: UNAUTHORIZED for refusal in Refusal}

HTTP: Mapping[int, ElasticError] = {
    400: INVALID,
    401: UNAUTHORIZED,
    403: FORBIDDEN,
    404: ElasticError(404, "root.not_found"),
    405: ElasticError(405, "root.method_not_allowed"),
    408: INVALID,
    413: INVALID,
    415: INVALID,
    429: TOKEN_USES,
}


class ElasticErrorFormat:
    request_id_header = None  # Elastic documents none
    request_id_member = None

    def domain(self, error: errors.DomainError) -> ConnexionResponse:
        if isinstance(error, errors.RateLimited) and error.limit == "token-lookups":
            return _response(TOKEN_USES, error.detail)
        if isinstance(error, errors.DuplicateInvitation) and error.among:  # each address at fault
            exists = DOMAIN[errors.DuplicateInvitation]
            return _errors(
                exists.status,
                [
                    (
                        exists,
                        f"{d.target} already has a pending invitation to this organization.",
                        [f"emails[{d.position}]"],
                    )
                    for d in error.among
                ],
            )
        return _response(DOMAIN[type(error)], error.detail)

    def signature(self, error: SignatureError) -> ConnexionResponse:
        return _response(SIGNATURE[error.refusal], 'Send an API key as "Authorization: ApiKey <API key>".')

    def vendor(self, refusal: DialectRefusal) -> ConnexionResponse:
        fields = [refusal.reason] if refusal.reason else []  # Elastic's refusals name the field in `reason`
        return _response(ElasticError(refusal.status, refusal.code), refusal.detail, *fields)

    def http(
        self, status: int, code: str, detail: str | None, fields: Sequence[tuple[str, str]] = ()
    ) -> ConnexionResponse:
        error = HTTP.get(status, UNEXPECTED)
        if error is not INVALID or not fields:
            return _response(error, detail or code)
        # One error per field, as Elastic reports them; an address of `emails` has its own code.
        named = {_elastic_field(field): message for field, message in fields}
        return _errors(
            400,
            [
                (INVALID_EMAIL if field.startswith("emails[") else INVALID, message, [field])
                for field, message in named.items()
            ],
        )


def _elastic_field(field: str) -> str:
    """`body.emails.0` → `emails[0]`; `path.organization_id` → `organization_id`."""
    parts = field.split(".")[1:] or [field]
    return "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in parts).lstrip(".")


def _response(error: ElasticError, message: str, *fields: str) -> ConnexionResponse:
    return _errors(error.status, [(error, message, list(fields))])


def _errors(status: int, listed: Sequence[tuple[ElasticError, str, list[str]]]) -> ConnexionResponse:
    items = [{"code": e.code, "message": m} | ({"fields": f} if f else {}) for e, m, f in listed]
    codes = ",".join(dict.fromkeys(e.code for e, _, _ in listed))
    return ConnexionResponse(
        status_code=status,
        mimetype="application/json",
        content_type="application/json",
        body=json.dumps({"errors": items}).encode(),
        headers={CODES_HEADER: codes} | (CHALLENGE if status == 401 else {}),
    )
