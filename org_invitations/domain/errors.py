"""Domain refusals: one class per stable code, carrying what a client needs to recover.

The core raises these and nothing else. Each wire format maps them by class, as data
(org_invitations/web/problems.py for problem+json); no refusal knows an HTTP status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class DomainError(Exception):
    code: ClassVar[str]

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# --- not visible to the caller (or not there: the caller cannot tell) ----------------------------


class AccountNotFound(DomainError):
    code = "account_not_found"

    def __init__(self, account_id: str) -> None:
        super().__init__(f"No account {account_id} exists.")
        self.account_id = account_id


class OrganizationNotFound(DomainError):
    code = "organization_not_found"

    def __init__(self, organization_id: str) -> None:
        super().__init__(f"No organization {organization_id} is visible to you.")
        self.organization_id = organization_id


class MemberNotFound(DomainError):
    code = "member_not_found"

    def __init__(self, organization_id: str, account_id: str) -> None:
        super().__init__(f"Account {account_id} is not a member of {organization_id}.")
        self.organization_id = organization_id
        self.account_id = account_id


class InvitationNotFound(DomainError):
    code = "invitation_not_found"

    def __init__(self, invitation_id: str | None = None) -> None:
        """`invitation_id` None: looked up by its token, which is never repeated back."""
        super().__init__(
            f"No invitation {invitation_id} is visible to you."
            if invitation_id
            else "No invitation has this token."
        )
        self.invitation_id = invitation_id


class AccessKeyNotFound(DomainError):
    code = "access_key_not_found"

    def __init__(self, access_key_id: str) -> None:
        super().__init__(f"No permanent access key {access_key_id} is yours.")
        self.access_key_id = access_key_id


class WebhookNotFound(DomainError):
    code = "webhook_not_found"

    def __init__(self, webhook_id: str) -> None:
        super().__init__(f"No webhook endpoint {webhook_id} in this organization.")
        self.webhook_id = webhook_id


# --- refused as asked ---------------------------------------------------------------------------


class WebhookUrlRefused(DomainError):
    """A URL this service will not post to: not http(s), not resolvable, or an address inside
    the service's own network (loopback, private, link-local) unless allowed by a setting."""

    code = "webhook_url_refused"


# --- visible, but not the caller's to do ---------------------------------------------------------


class AccessDenied(DomainError):
    code = "access_denied"


class SignupDisabled(DomainError):
    code = "signup_disabled"

    def __init__(self) -> None:
        super().__init__("Sign-up is switched off on this service.")


# --- in conflict with the current state ----------------------------------------------------------


class OwnerCannotLeave(DomainError):
    code = "owner_cannot_leave"

    def __init__(self) -> None:
        super().__init__("The owner cannot leave the organization.")


class AlreadyMember(DomainError):
    code = "already_member"

    def __init__(self, organization_id: str, account_id: str) -> None:
        super().__init__(f"Account {account_id} is already a member of {organization_id}.")
        self.organization_id = organization_id
        self.account_id = account_id


class AlreadyInOrganization(DomainError):
    """One organization per account (the AWS and Huawei dialects): the creator already belongs to one."""

    code = "already_in_organization"

    def __init__(self, account_id: str) -> None:
        super().__init__(f"Account {account_id} is already in an organization.")
        self.account_id = account_id


class MemberElsewhere(DomainError):
    """One organization per account: the account invited, or accepting, belongs to another one."""

    code = "member_elsewhere"

    def __init__(self, account_id: str) -> None:
        super().__init__(f"Account {account_id} is already in another organization.")
        self.account_id = account_id


class AccessKeyLimitExceeded(DomainError):
    code = "access_key_limit_exceeded"

    def __init__(self, limit: int) -> None:
        super().__init__(f"An account holds at most {limit} access keys; delete one first.")
        self.limit = limit


@dataclass(frozen=True, slots=True)
class Duplicate:
    """One target of a batch that already has a live invitation."""

    position: int  # in the batch, from 0
    target: str  # as the request named it
    existing_invitation_id: str


class WebhookLimitExceeded(DomainError):
    code = "webhook_limit_exceeded"

    def __init__(self, limit: int) -> None:
        super().__init__(f"An organization has at most {limit} webhook endpoints; delete one first.")
        self.limit = limit


class DuplicateInvitation(DomainError):
    """`among`: every target of the batch refused so (Elastic names each address at fault)."""

    code = "duplicate_invitation"

    def __init__(self, existing_invitation_id: str, among: tuple[Duplicate, ...] = ()) -> None:
        super().__init__(f"A pending invitation {existing_invitation_id} already addresses this target.")
        self.existing_invitation_id = existing_invitation_id
        self.among = among


class InvalidTransition(DomainError):
    code = "invalid_transition"


class AlreadyInState(DomainError):
    code = "already_in_state"


class InvitationExpired(DomainError):
    code = "invitation_expired"


class RateLimited(DomainError):
    code = "rate_limited"

    def __init__(self, detail: str, retry_after: int, limit: str = "invitations") -> None:
        super().__init__(detail)
        self.retry_after = max(1, retry_after)
        self.limit = limit  # which limit: "invitations" (per organization) or "token-lookups" (per client)
