from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Organization")


@_attrs_define
class Organization:
    """
    Attributes:
        id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example: o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        urn (str): `organizations::{management_account_id}:organization:{id}` Example:
            organizations::7c9e6679742540de944be07fc1f90ae7:organization:o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        name (str): An organization's display name; at least one visible character and no control characters (C0, DEL,
            C1). Example: Analytical Engines Ltd.
        management_account_id (str): An account id, 32 lowercase hex digits. Example: 7c9e6679742540de944be07fc1f90ae7.
        management_account_name (str): A display name; at least one visible character and no control characters (C0,
            DEL, C1). Example: Ada Lovelace.
        created_at (datetime.datetime):  Example: 2026-11-23T10:00:00Z.
    """

    id: str
    urn: str
    name: str
    management_account_id: str
    management_account_name: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        urn = self.urn

        name = self.name

        management_account_id = self.management_account_id

        management_account_name = self.management_account_name

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "urn": urn,
                "name": name,
                "management_account_id": management_account_id,
                "management_account_name": management_account_name,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        urn = d.pop("urn")

        name = d.pop("name")

        management_account_id = d.pop("management_account_id")

        management_account_name = d.pop("management_account_name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        organization = cls(
            id=id,
            urn=urn,
            name=name,
            management_account_id=management_account_id,
            management_account_name=management_account_name,
            created_at=created_at,
        )

        organization.additional_properties = d
        return organization

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
