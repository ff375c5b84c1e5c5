from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.invitation_role import InvitationRole
from ..models.invitation_status import InvitationStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.account_target import AccountTarget
    from ..models.email_target import EmailTarget
    from ..models.organization_summary import OrganizationSummary
    from ..models.role_detail import RoleDetail


T = TypeVar("T", bound="Invitation")


@_attrs_define
class Invitation:
    """An invitation, also called a handshake. It never carries its secret token.

    Attributes:
        id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`. Example:
            h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        urn (str): `organizations::{management_account_id}:handshake:{organization_id}/{id}` Example: organizations::7c9
            e6679742540de944be07fc1f90ae7:handshake:o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8/h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        organization (OrganizationSummary):
        management_account_id (str): An account id, 32 lowercase hex digits. Example: 7c9e6679742540de944be07fc1f90ae7.
        management_account_name (str): A display name; at least one visible character and no control characters (C0,
            DEL, C1). Example: Ada Lovelace.
        created_by (str): An account id, 32 lowercase hex digits. Example: 7c9e6679742540de944be07fc1f90ae7.
        target (AccountTarget | EmailTarget): Whom an invitation addresses, an existing account or a person by email.
        email (None | str): The invited email address (email invitations), else null. Example: grace@example.com.
        given_name (None | str):  Example: Grace.
        family_name (None | str):  Example: Hopper.
        roles (list[InvitationRole]):
        notes (None | str):
        status (InvitationStatus):  Example: pending.
        expired (bool): True once `expires_at` has passed while the invitation was pending.
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        expires_at (datetime.datetime):
        accepted_at (datetime.datetime | None):
        declined_at (datetime.datetime | None):
        cancelled_at (datetime.datetime | None):
        responded_by (None | str): The account that accepted or declined.
        cancelled_by (None | str): The account that cancelled.
        role_details (list[RoleDetail] | Unset): Present only when the request asked for `expand=roles`.
    """

    id: str
    urn: str
    organization_id: str
    organization: OrganizationSummary
    management_account_id: str
    management_account_name: str
    created_by: str
    target: AccountTarget | EmailTarget
    email: None | str
    given_name: None | str
    family_name: None | str
    roles: list[InvitationRole]
    notes: None | str
    status: InvitationStatus
    expired: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    declined_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None
    responded_by: None | str
    cancelled_by: None | str
    role_details: list[RoleDetail] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.account_target import AccountTarget  # noqa: PLC0415

        id = self.id

        urn = self.urn

        organization_id = self.organization_id

        organization = self.organization.to_dict()

        management_account_id = self.management_account_id

        management_account_name = self.management_account_name

        created_by = self.created_by

        target: dict[str, Any]
        if isinstance(self.target, AccountTarget):
            target = self.target.to_dict()
        else:
            target = self.target.to_dict()

        email: None | str
        email = self.email

        given_name: None | str
        given_name = self.given_name

        family_name: None | str
        family_name = self.family_name

        roles = []
        for roles_item_data in self.roles:
            roles_item = roles_item_data.value
            roles.append(roles_item)

        notes: None | str
        notes = self.notes

        status = self.status.value

        expired = self.expired

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        expires_at = self.expires_at.isoformat()

        accepted_at: None | str
        if isinstance(self.accepted_at, datetime.datetime):
            accepted_at = self.accepted_at.isoformat()
        else:
            accepted_at = self.accepted_at

        declined_at: None | str
        if isinstance(self.declined_at, datetime.datetime):
            declined_at = self.declined_at.isoformat()
        else:
            declined_at = self.declined_at

        cancelled_at: None | str
        if isinstance(self.cancelled_at, datetime.datetime):
            cancelled_at = self.cancelled_at.isoformat()
        else:
            cancelled_at = self.cancelled_at

        responded_by: None | str
        responded_by = self.responded_by

        cancelled_by: None | str
        cancelled_by = self.cancelled_by

        role_details: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.role_details, Unset):
            role_details = []
            for role_details_item_data in self.role_details:
                role_details_item = role_details_item_data.to_dict()
                role_details.append(role_details_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "urn": urn,
                "organization_id": organization_id,
                "organization": organization,
                "management_account_id": management_account_id,
                "management_account_name": management_account_name,
                "created_by": created_by,
                "target": target,
                "email": email,
                "given_name": given_name,
                "family_name": family_name,
                "roles": roles,
                "notes": notes,
                "status": status,
                "expired": expired,
                "created_at": created_at,
                "updated_at": updated_at,
                "expires_at": expires_at,
                "accepted_at": accepted_at,
                "declined_at": declined_at,
                "cancelled_at": cancelled_at,
                "responded_by": responded_by,
                "cancelled_by": cancelled_by,
            }
        )
        if role_details is not UNSET:
            field_dict["role_details"] = role_details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.account_target import AccountTarget  # noqa: PLC0415
        from ..models.email_target import EmailTarget  # noqa: PLC0415
        from ..models.organization_summary import OrganizationSummary  # noqa: PLC0415
        from ..models.role_detail import RoleDetail  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        urn = d.pop("urn")

        organization_id = d.pop("organization_id")

        organization = OrganizationSummary.from_dict(d.pop("organization"))

        management_account_id = d.pop("management_account_id")

        management_account_name = d.pop("management_account_name")

        created_by = d.pop("created_by")

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

        def _parse_email(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        email = _parse_email(d.pop("email"))

        def _parse_given_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        given_name = _parse_given_name(d.pop("given_name"))

        def _parse_family_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        family_name = _parse_family_name(d.pop("family_name"))

        roles = []
        _roles = d.pop("roles")
        for roles_item_data in _roles:
            roles_item = InvitationRole(roles_item_data)

            roles.append(roles_item)

        def _parse_notes(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        notes = _parse_notes(d.pop("notes"))

        status = InvitationStatus(d.pop("status"))

        expired = d.pop("expired")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))

        def _parse_accepted_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                accepted_at_type_0 = datetime.datetime.fromisoformat(data)

                return accepted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        accepted_at = _parse_accepted_at(d.pop("accepted_at"))

        def _parse_declined_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                declined_at_type_0 = datetime.datetime.fromisoformat(data)

                return declined_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        declined_at = _parse_declined_at(d.pop("declined_at"))

        def _parse_cancelled_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancelled_at_type_0 = datetime.datetime.fromisoformat(data)

                return cancelled_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancelled_at = _parse_cancelled_at(d.pop("cancelled_at"))

        def _parse_responded_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        responded_by = _parse_responded_by(d.pop("responded_by"))

        def _parse_cancelled_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancelled_by = _parse_cancelled_by(d.pop("cancelled_by"))

        _role_details = d.pop("role_details", UNSET)
        role_details: list[RoleDetail] | Unset = UNSET
        if _role_details is not UNSET:
            role_details = []
            for role_details_item_data in _role_details:
                role_details_item = RoleDetail.from_dict(role_details_item_data)

                role_details.append(role_details_item)

        invitation = cls(
            id=id,
            urn=urn,
            organization_id=organization_id,
            organization=organization,
            management_account_id=management_account_id,
            management_account_name=management_account_name,
            created_by=created_by,
            target=target,
            email=email,
            given_name=given_name,
            family_name=family_name,
            roles=roles,
            notes=notes,
            status=status,
            expired=expired,
            created_at=created_at,
            updated_at=updated_at,
            expires_at=expires_at,
            accepted_at=accepted_at,
            declined_at=declined_at,
            cancelled_at=cancelled_at,
            responded_by=responded_by,
            cancelled_by=cancelled_by,
            role_details=role_details,
        )

        invitation.additional_properties = d
        return invitation

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
