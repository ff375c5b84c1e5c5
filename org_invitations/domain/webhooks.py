"""Webhooks: an organization's endpoints, told of every step of its invitations.

Each event is a Standard Webhooks message (`webhook-id`, `webhook-timestamp`,
`webhook-signature`) signed with the endpoint's secret, and carries the invitation as its
organization's managers see it: never its token.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from org_invitations.domain.invitations import Action, Invitation

MAX_ENDPOINTS = 10
"""Endpoints an organization may register: every event is sent to each, so they are few."""


class EventType(StrEnum):
    CREATED = "invitation.created"
    RESENT = "invitation.resent"
    ACCEPTED = "invitation.accepted"
    DECLINED = "invitation.declined"
    CANCELLED = "invitation.cancelled"
    EXPIRED = "invitation.expired"

    @classmethod
    def of(cls, action: Action) -> EventType:
        return cls(f"invitation.{action.value}")


@dataclass(frozen=True, slots=True)
class WebhookEndpoint:
    id: str
    organization_id: str
    url: str
    events: frozenset[EventType]
    created_at: datetime
    created_by: str


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def event_payload(
    invitation: Invitation, event: EventType, actor_id: str | None, at: datetime
) -> dict[str, Any]:
    """The event's body (Standard Webhooks' `type`, `timestamp`, `data`): `invitation` as it
    is after the step."""
    return {
        "type": event.value,
        "timestamp": _timestamp(at),
        "data": {
            "invitation_id": invitation.id,
            "organization_id": invitation.organization_id,
            "status": invitation.status.value,
            "target": {"type": invitation.target.type.value, "entity": invitation.target.entity},
            "roles": sorted(role.value for role in invitation.roles),
            "actor_account_id": actor_id,
            "created_at": _timestamp(invitation.created_at),
            "expires_at": _timestamp(invitation.expires_at),
        },
    }
