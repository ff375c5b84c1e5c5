from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AccessKey")


@_attrs_define
class AccessKey:
    """A permanent access key, without its secret (shown only when the key is created).

    Attributes:
        access_key_id (str): An access key id: 20 characters of `[0-9A-Z]`, `OIAK` and 16 more for a permanent key,
            `OIAS` and 16 more for a temporary one (issued with a security token). It fits what the AWS SDKs (16 to 128 word
            characters) and the Huawei Cloud SDKs expect of an access key id. Example: OIAKV7Q2M9X4L1P8R3T6.
        created_at (datetime.datetime):  Example: 2026-11-23T10:00:00Z.
    """

    access_key_id: str
    created_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        access_key_id = self.access_key_id

        created_at = self.created_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "access_key_id": access_key_id,
                "created_at": created_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_key_id = d.pop("access_key_id")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        access_key = cls(
            access_key_id=access_key_id,
            created_at=created_at,
        )

        access_key.additional_properties = d
        return access_key

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
