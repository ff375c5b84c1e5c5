from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="SecurityTokenCreate")


@_attrs_define
class SecurityTokenCreate:
    """
    Attributes:
        ttl_seconds (int | Unset): Lifetime of the token, 15 minutes to 12 hours. Default: 3600.
    """

    ttl_seconds: int | Unset = 3600

    def to_dict(self) -> dict[str, Any]:
        ttl_seconds = self.ttl_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if ttl_seconds is not UNSET:
            field_dict["ttl_seconds"] = ttl_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        ttl_seconds = d.pop("ttl_seconds", UNSET)

        security_token_create = cls(
            ttl_seconds=ttl_seconds,
        )

        return security_token_create
