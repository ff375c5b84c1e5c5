"""Every refusal, ours or connexion's, becomes RFC 9457 problem+json with a stable code.

This is the one place domain errors meet HTTP statuses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from connexion import AsyncApp
from connexion.exceptions import OAuthResponseProblem, ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException

from org_invitations.domain import errors
from org_invitations.web.dialects import DialectRefusal, DialectRequest, dialect_request, identified
from org_invitations.web.operations import AllowedMethods

logger = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
CHALLENGE = 'Bearer realm="org-invitations", SecurityToken realm="org-invitations", header="X-Security-Token"'
"""RFC 9110: every 401 names the schemes that would have worked (openapi/components/headers)."""
MAX_MESSAGE = 300


@dataclass(frozen=True)
class Problem:
    """How a domain error reads as problem+json: its status, and which of its attributes
    become members of the problem (`extensions`) or headers (`headers`: name → attribute)."""

    status: int
    extensions: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)


PROBLEMS: Mapping[type[errors.DomainError], Problem] = {
    errors.AccountNotFound: Problem(404),
    errors.OrganizationNotFound: Problem(404),
    errors.MemberNotFound: Problem(404),
    errors.InvitationNotFound: Problem(404),
    errors.AccessKeyNotFound: Problem(404),
    errors.WebhookNotFound: Problem(404),
    errors.WebhookUrlRefused: Problem(400),
    errors.WebhookLimitExceeded: Problem(409, extensions=("limit",)),
    errors.AccessDenied: Problem(403),
    errors.SignupDisabled: Problem(403),
    errors.OwnerCannotLeave: Problem(409),
    errors.AlreadyMember: Problem(409),
    # Raised only where a dialect asks for one organization per account; named for completeness.
    errors.AlreadyInOrganization: Problem(409),
    errors.MemberElsewhere: Problem(409),
    errors.AccessKeyLimitExceeded: Problem(409),
    errors.DuplicateInvitation: Problem(409, extensions=("existing_invitation_id",)),
    errors.InvalidTransition: Problem(409),
    errors.AlreadyInState: Problem(409),
    errors.InvitationExpired: Problem(410),
    errors.RateLimited: Problem(429, headers={"Retry-After": "retry_after"}),
}
"""Every domain error, as the native API answers it (a test holds the table complete)."""

CODE_OF_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "access_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    500: "internal_error",
    501: "not_implemented",
}


class HttpProblem(ProblemException):  # type: ignore[misc]
    """A refusal decided by the HTTP layer itself (body too large, bad encoding, invalid fields):
    connexion's own problem, with our stable `code`."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(
            status=status,
            title=_title(status),
            detail=detail,
            headers=headers,
            ext={"code": code, **extensions},
        )


def clip(message: str) -> str:
    """Messages may quote the input; never echo a huge value back."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def problem_response(
    status: int,
    code: str,
    detail: str | None = None,
    *,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> ConnexionResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(status),
        "status": status,
        "code": code,
    }
    if detail:
        body["detail"] = clip(detail)
    body.update({key: value for key, value in extensions.items() if value is not None})
    headers = {**(headers or {}), "X-Error-Code": code}
    if status == 401:
        headers.setdefault("WWW-Authenticate", CHALLENGE)  # the API's, unless the refusal has its own
    return ConnexionResponse(
        status_code=status,
        mimetype=PROBLEM_JSON,
        content_type=PROBLEM_JSON,
        body=json.dumps(body).encode(),
        headers=headers,
    )


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _respond(
    request: ConnexionRequest,
    status: int,
    code: str,
    detail: str | None,
    *,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> ConnexionResponse:
    """problem+json, or the error format of the dialect the request speaks."""
    dialect = dialect_request(request.scope)
    if dialect is None:
        return problem_response(status, code, detail, headers=headers, **extensions)
    field_errors = extensions.get("errors") or []
    said = "; ".join(f"{error['field']} {error['message']}" for error in field_errors)
    response = dialect.dialect.errors.http(
        status,
        code,
        clip(f"{detail} {said}") if said else detail,
        [(error["field"], clip(f"{error['field']} {error['message']}")) for error in field_errors],
    )
    response.headers = {**(headers or {}), **(response.headers or {})}
    return _identified(dialect, response)


def _identified(routed: DialectRequest, response: ConnexionResponse) -> ConnexionResponse:
    """The dialect's request id on its refusals too (they leave through connexion's middleware)."""
    return identified(routed.dialect.errors, response, routed.request_id)


def _domain_error(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, errors.DomainError)
    problem = PROBLEMS[type(exc)]
    headers = {name: str(getattr(exc, attribute)) for name, attribute in problem.headers.items()}
    dialect = dialect_request(request.scope)
    if dialect is not None:  # in the dialect's format, with the same headers (Retry-After)
        response = dialect.dialect.errors.domain(exc)
        response.headers = {**headers, **(response.headers or {})}
        return _identified(dialect, response)
    extensions = {name: getattr(exc, name) for name in problem.extensions}
    return problem_response(problem.status, exc.code, exc.detail, headers=headers, **extensions)


def _dialect_refusal(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    assert isinstance(exc, DialectRefusal)
    dialect = dialect_request(request.scope)
    if dialect is None:  # a dialect's handler runs only for a routed request
        return _unexpected(request, exc)
    return _identified(dialect, dialect.dialect.errors.vendor(exc))


def _connexion_problem(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    """connexion's refusals (authentication, its own validation) and ours from the HTTP layer."""
    assert isinstance(exc, ProblemException)
    extensions = dict(exc.ext or {})
    if "code" in extensions:
        code = extensions.pop("code")
    elif isinstance(exc, OAuthResponseProblem):
        code = "invalid_credentials"
    elif exc.status == 400:
        code = "validation_failed"
    else:
        code = CODE_OF_STATUS.get(exc.status, "error")
    return _respond(request, exc.status, code, exc.detail, headers=dict(exc.headers or {}), **extensions)


def _http_exception_handler(
    allowed: AllowedMethods,
) -> Callable[[ConnexionRequest, Exception], ConnexionResponse]:
    def handle(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        assert isinstance(exc, HTTPException)
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed.for_path(request.url.path) or headers.get("Allow", "")
        detail = exc.detail if exc.detail != _title(exc.status_code) else None
        return _respond(
            request, exc.status_code, CODE_OF_STATUS.get(exc.status_code, "error"), detail, headers=headers
        )

    return handle


def _unexpected(request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
    logger.error("unhandled error", exc_info=exc)
    return _respond(request, 500, "internal_error", "The service failed; the failure was logged.")


def install_problem_handlers(app: AsyncApp, allowed: AllowedMethods) -> None:
    app.add_error_handler(errors.DomainError, _domain_error)
    app.add_error_handler(DialectRefusal, _dialect_refusal)
    app.add_error_handler(ProblemException, _connexion_problem)
    app.add_error_handler(HTTPException, _http_exception_handler(allowed))
    app.add_error_handler(Exception, _unexpected)
