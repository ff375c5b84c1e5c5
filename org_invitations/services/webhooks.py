"""An organization's webhook endpoints: registered, listed, rotated and removed by its owner and
admins; their deliveries read back. The events themselves are owed by the invitation use cases
(`_record` in invitations.py) and sent by the delivery worker."""

from __future__ import annotations

import base64
import ipaddress
import secrets
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

from org_invitations.clock import Clock
from org_invitations.domain.errors import WebhookLimitExceeded, WebhookNotFound, WebhookUrlRefused
from org_invitations.domain.model import Page
from org_invitations.domain.outbox import OutboxMessage
from org_invitations.domain.webhooks import MAX_ENDPOINTS, EventType, WebhookEndpoint
from org_invitations.ids import new_webhook_id
from org_invitations.secret_box import SecretBox
from org_invitations.services.membership import require_manager
from org_invitations.services.ports import UnitOfWork, UnitOfWorkFactory

SECRET_PREFIX = "whsec_"  # Standard Webhooks' prefix for a base64 signing secret

Resolver = Callable[[str, int], Collection[str]]
"""Host and port → the addresses it resolves to (raises OSError when it does not)."""


def resolve(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]


def url_refusal(
    url: str, *, allow_private: bool, resolver: Resolver = resolve, must_resolve: bool = True
) -> str | None:
    """Why this service will not post to `url`, or None: it must be http(s) with a host that
    resolves (`must_resolve`; at registration a host may not resolve yet), and (unless
    `allow_private`) only to public addresses, so that a webhook cannot reach into the
    service's own network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "The URL must be an http or https URL with a host."
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "The URL's port is not a port number."
    try:
        addresses = resolver(parts.hostname, port)
    except (OSError, UnicodeError) as exc:
        return f"The URL's host does not resolve: {exc}." if must_resolve else None
    if allow_private:
        return None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return f"The URL's host resolves to {ip}, an address inside this service's network."
    return None


@dataclass(frozen=True, slots=True)
class EndpointWithSecret:
    """An endpoint and its signing secret: returned by create and rotate only."""

    endpoint: WebhookEndpoint
    secret: str


class WebhookService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        box: SecretBox,
        *,
        allow_private: bool,
        resolver: Resolver = resolve,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._box = box
        self._allow_private = allow_private
        self._resolver = resolver

    def create(
        self, caller_id: str, organization_id: str, url: str, events: frozenset[EventType]
    ) -> EndpointWithSecret:
        with self._uow.reading() as uow:  # who may, first: an outsider makes no lookup happen
            require_manager(uow, organization_id, caller_id)
        refusal = url_refusal(
            url, allow_private=self._allow_private, resolver=self._resolver, must_resolve=False
        )
        if refusal is not None:
            raise WebhookUrlRefused(refusal)
        endpoint = WebhookEndpoint(
            id=new_webhook_id(),
            organization_id=organization_id,
            url=url,
            events=events or frozenset(EventType),
            created_at=self._clock.now(),
            created_by=caller_id,
        )
        secret = _new_secret()
        with self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            if uow.webhooks.count(organization_id) >= MAX_ENDPOINTS:
                raise WebhookLimitExceeded(MAX_ENDPOINTS)
            uow.webhooks.add(endpoint, self._box.seal(secret, endpoint.id))
            uow.commit()
        return EndpointWithSecret(endpoint, secret)

    def list(
        self, caller_id: str, organization_id: str, limit: int, marker: str | None
    ) -> Page[WebhookEndpoint]:
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            return uow.webhooks.page(organization_id, limit, marker)

    def get(self, caller_id: str, organization_id: str, webhook_id: str) -> WebhookEndpoint:
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            return _in_organization(uow, organization_id, webhook_id)

    def delete(self, caller_id: str, organization_id: str, webhook_id: str) -> None:
        """The endpoint and its deliveries, pending ones included: nothing more is sent to it."""
        with self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            uow.webhooks.delete(_in_organization(uow, organization_id, webhook_id).id)
            uow.commit()

    def rotate_secret(self, caller_id: str, organization_id: str, webhook_id: str) -> EndpointWithSecret:
        """A new signing secret; from now on every delivery, retries included, is signed with it."""
        secret = _new_secret()
        with self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            endpoint = _in_organization(uow, organization_id, webhook_id)
            uow.webhooks.set_secret(endpoint.id, self._box.seal(secret, endpoint.id))
            uow.commit()
        return EndpointWithSecret(endpoint, secret)

    def deliveries(
        self, caller_id: str, organization_id: str, webhook_id: str, limit: int, marker: str | None
    ) -> Page[OutboxMessage]:
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            endpoint = _in_organization(uow, organization_id, webhook_id)
            return uow.outbox.deliveries(endpoint.id, limit, marker)


def _in_organization(uow: UnitOfWork, organization_id: str, webhook_id: str) -> WebhookEndpoint:
    found = uow.webhooks.get(webhook_id)
    if found is None or found[0].organization_id != organization_id:
        raise WebhookNotFound(webhook_id)
    return found[0]


def _new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()
