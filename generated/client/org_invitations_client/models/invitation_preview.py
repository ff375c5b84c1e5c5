from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invitation_role import InvitationRole
from ..models.invitation_status import InvitationStatus
from ..models.target_type import TargetType

if TYPE_CHECKING:
    from ..models.organization_summary import OrganizationSummary


T = TypeVar("T", bound="InvitationPreview")


@_attrs_define
class InvitationPreview:
    """What the holder of a token may see before having any access to the organization.

    Attributes:
        id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`. Example:
            h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        organization (OrganizationSummary):
        target_type (TargetType): Whom an invitation addresses, an existing account or an email address. Example:
            account.
        email (None | str):  Example: grace@example.com.
        roles (list[InvitationRole]):
        status (InvitationStatus):  Example: pending.
        expired (bool):
        created_at (datetime.datetime):
        expires_at (datetime.datetime):
        accepted_at (datetime.datetime | None):
    """

    id: str
    organization: OrganizationSummary
    target_type: TargetType
    email: None | str
    roles: list[InvitationRole]
    status: InvitationStatus
    expired: bool
    created_at: datetime.datetime
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        organization = self.organization.to_dict()

        target_type = self.target_type.value

        email: None | str
        email = self.email

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.value
            roles.append(roles_item)

        status = self.status.value

        expired = self.expired

        created_at = self.created_at.isoformat()

        expires_at = self.expires_at.isoformat()

        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "organization": organization,
                "target_type": target_type,
                "email": email,
                "roles": roles,
                "status": status,
                "expired": expired,
                "created_at": created_at,
                "expires_at": expires_at,
                "accepted_at": accepted_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.organization_summary import OrganizationSummary  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        organization = OrganizationSummary.from_dict(d.pop("organization"))

        target_type = TargetType(d.pop("target_type"))

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = InvitationRole(roles_item_data)

            roles.append(roles_item)

        status = InvitationStatus(d.pop("status"))

        expired = d.pop("expired")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)

                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))

        invitation_preview = cls(
            id=id,
            organization=organization,
            target_type=target_type,
            email=email,
            roles=roles,
            status=status,
            expired=expired,
            created_at=created_at,
            expires_at=expires_at,
            accepted_at=accepted_at,
        )

        invitation_preview.additional_properties = d
        return invitation_preview

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
