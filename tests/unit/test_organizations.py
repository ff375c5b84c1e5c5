"""Organizations and their members, over the in-memory unit of work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from org_invitations.domain.errors import AccessDenied, MemberNotFound, OrganizationNotFound, OwnerCannotLeave
from org_invitations.domain.model import Role
from tests.fakes import ManualClock
from tests.unit.conftest import Cast, Core, join, sign_up


def members(cast: Cast) -> dict[str, frozenset[Role]]:
    page = cast.core.organizations.members(cast.owner, cast.org, 50, None)
    return {member.account_id: member.roles for member in page.items}


def test_the_creator_owns_the_organization_and_is_its_first_member(core: Core) -> None:
    owner = sign_up(core, "Ada Lovelace")

    organization = core.organizations.create(owner, "Analytical Engines")

    assert organization.management_account_id == owner
    assert organization.management_account_name == "Ada Lovelace"
    assert core.organizations.get(owner, organization.id) == organization
    listed = core.organizations.members(owner, organization.id, 50, None).items
    assert [(m.account_id, m.roles) for m in listed] == [(owner, frozenset({Role.OWNER}))]


def test_an_account_that_no_longer_exists_cannot_create_an_organization(core: Core) -> None:
    with pytest.raises(AccessDenied):
        core.organizations.create("0" * 32, "Analytical Engines")


def test_outsiders_cannot_tell_the_organization_exists(cast: Cast) -> None:
    with pytest.raises(OrganizationNotFound):
        cast.core.organizations.get(cast.outsider, cast.org)
    with pytest.raises(OrganizationNotFound):
        cast.core.organizations.members(cast.outsider, cast.org, 50, None)
    with pytest.raises(OrganizationNotFound):
        cast.core.organizations.remove_member(cast.outsider, cast.org, cast.member)
    assert cast.member in members(cast)


def test_every_member_sees_the_organization_and_its_members(cast: Cast) -> None:
    for member in (cast.owner, cast.admin, cast.member):
        assert cast.core.organizations.get(member, cast.org).id == cast.org
    assert members(cast) == {
        cast.owner: frozenset({Role.OWNER}),
        cast.admin: frozenset({Role.ADMIN}),
        cast.member: frozenset({Role.MEMBER}),
    }


def test_members_are_listed_by_join_time_in_pages(cast: Cast, clock: ManualClock) -> None:
    clock.advance(timedelta(minutes=1))
    later = sign_up(cast.core, "Alan Turing")
    join(cast.core, cast.org, cast.owner, later, Role.MEMBER)

    first = cast.core.organizations.members(cast.member, cast.org, 3, None)
    rest = cast.core.organizations.members(cast.member, cast.org, 3, first.next_marker)

    assert {m.account_id for m in first.items} == {cast.owner, cast.admin, cast.member}
    assert [m.account_id for m in rest.items] == [later]
    assert rest.next_marker is None


def test_the_owner_cannot_leave(cast: Cast) -> None:
    with pytest.raises(OwnerCannotLeave):
        cast.core.organizations.remove_member(cast.owner, cast.org, cast.owner)
    assert members(cast)[cast.owner] == frozenset({Role.OWNER})


def test_nobody_removes_the_owner(cast: Cast) -> None:
    with pytest.raises(AccessDenied):
        cast.core.organizations.remove_member(cast.admin, cast.org, cast.owner)
    assert cast.owner in members(cast)


def test_only_the_owner_removes_an_admin(cast: Cast) -> None:
    second_admin = sign_up(cast.core, "Alan Turing")
    join(cast.core, cast.org, cast.owner, second_admin, Role.ADMIN)

    with pytest.raises(AccessDenied):
        cast.core.organizations.remove_member(cast.admin, cast.org, second_admin)
    assert second_admin in members(cast)

    cast.core.organizations.remove_member(cast.owner, cast.org, second_admin)
    assert second_admin not in members(cast)


def test_an_admin_removes_a_member(cast: Cast) -> None:
    cast.core.organizations.remove_member(cast.admin, cast.org, cast.member)

    assert cast.member not in members(cast)
    with pytest.raises(OrganizationNotFound):
        cast.core.organizations.get(cast.member, cast.org)


def test_a_member_may_not_remove_another_member(cast: Cast) -> None:
    other = sign_up(cast.core, "Alan Turing")
    join(cast.core, cast.org, cast.owner, other, Role.MEMBER)

    with pytest.raises(AccessDenied):
        cast.core.organizations.remove_member(cast.member, cast.org, other)
    assert other in members(cast)


def test_members_and_admins_may_leave(cast: Cast) -> None:
    cast.core.organizations.remove_member(cast.member, cast.org, cast.member)
    cast.core.organizations.remove_member(cast.admin, cast.org, cast.admin)

    assert members(cast) == {cast.owner: frozenset({Role.OWNER})}


def test_removing_someone_who_is_not_a_member_is_member_not_found(cast: Cast) -> None:
    with pytest.raises(MemberNotFound):
        cast.core.organizations.remove_member(cast.owner, cast.org, cast.outsider)
