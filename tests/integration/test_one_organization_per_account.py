"""One organization per account holds in a real database when an account accepts two at once.

On SQLite by default, on PostgreSQL (where the account's row lock is what holds it) when
ORG_INVITATIONS_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from org_invitations.bootstrap import Services
from org_invitations.domain.errors import MemberElsewhere
from org_invitations.domain.model import Role
from org_invitations.services.invitations import InvitationRequest

RACES = 5


def invitation_to(services: Services, owner: str, organization_id: str, account_id: str) -> str:
    request = InvitationRequest(
        target_type="account",
        entity=account_id,
        roles=frozenset({Role.MEMBER}),
        given_name=None,
        family_name=None,
        notes=None,
        validity=timedelta(days=1),
        single_organization=True,
    )
    return services.invitations.create(owner, organization_id, request).invitation.id


def accept_both_at_once(services: Services, invitee: str, invitations: list[str]) -> list[str]:
    start = threading.Barrier(len(invitations))
    outcomes: list[str] = []

    def accept(invitation_id: str) -> None:
        start.wait()
        try:
            services.invitations.accept(invitee, invitation_id, single_organization=True)
            outcomes.append("joined")
        except MemberElsewhere:
            outcomes.append("refused")

    threads = [threading.Thread(target=accept, args=(invitation_id,)) for invitation_id in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_accepting_two_organizations_at_once_joins_exactly_one(services: Services) -> None:
    for race in range(RACES):
        invitee = services.accounts.create(f"Invitee {race}", None).account.id
        invitations = []
        for side in ("left", "right"):
            owner = services.accounts.create(f"Owner {race} {side}", None).account.id
            organization = services.organizations.create(owner, f"{side} {race}", single_organization=True)
            invitations.append(invitation_to(services, owner, organization.id, invitee))

        assert accept_both_at_once(services, invitee, invitations) == ["joined", "refused"]
        assert services.organizations.of_account(invitee) is not None
