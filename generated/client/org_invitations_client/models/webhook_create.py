from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.webhook_event_type import WebhookEventType
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookCreate")


@_attrs_define
class WebhookCreate:
    """
    Attributes:
        url (str): Where events are posted: an `http` or `https` URL. Refused (400 `webhook_url_refused`) when its host
            resolves to a loopback, private, link-local or otherwise non-public address, unless the server allows those
            (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES`, for development). A host that does not resolve yet is accepted; deliveries
            to it fail until it does. Printable ASCII only: give an internationalized host name in its `xn--` form. Example:
            https://hooks.example.com/org-invitations.
        events (list[WebhookEventType] | Unset): The events the endpoint receives; all of them when left out at
            creation. Example: ['invitation.accepted', 'invitation.declined'].
    """

    url: str
    events: list[WebhookEventType] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        url = self.url

        events: list[str] | Unset = UNSET
        if not isinstance(self.events, Unset):
            events = []
            for componentsschemas_webhook_events_item_data in self.events:
                componentsschemas_webhook_events_item = componentsschemas_webhook_events_item_data.value
                events.append(componentsschemas_webhook_events_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "url": url,
            }
        )
        if events is not UNSET:
            field_dict["events"] = events

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        url = d.pop("url")

        _events = d.pop("events", UNSET)
        events: list[WebhookEventType] | Unset = UNSET
        if _events is not UNSET:
            events = []
            for componentsschemas_webhook_events_item_data in _events:
                componentsschemas_webhook_events_item = WebhookEventType(componentsschemas_webhook_events_item_data)

                events.append(componentsschemas_webhook_events_item)

        webhook_create = cls(
            url=url,
            events=events,
        )

        return webhook_create
