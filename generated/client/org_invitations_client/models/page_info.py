from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PageInfo")


@_attrs_define
class PageInfo:
    """Keyset paging. Pass `next_marker` as `marker` to get the next page; null on the last page.

    Attributes:
        next_marker (None | str):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        current_count (int): How many items this page holds. Example: 1.
    """

    next_marker: None | str
    current_count: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        next_marker: None | str
        next_marker = self.next_marker

        current_count = self.current_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "next_marker": next_marker,
                "current_count": current_count,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_next_marker(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_marker = _parse_next_marker(d.pop("next_marker"))

        current_count = d.pop("current_count")

        page_info = cls(
            next_marker=next_marker,
            current_count=current_count,
        )

        page_info.additional_properties = d
        return page_info

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
