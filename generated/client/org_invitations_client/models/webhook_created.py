from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.webhook import Webhook


T = TypeVar("T", bound="WebhookCreated")


@_attrs_define
class WebhookCreated:
    """An endpoint and its signing secret, shown this once.

    Attributes:
        webhook (Webhook): An endpoint of the organization's, told of its invitations' steps (never with a token).
        signing_secret (str): The endpoint's signing secret, in the Standard Webhooks format (`whsec_` and the base64 of
            32 random bytes): give it to a Standard Webhooks library to verify `webhook-signature`. Shown once, by create
            and rotate; the service keeps it encrypted under its server key. Example:
            whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw6pA9k2Dv7lQ=.
    """

    webhook: Webhook
    signing_secret: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        webhook = self.webhook.to_dict()

        signing_secret = self.signing_secret

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "webhook": webhook,
                "signing_secret": signing_secret,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.webhook import Webhook  # noqa: PLC0415

        d = dict(src_dict)
        webhook = Webhook.from_dict(d.pop("webhook"))

        signing_secret = d.pop("signing_secret")

        webhook_created = cls(
            webhook=webhook,
            signing_secret=signing_secret,
        )

        webhook_created.additional_properties = d
        return webhook_created

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
