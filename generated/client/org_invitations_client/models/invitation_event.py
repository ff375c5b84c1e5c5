from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invitation_action import InvitationAction
from ..models.invitation_status import InvitationStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="InvitationEvent")


@_attrs_define
class InvitationEvent:
    """One transition of an invitation, for the audit trail.

    Attributes:
        id (str): An audit event's opaque id: `e-` and 32 random characters. It orders nothing and counts nothing; the
            trail's order is the order of the list. Example: e-4k2m8p0r6t1v7x3z9b5d1f7h3j9l5n1q.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`. Example:
            h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        action (InvitationAction): What happened to the invitation. Example: accepted.
        actor_account_id (None | str): Who caused the transition; null when the clock did (expiry).
        to_status (InvitationStatus):  Example: pending.
        occurred_at (datetime.datetime):
        from_status (InvitationStatus | Unset):  Example: pending.
    """

    id: str
    invitation_id: str
    action: InvitationAction
    actor_account_id: None | str
    to_status: InvitationStatus
    occurred_at: datetime.datetime
    from_status: InvitationStatus | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        invitation_id = self.invitation_id

        action = self.action.value

        actor_account_id: None | str
        actor_account_id = self.actor_account_id

        to_status = self.to_status.value

        occurred_at = self.occurred_at.isoformat()

        from_status: str | Unset = UNSET
        if not isinstance(self.from_status, Unset):
            from_status = self.from_status.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "invitation_id": invitation_id,
                "action": action,
                "actor_account_id": actor_account_id,
                "to_status": to_status,
                "occurred_at": occurred_at,
            }
        )
        if from_status is not UNSET:
            field_dict["from_status"] = from_status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        invitation_id = d.pop("invitation_id")

        action = InvitationAction(d.pop("action"))

        def _parse_actor_account_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        actor_account_id = _parse_actor_account_id(d.pop("actor_account_id"))

        to_status = InvitationStatus(d.pop("to_status"))

        occurred_at = datetime.datetime.fromisoformat(d.pop("occurred_at"))

        _from_status = d.pop("from_status", UNSET)
        from_status: InvitationStatus | Unset
        if isinstance(_from_status, Unset):
            from_status = UNSET
        else:
            from_status = InvitationStatus(_from_status)

        invitation_event = cls(
            id=id,
            invitation_id=invitation_id,
            action=action,
            actor_account_id=actor_account_id,
            to_status=to_status,
            occurred_at=occurred_at,
            from_status=from_status,
        )

        invitation_event.additional_properties = d
        return invitation_event

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
