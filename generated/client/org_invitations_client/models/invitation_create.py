from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..models.invitation_role import InvitationRole
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_target import AccountTarget
    from ..models.email_target import EmailTarget


T = TypeVar("T", bound="InvitationCreate")


@_attrs_define
class InvitationCreate:
    """
    Attributes:
        target (AccountTarget | EmailTarget): Whom an invitation addresses, an existing account or a person by email.
        roles (list[InvitationRole]):
        given_name (str | Unset): At least one visible character and no control characters (C0, DEL, C1). Example: Ada.
        family_name (str | Unset): At least one visible character and no control characters (C0, DEL, C1). Example: Ada.
        notes (str | Unset): Free text shown to the invitee. Example: Welcome to the analytics team..
        expires_in (int | Unset): Seconds until the invitation expires, 1 hour to 30 days (default 14 days). Default:
            1209600.
    """

    target: AccountTarget | EmailTarget
    roles: list[InvitationRole]
    given_name: str | Unset = UNSET
    family_name: str | Unset = UNSET
    notes: str | Unset = UNSET
    expires_in: int | Unset = 1209600

    def to_dict(self) -> dict[str, Any]:
        from ..models.account_target import AccountTarget  # noqa: PLC0415

        target: dict[str, Any]
        if isinstance(self.target, AccountTarget):
            target = self.target.to_dict()
        else:
            target = self.target.to_dict()

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.value
            roles.append(roles_item)

        given_name = self.given_name

        family_name = self.family_name

        notes = self.notes

        expires_in = self.expires_in

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "target": target,
                "roles": roles,
            }
        )
        if given_name is not UNSET:
            field_dict["given_name"] = given_name
        if family_name is not UNSET:
            field_dict["family_name"] = family_name
        if notes is not UNSET:
            field_dict["notes"] = notes
        if expires_in is not UNSET:
            field_dict["expires_in"] = expires_in

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_target import AccountTarget  # noqa: PLC0415
        from ..models.email_target import EmailTarget  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_target(data: object) -> AccountTarget | EmailTarget:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_handshake_target_type_0 = AccountTarget.from_dict(data)

                return componentsschemas_handshake_target_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_handshake_target_type_1 = EmailTarget.from_dict(data)

            return componentsschemas_handshake_target_type_1

        target = _parse_target(d.pop("target"))

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = InvitationRole(roles_item_data)

            roles.append(roles_item)

        given_name = d.pop("given_name", UNSET)

        family_name = d.pop("family_name", UNSET)

        notes = d.pop("notes", UNSET)

        expires_in = d.pop("expires_in", UNSET)

        invitation_create = cls(
            target=target,
            roles=roles,
            given_name=given_name,
            family_name=family_name,
            notes=notes,
            expires_in=expires_in,
        )

        return invitation_create
