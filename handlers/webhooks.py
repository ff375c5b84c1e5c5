"""An organization's webhook endpoints, for its owner and admins."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from org_invitations.domain.outbox import Delivery, OutboxMessage
from org_invitations.domain.webhooks import EventType, WebhookEndpoint
from org_invitations.generated import models
from org_invitations.handlers.base import HandlerGroup
from org_invitations.handlers.views import delivery_view, page_view, view
from org_invitations.services.webhooks import EndpointWithSecret
from org_invitations.web.responses import json_response, no_content
from org_invitations.web.validation import request_model

DELIVERY_STATUS = {
    Delivery.PENDING: models.WebhookDeliveryStatus.pending,
    Delivery.SENT: models.WebhookDeliveryStatus.sent,
    # A webhook event is never superseded nor skipped while its endpoint exists; were it, it
    # would not be sent again: failed, with its reason.
    Delivery.FAILED: models.WebhookDeliveryStatus.failed,
    Delivery.SUPERSEDED: models.WebhookDeliveryStatus.failed,
    Delivery.SKIPPED: models.WebhookDeliveryStatus.failed,
}


def _webhook(endpoint: WebhookEndpoint) -> models.Webhook:
    return view(models.Webhook, endpoint, events=sorted(endpoint.events))


def _created(made: EndpointWithSecret) -> models.WebhookCreated:
    return models.WebhookCreated(webhook=_webhook(made.endpoint), signing_secret=made.secret)


def _delivery(message: OutboxMessage) -> models.WebhookDelivery:
    event_type = (message.payload or {}).get("type")
    return delivery_view(
        models.WebhookDelivery, message, DELIVERY_STATUS[message.status], event_type=event_type
    )


class WebhookHandlers(HandlerGroup):
    def create_webhook(self, user: str, organization_id: str, body: dict[str, Any]) -> Response:
        request = request_model(models.WebhookCreate, body)
        events = frozenset(EventType(event.value) for event in request.events or ())
        made = self.services.webhooks.create(user, organization_id, request.url, events)
        return json_response(_created(made), 201, secret=True)

    def list_webhooks(
        self, user: str, organization_id: str, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.webhooks.list(user, organization_id, limit, marker)
        return json_response(page_view(models.WebhookList, page, _webhook))

    def get_webhook(self, user: str, organization_id: str, webhook_id: str) -> Response:
        return json_response(_webhook(self.services.webhooks.get(user, organization_id, webhook_id)))

    def delete_webhook(self, user: str, organization_id: str, webhook_id: str) -> Response:
        self.services.webhooks.delete(user, organization_id, webhook_id)
        return no_content()

    def rotate_webhook_secret(self, user: str, organization_id: str, webhook_id: str) -> Response:
        rotated = self.services.webhooks.rotate_secret(user, organization_id, webhook_id)
        return json_response(_created(rotated), secret=True)

    def list_webhook_deliveries(
        self, user: str, organization_id: str, webhook_id: str, limit: int = 50, marker: str | None = None
    ) -> Response:
        page = self.services.webhooks.deliveries(user, organization_id, webhook_id, limit, marker)
        return json_response(page_view(models.WebhookDeliveryList, page, _delivery))
