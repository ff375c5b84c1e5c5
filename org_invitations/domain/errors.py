"""Domain refusals. Each carries a stable `code`; the web layer maps the kind to an HTTP status."""

from __future__ import annotations

from enum import Enum


class Refusal(Enum):
    INVALID = "invalid"
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


def organization_not_found(organization_id: str) -> NotFound:
    return NotFound("organization_not_found", f"No organization {organization_id} is visible to you.")


def member_not_found(organization_id: str, account_id: str) -> NotFound:
    return NotFound("member_not_found", f"Account {account_id} is not a member of {organization_id}.")


class InvalidField(DomainError):
    """A request field the contract allows but the rules refuse; reported like a validation error."""

    code = "validation_failed"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(
            "The request does not match the API contract.", errors=[{"field": field, "message": message}]
        )


class AlreadyMember(DomainError):
    kind = Refusal.CONFLICT
    code = "already_member"


class DuplicateInvitation(DomainError):
    kind = Refusal.CONFLICT
    code = "duplicate_invitation"

    def __init__(self, existing_id: str) -> None:
        super().__init__(
            f"A pending invitation {existing_id} already addresses this target.",
            existing_invitation_id=existing_id,
        )


class InvalidTransition(DomainError):
    kind = Refusal.CONFLICT
    code = "invalid_transition"


class AlreadyInState(DomainError):
    kind = Refusal.CONFLICT
    code = "already_in_state"


class InvitationExpired(DomainError):
    kind = Refusal.GONE
    code = "invitation_expired"


class RateLimited(DomainError):
    kind = Refusal.RATE_LIMITED
    code = "rate_limited"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)


def invitation_not_found(invitation_id: str) -> NotFound:
    return NotFound("invitation_not_found", f"No invitation {invitation_id} is visible to you.")


def account_not_found(account_id: str) -> NotFound:
    return NotFound("account_not_found", f"No account {account_id} exists.")
