"""One organization per account, the rule the AWS and Huawei dialects ask the core for.

The native API lets an account belong to many organizations; these use cases, asked for
`single_organization`, refuse a second one instead, whoever is creating, invited or accepting.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from org_invitations.domain.errors import (
    AlreadyInOrganization,
    AlreadyInState,
    AlreadyMember,
    MemberElsewhere,
)
from org_invitations.domain.invitations import Status
from tests.unit.conftest import Cast, request, sign_up


def one_per_account(cast: Cast, entity: str) -> str:
    """An invitation made under the rule, from the cast's organization's admin."""
    rule = replace(request(entity), single_organization=True)
    return cast.core.invitations.create(cast.admin, cast.org, rule).invitation.id


def test_an_account_in_an_organization_cannot_create_another(cast: Cast) -> None:
    with pytest.raises(AlreadyInOrganization):
        cast.core.organizations.create(cast.member, "Second", single_organization=True)
    assert cast.core.organizations.create(cast.member, "Second").id  # the native API allows it
    newcomer = sign_up(cast.core, "Newcomer")
    assert cast.core.organizations.create(newcomer, "First", single_organization=True).id


def test_an_account_of_another_organization_cannot_be_invited(cast: Cast) -> None:
    other_owner = sign_up(cast.core, "Other Owner")
    cast.core.organizations.create(other_owner, "Elsewhere")

    with pytest.raises(MemberElsewhere):
        one_per_account(cast, other_owner)
    with pytest.raises(AlreadyMember):  # a member of this one is told that, as before
        one_per_account(cast, cast.member)
    assert one_per_account(cast, cast.invitee)


def test_an_account_that_joined_elsewhere_meanwhile_cannot_accept(cast: Cast) -> None:
    invitation_id = one_per_account(cast, cast.invitee)
    cast.core.organizations.create(cast.invitee, "Own organization")  # joined after the invitation

    with pytest.raises(MemberElsewhere):
        cast.core.invitations.accept(cast.invitee, invitation_id, single_organization=True)
    assert cast.core.invitations.get_handshake(cast.invitee, invitation_id).status is Status.PENDING
    accepted = cast.core.invitations.accept(cast.invitee, invitation_id)  # the native API allows it
    assert accepted.status is Status.ACCEPTED


def test_accepting_again_under_the_rule_is_already_in_state_not_elsewhere(cast: Cast) -> None:
    invitation_id = one_per_account(cast, cast.invitee)
    cast.core.invitations.accept(cast.invitee, invitation_id, single_organization=True)

    with pytest.raises(AlreadyInState):
        cast.core.invitations.accept(cast.invitee, invitation_id, single_organization=True)
