"""The webhook endpoint repository: an organization's endpoints, their sealed secrets."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from org_invitations.domain.model import Page
from org_invitations.domain.webhooks import EventType, WebhookEndpoint
from org_invitations.storage.paging import keyset_page
from org_invitations.storage.prepared import PreparedSelect
from org_invitations.storage.tables import WebhookEndpointRow

# Asked on every step of every invitation (whom to tell), so prepared.
_SUBSCRIPTIONS = PreparedSelect(
    select(WebhookEndpointRow.id, WebhookEndpointRow.events).where(
        WebhookEndpointRow.organization_id == bindparam("organization_id")
    )
)


def _endpoint(row: WebhookEndpointRow) -> WebhookEndpoint:
    return WebhookEndpoint(
        id=row.id,
        organization_id=row.organization_id,
        url=row.url,
        events=frozenset(EventType(event) for event in row.events),
        created_at=row.created_at,
        created_by=row.created_by,
    )


class WebhookRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, endpoint: WebhookEndpoint, sealed_secret: bytes) -> None:
        self._session.add(
            WebhookEndpointRow(
                id=endpoint.id,
                organization_id=endpoint.organization_id,
                url=endpoint.url,
                events=sorted(endpoint.events),
                sealed_secret=sealed_secret,
                created_at=endpoint.created_at,
                created_by=endpoint.created_by,
            )
        )

    def count(self, organization_id: str) -> int:
        return int(
            self._session.scalar(
                select(func.count()).where(WebhookEndpointRow.organization_id == organization_id)
            )
            or 0
        )

    def get(self, endpoint_id: str) -> tuple[WebhookEndpoint, bytes] | None:
        row = self._session.get(WebhookEndpointRow, endpoint_id)
        return None if row is None else (_endpoint(row), row.sealed_secret)

    def page(self, organization_id: str, limit: int, marker: str | None) -> Page[WebhookEndpoint]:
        """Oldest first, keyset-paged on (created_at, id)."""
        return keyset_page(
            self._session,
            select(WebhookEndpointRow).where(WebhookEndpointRow.organization_id == organization_id),
            (WebhookEndpointRow.created_at, WebhookEndpointRow.id),
            marker,
            limit,
            descending=False,
            convert=_endpoint,
            position=lambda endpoint: (endpoint.created_at, endpoint.id),
        )

    def subscribed(self, organization_id: str, event: EventType) -> list[str]:
        """The ids of the organization's endpoints that want `event`."""
        rows = _SUBSCRIPTIONS.all(self._session, organization_id=organization_id)
        return [endpoint_id for endpoint_id, events in rows if event.value in events]

    def set_secret(self, endpoint_id: str, sealed_secret: bytes) -> bool:
        result = self._session.execute(
            update(WebhookEndpointRow)
            .where(WebhookEndpointRow.id == endpoint_id)
            .values(sealed_secret=sealed_secret)
        )
        return bool(getattr(result, "rowcount", 0))

    def delete(self, endpoint_id: str) -> bool:
        result = self._session.execute(delete(WebhookEndpointRow).where(WebhookEndpointRow.id == endpoint_id))
        return bool(getattr(result, "rowcount", 0))
