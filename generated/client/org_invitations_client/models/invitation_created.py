from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.invitation import Invitation


T = TypeVar("T", bound="InvitationCreated")


@_attrs_define
class InvitationCreated:
    """Returned by create and resend only; the token is never shown again.

    Attributes:
        invitation (Invitation): An invitation, also called a handshake. It never carries its secret token.
        invitation_token (str): The secret token. The service keeps only its hash. Example:
            oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.
        invitation_link (str): A link the invitee can open, carrying the token: the service's invitation page
            (`/invitations/{token}`, where a person accepts or declines), or the integrating application's page when the
            server sets `INVITATION_LINK_TEMPLATE`. Example:
            http://127.0.0.1:8080/invitations/oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.
    """

    invitation: Invitation
    invitation_token: str
    invitation_link: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        invitation = self.invitation.to_dict()

        invitation_token = self.invitation_token

        invitation_link = self.invitation_link

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "invitation": invitation,
                "invitation_token": invitation_token,
                "invitation_link": invitation_link,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.invitation import Invitation  # noqa: PLC0415

        d = dict(src_dict)
        invitation = Invitation.from_dict(d.pop("invitation"))

        invitation_token = d.pop("invitation_token")

        invitation_link = d.pop("invitation_link")

        invitation_created = cls(
            invitation=invitation,
            invitation_token=invitation_token,
            invitation_link=invitation_link,
        )

        invitation_created.additional_properties = d
        return invitation_created

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
