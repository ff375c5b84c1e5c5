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
        entity (str): An email address, compared and stored in one canonical form: Unicode NFKC, then case-folded
            (`ＡＤＡ@Example.com` is `ada@example.com`). Refused: control, format (zero-width, soft hyphen, bidirectional
            marks) and space characters anywhere; an empty label (a leading, trailing or doubled dot); a form that NFKC
            turns into something else than one `local@domain` (a full-width `＠`); and a label, of the local part or of the
            domain, that mixes Latin letters with Cyrillic or Greek ones (`pаypal@example.com` with a Cyrillic `а`). A label
            wholly in one script is fine (`иван@пример.рф`). The pattern states the part of the rule a regular expression
            can; the format `canonical-email` names the whole rule, and the server checks it as part of the contract
            (`validation_failed` on this field). Example: ada@example.com.
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
