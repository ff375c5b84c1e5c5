from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..models.email_target_type import EmailTargetType

T = TypeVar("T", bound="EmailTarget")


@_attrs_define
class EmailTarget:
    """A person, by email address (compared case-insensitively).

    Attributes:
        type_ (EmailTargetType):
        entity (str):  Example: ada@example.com.
    """

    type_: EmailTargetType
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
        type_ = EmailTargetType(d.pop("type"))

        entity = d.pop("entity")

        email_target = cls(
            type_=type_,
            entity=entity,
        )

        return email_target
