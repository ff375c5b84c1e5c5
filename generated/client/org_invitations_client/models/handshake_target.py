from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.target_type import TargetType

T = TypeVar("T", bound="HandshakeTarget")


@_attrs_define
class HandshakeTarget:
    """
    Attributes:
        type_ (TargetType): Whom an invitation addresses, an existing account or an email address. Example: account.
        entity (str): The invited account id (type `account`) or email address (type `email`). Example:
            0f8fad5bd9cb469fa16570867728950e.
    """

    type_: TargetType
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
        type_ = TargetType(d.pop("type"))

        entity = d.pop("entity")

        handshake_target = cls(
            type_=type_,
            entity=entity,
        )

        return handshake_target
