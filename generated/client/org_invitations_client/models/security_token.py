from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="SecurityToken")


@_attrs_define
class SecurityToken:
    """A temporary credential: the token for `X-Security-Token`, and a temporary access key pair bound to it that expires
    with it (for signed requests, which send the token as their session token).

        Attributes:
            security_token (str): Send it as `X-Security-Token`. Shown once; the service keeps only its hash. Example:
                ost_Vb7n2Mq9Lp4Kx8Rz1Ws6Tc3Yd5Fg0Hj2Uk4Ie6Oa8.
            account_id (str): An account id, 32 lowercase hex digits. Example: 7c9e6679742540de944be07fc1f90ae7.
            expires_at (datetime.datetime):  Example: 2026-11-23T11:00:00Z.
            access_key_id (str): An access key id: 20 characters of `[0-9A-Z]`, `OIAK` and 16 more for a permanent key,
                `OIAS` and 16 more for a temporary one (issued with a security token). It fits what the AWS SDKs (16 to 128 word
                characters) and the Huawei Cloud SDKs expect of an access key id. Example: OIAKV7Q2M9X4L1P8R3T6.
            secret_access_key (str): The secret of an access key, 40 characters of `[A-Za-z0-9]`: signatures (AWS SigV4,
                Huawei SDK-HMAC-SHA256) are keyed by it. Shown once; the service keeps it encrypted under its server key, never
                in plain text. Example: h4Rk9TzW2qLm7Xc0Vb5Nf8Jd3Gs6Ya1Pe4Uo9Ki2.
    """

    security_token: str
    account_id: str
    expires_at: datetime.datetime
    access_key_id: str
    secret_access_key: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        security_token = self.security_token

        account_id = self.account_id

        expires_at = self.expires_at.isoformat()

        access_key_id = self.access_key_id

        secret_access_key = self.secret_access_key

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "security_token": security_token,
                "account_id": account_id,
                "expires_at": expires_at,
                "access_key_id": access_key_id,
                "secret_access_key": secret_access_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        security_token = d.pop("security_token")

        account_id = d.pop("account_id")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        access_key_id = d.pop("access_key_id")

        secret_access_key = d.pop("secret_access_key")

        security_token = cls(
            security_token=security_token,
            account_id=account_id,
            expires_at=expires_at,
            access_key_id=access_key_id,
            secret_access_key=secret_access_key,
        )

        security_token.additional_properties = d
        return security_token

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
