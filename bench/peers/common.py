"""What the peers share with each other and with the real app's contract: the checks on paths and
queries, bearer authentication, and every refusal worded as the real app words it.

Refusals are problem+json byte for byte as org_invitations/web/problems.py writes them (that
module imports connexion, which a peer must not need; tests/integration/test_bench_peers.py
holds the copy here to it). Plain Python and Starlette only: the floor uses this module too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from org_invitations.domain import errors

if TYPE_CHECKING:
    from org_invitations.bootstrap import Services

PROBLEM_JSON = "application/problem+json"
CHALLENGE = 'Bearer realm="org-invitations", SecurityToken realm="org-invitations", header="X-Security-Token"'
MAX_DETAIL = 300
NO_STORE = {"Cache-Control": "no-store"}

# The contract's patterns (openapi/components/{schemas,parameters}); fullmatch, so `$(?!\n)` is implied.
HANDSHAKE_ID = re.compile(r"h-[0-9a-z]{32}")
ORGANIZATION_ID = re.compile(r"o-[0-9a-z]{32}")
INVITATION_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,128}")
MARKER = re.compile(r"[0-9]{1,11}\.[0-9a-z-]{1,64}")
LIMIT = re.compile(r"[0-9]{1,9}")
MIN_LIMIT, MAX_LIMIT, DEFAULT_LIMIT = 1, 200, 50

STATUS_OF: Mapping[type[errors.DomainError], int] = {
    errors.AccountNotFound: 404,
    errors.OrganizationNotFound: 404,
    errors.InvitationNotFound: 404,
    errors.AccessDenied: 403,
    errors.AlreadyMember: 409,
    errors.MemberElsewhere: 409,
    errors.DuplicateInvitation: 409,
    errors.InvalidTransition: 409,
    errors.AlreadyInState: 409,
    errors.InvitationExpired: 410,
    errors.RateLimited: 429,
}
"""The statuses of the refusals the five benchmarked operations can meet (the real app's table,
web/problems.py PROBLEMS, has every domain error)."""


class Refused(Exception):
    """A refusal decided before the core is asked: credentials, or a request off the contract."""

    def __init__(self, status: int, code: str, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.status, self.code, self.detail, self.extensions = status, code, detail, extensions

    def response(self) -> Response:
        return problem(self.status, self.code, self.detail, **self.extensions)


def problem(
    status: int,
    code: str,
    detail: str | None = None,
    *,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> Response:
    """problem+json as the real app writes it: json.dumps' default separators, `code` in X-Error-Code."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "code": code,
    }
    if detail:
        body["detail"] = detail if len(detail) <= MAX_DETAIL else detail[: MAX_DETAIL - 1] + "…"
    body.update({key: value for key, value in extensions.items() if value is not None})
    sent = {**(headers or {}), "X-Error-Code": code}
    if status == 401:
        sent.setdefault("WWW-Authenticate", CHALLENGE)
    return Response(json.dumps(body).encode(), status, headers=sent, media_type=PROBLEM_JSON)


def domain_problem(refusal: errors.DomainError) -> Response:
    """A refusal of the core, with the status, extension and header the real app gives it."""
    status = STATUS_OF.get(type(refusal))
    if status is None:
        return problem(500, "internal_error", "The service failed; the failure was logged.")
    headers = {"Retry-After": str(refusal.retry_after)} if isinstance(refusal, errors.RateLimited) else None
    extensions = (
        {"existing_invitation_id": refusal.existing_invitation_id}
        if isinstance(refusal, errors.DuplicateInvitation)
        else {}
    )
    return problem(status, refusal.code, refusal.detail, headers=headers, **extensions)


def invalid(field: str, message: str) -> Refused:
    return Refused(
        400,
        "validation_failed",
        "The request does not match the API contract.",
        errors=[{"field": field, "message": message}],
    )


def bearer_key(authorization: str | None) -> str:
    """The API key of `Authorization: Bearer <key>`, or the refusal connexion's bearer scheme gives."""
    if not authorization:
        raise Refused(401, "unauthenticated", "No authorization token provided")
    try:
        scheme, key = authorization.split(maxsplit=1)
    except ValueError:
        raise Refused(401, "unauthenticated", "Invalid authorization header") from None
    if scheme.lower() != "bearer":
        raise Refused(401, "unauthenticated", "No authorization token provided")
    return key


def account_of(key: str, account_of_key: Callable[[str], str | None]) -> str:
    """The id of the account that holds the key; a key nobody holds is refused as the real app does."""
    account_id = account_of_key(key)
    if account_id is None:
        raise Refused(401, "invalid_credentials", "Provided token is not valid")
    return account_id


def authenticate(authorization: str | None, account_of_key: Callable[[str], str | None]) -> str:
    """The caller's account id from its Authorization header."""
    return account_of(bearer_key(authorization), account_of_key)


def checked(pattern: re.Pattern[str], value: str, field: str) -> str:
    if pattern.fullmatch(value) is None:
        raise invalid(field, f"{value!r} does not match the contract's pattern")
    return value


def limit_of(query: Mapping[str, str]) -> int:
    text = query.get("limit")
    if text is None:
        return DEFAULT_LIMIT
    if LIMIT.fullmatch(text) is None or not MIN_LIMIT <= int(text) <= MAX_LIMIT:
        raise invalid("query.limit", f"must be an integer from {MIN_LIMIT} to {MAX_LIMIT}")
    return int(text)


def marker_of(query: Mapping[str, str]) -> str | None:
    marker = query.get("marker")
    return None if marker is None else checked(MARKER, marker, "query.marker")


def services_from_environment() -> Services:
    """The core as the real server builds it from ORG_INVITATIONS_* (a peer never migrates)."""
    from org_invitations.bootstrap import bootstrap
    from org_invitations.settings import Settings

    return bootstrap(Settings().model_copy(update={"migrate_on_start": False}))
