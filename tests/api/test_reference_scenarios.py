"""One scenario per public API this service unifies, written as that API's users would use ours."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from org_invitations_client import Client
from org_invitations_client.api.handshakes import accept_handshake, get_handshake
from org_invitations_client.api.invitations import get_invitation, list_invitations
from org_invitations_client.api.token_invitations import accept_invitation_by_token, get_invitation_by_token
from org_invitations_client.models import (
    AccountTarget,
    Invitation,
    InvitationExpansion,
    InvitationList,
    InvitationPreview,
    InvitationStatus,
    TargetType,
)
from org_invitations_client.types import UNSET, Unset

from tests.conftest import Caller, ManualClock
from tests.invitations import invite, make_org, problem


def test_huawei_handshake_lookup_by_id(new_account: Callable[[str], Caller], clock: ManualClock) -> None:
    """GET /v1/organizations/handshakes/{handshake_id}: urn, target, management account, lowercase states."""
    owner, invitee = new_account("Management"), new_account("Invitee")
    org = make_org(owner, "Huawei Cloud Org")
    created = invite(owner, org, invitee.id, notes="Join our organization.")

    for caller in (owner, invitee):
        handshake = get_handshake.sync(created.invitation.id, client=caller.client)
        assert isinstance(handshake, Invitation)
        assert handshake.id.startswith("h-")
        assert handshake.urn == f"organizations::{owner.id}:handshake:{org.id}/{handshake.id}"
        assert isinstance(handshake.target, AccountTarget) and handshake.target.entity == invitee.id
        assert (handshake.management_account_id, handshake.management_account_name) == (
            owner.id,
            "Management",
        )
        assert handshake.organization_id == org.id and handshake.notes == "Join our organization."
        assert handshake.status == InvitationStatus.PENDING and handshake.status.value == "pending"
        assert handshake.expires_at - handshake.created_at == timedelta(days=14)


def test_elastic_token_lookup_shows_expired_and_accepted_at(
    new_account: Callable[[str], Caller], anonymous: Client, clock: ManualClock
) -> None:
    """GET /organizations/invitations/{invitation_token}: no access needed; expired flag; accept by token."""
    owner, grace = new_account("Owner"), new_account("Grace")
    org = make_org(owner, "Elastic Org")
    created = invite(owner, org, "Grace@Example.com", by=TargetType.EMAIL)

    preview = get_invitation_by_token.sync(created.invitation_token, client=anonymous)
    assert isinstance(preview, InvitationPreview)
    assert (preview.organization.id, preview.organization.name) == (org.id, "Elastic Org")
    assert preview.expired is False and preview.accepted_at is None
    assert preview.email == "grace@example.com"  # stored in its canonical form

    clock.advance(timedelta(days=1))
    accepted = accept_invitation_by_token.sync(created.invitation_token, client=grace.client)
    assert isinstance(accepted, Invitation) and accepted.responded_by == grace.id
    after = get_invitation_by_token.sync(created.invitation_token, client=anonymous)
    assert isinstance(after, InvitationPreview)
    assert (
        after.accepted_at == clock.now() and after.status == InvitationStatus.ACCEPTED and not after.expired
    )

    late = invite(owner, org, "late@example.com", by=TargetType.EMAIL)
    clock.advance(timedelta(days=15))
    expired = get_invitation_by_token.sync(late.invitation_token, client=anonymous)
    assert isinstance(expired, InvitationPreview)
    assert (
        expired.expired is True and expired.status == InvitationStatus.EXPIRED and expired.accepted_at is None
    )


def test_infodeck_organization_scoped_lookup(new_account: Callable[[str], Caller], anonymous: Client) -> None:
    """GET /organizations/{organizationId}/invitations/{code}: names, role, and 401/403/404 distinguished."""
    owner, member, outsider = new_account("Owner"), new_account("Member"), new_account("Outsider")
    org = make_org(owner, "Infodeck Org")
    member_invite = invite(owner, org, member.id)
    accept_handshake.sync(member_invite.invitation.id, client=member.client)
    created = invite(
        owner,
        org,
        "ada@example.com",
        by=TargetType.EMAIL,
        role="admin",
        given_name="Ada",
        family_name="Lovelace",
    )
    invitation_id = created.invitation.id

    found = get_invitation.sync(org.id, invitation_id, client=owner.client)
    assert isinstance(found, Invitation)
    assert (found.given_name, found.family_name, found.email) == ("Ada", "Lovelace", "ada@example.com")
    assert [role.value for role in found.roles] == ["admin"]

    unauthenticated = get_invitation.sync_detailed(org.id, invitation_id, client=anonymous)  # type: ignore[arg-type]
    problem(unauthenticated, 401, "unauthenticated")
    problem(get_invitation.sync_detailed(org.id, invitation_id, client=member.client), 403, "access_denied")
    problem(
        get_invitation.sync_detailed(org.id, invitation_id, client=outsider.client),
        404,
        "organization_not_found",
    )
    other_org = make_org(owner, "Other Org")
    problem(
        get_invitation.sync_detailed(other_org.id, invitation_id, client=owner.client),
        404,
        "invitation_not_found",
    )


def test_vmware_list_with_expand_filters_and_paging(new_account: Callable[[str], Caller]) -> None:
    """GET /orgs/{orgId}/invitations?expand: Admin/Owner only, role details on request, filters, paging."""
    owner, member = new_account("Owner"), new_account("Member")
    org = make_org(owner, "VMware Org")
    accept_handshake.sync(invite(owner, org, member.id).invitation.id, client=member.client)
    emails = [f"person{n}@example.com" for n in range(5)]
    for email in emails:
        invite(
            owner, org, email, by=TargetType.EMAIL, role="admin" if email.startswith("person0") else "member"
        )

    expanded = list_invitations.sync(org.id, client=owner.client, expand=InvitationExpansion.ROLES)
    assert isinstance(expanded, InvitationList)
    details = {d.name.value: d.display_name for item in expanded.items for d in item.role_details or []}
    assert details == {"admin": "Admin", "member": "Member"}
    plain = list_invitations.sync(org.id, client=owner.client)
    assert isinstance(plain, InvitationList) and all(isinstance(i.role_details, Unset) for i in plain.items)

    pending_email = list_invitations.sync(
        org.id, client=owner.client, status=InvitationStatus.PENDING, target_type=TargetType.EMAIL
    )
    assert isinstance(pending_email, InvitationList)
    assert sorted(i.email for i in pending_email.items if i.email) == emails
    accepted = list_invitations.sync(org.id, client=owner.client, status=InvitationStatus.ACCEPTED)
    assert isinstance(accepted, InvitationList) and [i.target.entity for i in accepted.items] == [member.id]
    one = list_invitations.sync(org.id, client=owner.client, email="PERSON3@example.com")
    assert isinstance(one, InvitationList) and [i.email for i in one.items] == ["person3@example.com"]

    seen: list[str] = []
    marker: str | Unset = UNSET
    while True:
        page = list_invitations.sync(org.id, client=owner.client, limit=2, marker=marker)
        assert isinstance(page, InvitationList) and page.page_info.current_count == len(page.items)
        seen += [i.id for i in page.items]
        if page.page_info.next_marker is None:
            break
        marker = page.page_info.next_marker
    assert len(seen) == len(set(seen)) == 6

    problem(list_invitations.sync_detailed(org.id, client=member.client), 403, "access_denied")


def test_aws_accept_handshake_by_the_invited_account_only(new_account: Callable[[str], Caller]) -> None:
    """AcceptHandshake: only the invited party; joins atomically; a second accept is already-in-state."""
    owner, invitee, other = new_account("Owner"), new_account("Invitee"), new_account("Other")
    org = make_org(owner, "AWS Org")
    handshake_id = invite(owner, org, invitee.id).invitation.id

    problem(accept_handshake.sync_detailed(handshake_id, client=other.client), 404, "invitation_not_found")
    problem(accept_handshake.sync_detailed(handshake_id, client=owner.client), 403, "access_denied")

    accepted = accept_handshake.sync(handshake_id, client=invitee.client)
    assert isinstance(accepted, Invitation)
    assert accepted.status == InvitationStatus.ACCEPTED and accepted.responded_by == invitee.id
    problem(accept_handshake.sync_detailed(handshake_id, client=invitee.client), 409, "already_in_state")
