"""The reference APIs (AWS, Huawei, ...) spoken over the same core: one mechanism, one declaration each.

A dialect is its own contract (openapi/dialects/<name>/, mounted inside the app under
`/_dialects/<name>`), a way to recognize its requests on the wire, the signature its SDK
signs with, its error format, and its handler group. `DialectRouter` (router.py) is the
only code that reads these declarations: it recognizes a request, verifies its signature
on the original bytes, and routes it to the dialect's contract; problems.py renders every
refusal in the dialect's format.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from connexion.lifecycle import ConnexionResponse
from starlette.datastructures import Headers
from starlette.types import Scope

from org_invitations.domain.errors import DomainError
from org_invitations.signing.request import SignatureError
from org_invitations.web.dialects.credentials import CredentialScheme

if TYPE_CHECKING:
    from org_invitations.bootstrap import Services

MOUNT_PREFIX = "/_dialects/"
CONTEXT_KEY = "org_invitations.dialect"


class DialectRefusal(Exception):
    """A refusal only a dialect makes (a rule of its vendor over our core), in its vendor's words."""

    def __init__(self, code: str, detail: str, *, status: int = 400, reason: str | None = None) -> None:
        super().__init__(detail)
        self.code, self.detail, self.status, self.reason = code, detail, status, reason


class ErrorFormat(Protocol):
    """How a dialect says no: every refusal, from the signature to the core to the framework."""

    @property
    def request_id_header(self) -> str | None:
        """Where each response names its request; None when the vendor has no such header."""
        ...

    @property
    def request_id_member(self) -> str | None:
        """The member of a refusal's JSON body that names its request (VMware's `requestId`), or None."""
        ...

    def domain(self, error: DomainError) -> ConnexionResponse: ...

    def signature(self, error: SignatureError) -> ConnexionResponse: ...

    def vendor(self, refusal: DialectRefusal) -> ConnexionResponse: ...

    def http(
        self, status: int, code: str, detail: str | None, fields: Sequence[tuple[str, str]] = ()
    ) -> ConnexionResponse:
        """A refusal of the HTTP layer (validation, unknown operation, body too large, ...), by our
        code; `fields`: each part of the request at fault (`body.emails.0`) with its message."""
        ...


@dataclass(frozen=True)
class UnderPrefix:
    """How a dialect reached under its own path prefix is recognized, and where its contract's
    paths begin (Elastic's `/api/v1`, Infodeck's `/api` but not `/api/v1`, VMware's)."""

    prefix: str
    excluding: tuple[str, ...] = ()  # longer prefixes under this one that are another dialect's

    def recognizes(self, _method: str, path: str, _headers: Headers) -> bool:
        return path.startswith(self.prefix + "/") and not any(
            path.startswith(other + "/") for other in self.excluding
        )

    def internal_path(self, path: str, _headers: Headers) -> str:
        return path.removeprefix(self.prefix)


@dataclass(frozen=True)
class Dialect:
    name: str
    spec: Path
    recognizes: Callable[[str, str, Headers], bool]  # method, path, headers
    internal_path: Callable[[str, Headers], str]  # the request's path in the dialect's contract
    credentials: CredentialScheme  # operations whose contract says `security: []` need none
    errors: ErrorFormat
    handlers: Callable[[Services], object]
    claims_unsigned: bool = False
    """Its operations that the native API does not route are its own, signed or not: an
    unsigned request there is refused in its words, not with a native 404 or 405."""

    @property
    def mount(self) -> str:
        return MOUNT_PREFIX + self.name


@dataclass(frozen=True)
class DialectRequest:
    """What the router learned of a request, for the handlers and the error handlers."""

    dialect: Dialect
    account_id: str | None  # None for a public operation
    request_id: str


def identified(errors: ErrorFormat, response: ConnexionResponse, request_id: str) -> ConnexionResponse:
    """A refusal naming its request where the vendor puts the id: a header, a body member, or both."""
    if errors.request_id_header:
        response.headers = {**(response.headers or {}), errors.request_id_header: request_id}
    if errors.request_id_member and isinstance(response.body, bytes):
        response.body = json.dumps(
            json.loads(response.body) | {errors.request_id_member: request_id}
        ).encode()
    return response


def dialect_request(scope: Scope) -> DialectRequest | None:
    context = scope.get(CONTEXT_KEY)
    return context if isinstance(context, DialectRequest) else None
