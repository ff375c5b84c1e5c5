from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_delivery_status import WebhookDeliveryStatus
from ..models.webhook_event_type import WebhookEventType

T = TypeVar("T", bound="WebhookDelivery")


@_attrs_define
class WebhookDelivery:
    """One event for the endpoint, and how its delivery went.

    Attributes:
        id (str): The event's id, sent as `webhook-id` (the same on every attempt). Example:
            9f86d081884c7d659a2feaa0c55ad015.
        event_type (WebhookEventType): A step of an invitation: made (`invitation.created`), given a new token and
            expiry (`invitation.resent`), accepted, declined, cancelled, or found past its expiry (`invitation.expired`,
            sent when the service first notices, on a read or a write). Example: invitation.accepted.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`. Example:
            h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        status (WebhookDeliveryStatus): `pending`: not delivered yet (`next_attempt_at` says when it is tried, again
            after a failure); `sent`: the endpoint answered 2xx; `failed`: every attempt failed, none more will be made.
            Example: sent.
        attempts (int): Attempts made so far. Example: 1.
        last_status_code (int | None): What the endpoint answered last; null before an attempt, or when it did not
            answer. Example: 204.
        last_error (None | str): Why the last attempt failed; null when it did not.
        created_at (datetime.datetime): When the step happened. Example: 2026-11-23T10:00:00Z.
        next_attempt_at (datetime.datetime | None): When it is tried next (while `pending`); null otherwise.
        sent_at (datetime.datetime | None):  Example: 2026-11-23T10:00:01Z.
    """

    id: str
    event_type: WebhookEventType
    invitation_id: str
    status: WebhookDeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: None | str
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        event_type = self.event_type.value

        invitation_id = self.invitation_id

        status = self.status.value

        attempts = self.attempts

        last_status_code: int | None
        last_status_code = self.last_status_code

        last_error: None | str
        last_error = self.last_error

        created_at = self.created_at.isoformat()

        next_attempt_at: None | str
        if isinstance(self.next_attempt_at, datetime.datetime):
            next_attempt_at = self.next_attempt_at.isoformat()
        else:
            next_attempt_at = self.next_attempt_at

        sent_at: None | str
        if isinstance(self.sent_at, datetime.datetime):
            sent_at = self.sent_at.isoformat()
        else:
            sent_at = self.sent_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "event_type": event_type,
                "invitation_id": invitation_id,
                "status": status,
                "attempts": attempts,
                "last_status_code": last_status_code,
                "last_error": last_error,
                "created_at": created_at,
                "next_attempt_at": next_attempt_at,
                "sent_at": sent_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        event_type = WebhookEventType(d.pop("event_type"))

        invitation_id = d.pop("invitation_id")

        status = WebhookDeliveryStatus(d.pop("status"))

        attempts = d.pop("attempts")

        def _parse_last_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        last_status_code = _parse_last_status_code(d.pop("last_status_code"))

        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_next_attempt_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                next_attempt_at_type_0 = datetime.datetime.fromisoformat(data)

                return next_attempt_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        next_attempt_at = _parse_next_attempt_at(d.pop("next_attempt_at"))

        def _parse_sent_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sent_at_type_0 = datetime.datetime.fromisoformat(data)

                return sent_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        sent_at = _parse_sent_at(d.pop("sent_at"))

        webhook_delivery = cls(
            id=id,
            event_type=event_type,
            invitation_id=invitation_id,
            status=status,
            attempts=attempts,
            last_status_code=last_status_code,
            last_error=last_error,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            sent_at=sent_at,
        )

        webhook_delivery.additional_properties = d
        return webhook_delivery

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
