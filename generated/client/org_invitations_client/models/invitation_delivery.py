from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invitation_delivery_status import InvitationDeliveryStatus

T = TypeVar("T", bound="InvitationDelivery")


@_attrs_define
class InvitationDelivery:
    """One email an invitation owed, and how its delivery went.

    Attributes:
        id (str): The email's id, also in its `Message-ID` (the same on every attempt). Example:
            9f86d081884c7d659a2feaa0c55ad015.
        recipient (None | str): Where it goes; null when there is nobody to mail (an account without an email). Example:
            grace@example.com.
        status (InvitationDeliveryStatus): `pending`: to be sent (again after a failure); `sent`: handed to the mail
            server (or written as a file); `failed`: every attempt failed; `superseded`: replaced by a resend before it was
            sent; `skipped`: there was nothing to send. Example: sent.
        attempts (int):  Example: 1.
        last_error (None | str): Why the last attempt failed, or why nothing was sent; null otherwise.
        created_at (datetime.datetime):  Example: 2026-11-23T10:00:00Z.
        next_attempt_at (datetime.datetime | None): When it is tried next (while `pending`); null otherwise.
        sent_at (datetime.datetime | None):  Example: 2026-11-23T10:00:02Z.
    """

    id: str
    recipient: None | str
    status: InvitationDeliveryStatus
    attempts: int
    last_error: None | str
    created_at: datetime.datetime
    next_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        recipient: None | str
        recipient = self.recipient

        status = self.status.value

        attempts = self.attempts

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
                "recipient": recipient,
                "status": status,
                "attempts": attempts,
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

        def _parse_recipient(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        recipient = _parse_recipient(d.pop("recipient"))

        status = InvitationDeliveryStatus(d.pop("status"))

        attempts = d.pop("attempts")

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

        invitation_delivery = cls(
            id=id,
            recipient=recipient,
            status=status,
            attempts=attempts,
            last_error=last_error,
            created_at=created_at,
            next_attempt_at=next_attempt_at,
            sent_at=sent_at,
        )

        invitation_delivery.additional_properties = d
        return invitation_delivery

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
