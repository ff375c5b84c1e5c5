from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.account_target_type import AccountTargetType

T = TypeVar("T", bound="AccountTarget")


@_attrs_define
class AccountTarget:
    """An existing account, by id.

    Attributes:
        type_ (AccountTargetType):
        entity (str): An account id, 32 lowercase hex digits. Example: 7c9e6679742540de944be07fc1f90ae7.
    """

    type_: AccountTargetType
    entity: str

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        entity = self.entity

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "entity": entity,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = AccountTargetType(d.pop("type"))

        entity = d.pop("entity")

        account_target = cls(
            type_=type_,
            entity=entity,
        )

        return account_target
