from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_type import WebhookEventType

T = TypeVar("T", bound="Webhook")


@_attrs_define
class Webhook:
    """An endpoint of the organization's, told of its invitations' steps (never with a token).

    Attributes:
        id (str): A webhook endpoint id, `wh-` and 32 characters of `[0-9a-z]`. Example:
            wh-4k8m2q6s0u4w8y2a6c0e4g8i2k6m0o4q.
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        url (str): Where events are posted: an `http` or `https` URL. Refused (400 `webhook_url_refused`) when its host
            resolves to a loopback, private, link-local or otherwise non-public address, unless the server allows those
            (`WEBHOOK_ALLOW_PRIVATE_ADDRESSES`, for development). A host that does not resolve yet is accepted; deliveries
            to it fail until it does. Printable ASCII only: give an internationalized host name in its `xn--` form. Example:
            https://hooks.example.com/org-invitations.
        events (list[WebhookEventType]): The events the endpoint receives; all of them when left out at creation.
            Example: ['invitation.accepted', 'invitation.declined'].
        created_at (datetime.datetime):  Example: 2026-11-23T10:00:00Z.
        created_by (str): An account id, 32 lowercase hex digits. Example: 7c9e6679742540de944be07fc1f90ae7.
    """

    id: str
    organization_id: str
    url: str
    events: list[WebhookEventType]
    created_at: datetime.datetime
    created_by: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        organization_id = self.organization_id

        url = self.url

        events = []
        for componentsschemas_webhook_events_item_data in self.events:
            componentsschemas_webhook_events_item = componentsschemas_webhook_events_item_data.value
            events.append(componentsschemas_webhook_events_item)

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization_id": organization_id,
                "url": url,
                "events": events,
                "created_at": created_at,
                "created_by": created_by,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        organization_id = d.pop("organization_id")

        url = d.pop("url")

        events = []
        _events = d.pop("events")
        for componentsschemas_webhook_events_item_data in _events:
            componentsschemas_webhook_events_item = WebhookEventType(componentsschemas_webhook_events_item_data)

            events.append(componentsschemas_webhook_events_item)

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        webhook = cls(
            id=id,
            organization_id=organization_id,
            url=url,
            events=events,
            created_at=created_at,
            created_by=created_by,
        )

        webhook.additional_properties = d
        return webhook

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
