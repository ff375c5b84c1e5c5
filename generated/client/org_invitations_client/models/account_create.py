from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="AccountCreate")


@_attrs_define
class AccountCreate:
    """
    Attributes:
        name (str): A display name; at least one visible character and no control characters (C0, DEL, C1). Example: Ada
            Lovelace.
        email (str | Unset): An email address, compared and stored in one canonical form: Unicode NFKC, then case-folded
            (`ＡＤＡ@Example.com` is `ada@example.com`). Refused: control, format (zero-width, soft hyphen, bidirectional
            marks) and space characters anywhere; an empty label (a leading, trailing or doubled dot); a form that NFKC
            turns into something else than one `local@domain` (a full-width `＠`); and a label, of the local part or of the
            domain, that mixes Latin letters with Cyrillic or Greek ones (`pаypal@example.com` with a Cyrillic `а`). A label
            wholly in one script is fine (`иван@пример.рф`). The pattern states the part of the rule a regular expression
            can; the format `canonical-email` names the whole rule, and the server checks it as part of the contract
            (`validation_failed` on this field). Example: ada@example.com.
    """

    name: str
    email: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "name": name,
            }
        )
        if email is not UNSET:
            field_dict["email"] = email

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        email = d.pop("email", UNSET)

        account_create = cls(
            name=name,
            email=email,
        )

        return account_create
