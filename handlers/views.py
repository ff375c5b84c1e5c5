"""Domain values → generated response models, shared by the handler groups."""

from __future__ import annotations

from collections.abc import Sequence

from generated import models
from org_invitations.domain.invitations import ROLE_DETAILS, Event, Invitation, Status, TargetType
from org_invitations.services.invitations import IssuedInvitation

TOKEN_PATH = "/v1/organizations/invitations/"


def page_info(items: Sequence[object], next_marker: str | None) -> models.PageInfo:
    return models.PageInfo(next_marker=next_marker, current_count=len(items))


def target_view(invitation: Invitation) -> models.AccountTarget | models.EmailTarget:
    if invitation.target.type is TargetType.ACCOUNT:
        return models.AccountTarget(type="account", entity=invitation.target.entity)
    return models.EmailTarget(type="email", entity=invitation.target.entity)


def invitation_view(invitation: Invitation, *, expand_roles: bool = False) -> models.Invitation:
    roles = sorted(invitation.roles)
    expanded: dict[str, list[models.RoleDetail]] = {}
    if expand_roles:
        expanded["role_details"] = [
            models.RoleDetail(
                name=models.InvitationRole(role),
                display_name=ROLE_DETAILS[role].display_name,
                description=ROLE_DETAILS[role].description,
            )
            for role in roles
        ]
    return models.Invitation(
        **expanded,
        id=invitation.id,
        urn=invitation.urn,
        organization_id=invitation.organization_id,
        organization=models.OrganizationSummary(
            id=invitation.organization_id, name=invitation.organization_name
        ),
        management_account_id=invitation.owner_id,
        management_account_name=invitation.owner_name,
        created_by=invitation.created_by,
        target=target_view(invitation),
        email=invitation.email,
        given_name=invitation.given_name,
        family_name=invitation.family_name,
        roles=[models.InvitationRole(role) for role in roles],
        notes=invitation.notes,
        status=models.InvitationStatus(invitation.status),
        expired=invitation.status is Status.EXPIRED,
        created_at=invitation.created_at,
        updated_at=invitation.updated_at,
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
        declined_at=invitation.declined_at,
        cancelled_at=invitation.cancelled_at,
        responded_by=invitation.responded_by,
        cancelled_by=invitation.cancelled_by,
    )


def issued_view(issued: IssuedInvitation, public_base_url: str) -> models.InvitationCreated:
    return models.InvitationCreated(
        invitation=invitation_view(issued.invitation),
        invitation_token=issued.token,
        invitation_link=public_base_url.rstrip("/") + TOKEN_PATH + issued.token,
    )


def preview_view(invitation: Invitation) -> models.InvitationPreview:
    return models.InvitationPreview(
        id=invitation.id,
        organization=models.OrganizationSummary(
            id=invitation.organization_id, name=invitation.organization_name
        ),
        target_type=models.TargetType(invitation.target.type),
        email=invitation.email,
        roles=[models.InvitationRole(role) for role in sorted(invitation.roles)],
        status=models.InvitationStatus(invitation.status),
        expired=invitation.status is Status.EXPIRED,
        created_at=invitation.created_at,
        expires_at=invitation.expires_at,
        accepted_at=invitation.accepted_at,
    )


def event_view(event: Event) -> models.InvitationEvent:
    before = {"from_status": models.InvitationStatus(event.from_status)} if event.from_status else {}
    return models.InvitationEvent(
        **before,
        id=event.id,
        invitation_id=event.invitation_id,
        action=models.InvitationAction(event.action),
        actor_account_id=event.actor_account_id,
        to_status=models.InvitationStatus(event.to_status),
        occurred_at=event.occurred_at,
    )


def invitation_list(
    items: Sequence[Invitation], next_marker: str | None, *, expand_roles: bool = False
) -> models.InvitationList:
    return models.InvitationList(
        items=[invitation_view(item, expand_roles=expand_roles) for item in items],
        page_info=page_info(items, next_marker),
    )
