"""Domain refusals. Each carries a stable `code`; the web layer maps the kind to an HTTP status."""

from __future__ import annotations

from enum import Enum


class Refusal(Enum):
    INVALID = "invalid"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    GONE = "gone"
    RATE_LIMITED = "rate_limited"


class DomainError(Exception):
    kind: Refusal = Refusal.INVALID
    code: str = "invalid_request"

    def __init__(self, detail: str, **extra: object) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(DomainError):
    kind = Refusal.NOT_FOUND

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


class AccessDenied(DomainError):
    kind = Refusal.FORBIDDEN
    code = "access_denied"


class SignupDisabled(DomainError):
    kind = Refusal.FORBIDDEN
    code = "signup_disabled"


class OwnerCannotLeave(DomainError):
    kind = Refusal.CONFLICT
    code = "owner_cannot_leave"


class InvalidCredentials(DomainError):
    kind = Refusal.UNAUTHENTICATED
    code = "invalid_credentials"


def organization_not_found(organization_id: str) -> NotFound:
    return NotFound("organization_not_found", f"No organization {organization_id} is visible to you.")


def member_not_found(organization_id: str, account_id: str) -> NotFound:
    return NotFound("member_not_found", f"Account {account_id} is not a member of {organization_id}.")
