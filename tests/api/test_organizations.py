"""Organizations and members, through the generated client.

Until invitations can be accepted (the lifecycle issue), extra members are
written through the real unit of work, the same path acceptance will take.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from org_invitations_client.api.organizations import (
    create_organization,
    get_organization,
    list_members,
    remove_member,
)
from org_invitations_client.models import MemberList, Organization, OrganizationCreate, Problem
from org_invitations_client.types import UNSET, Unset

from org_invitations.bootstrap import Services
from org_invitations.domain.model import Role
from tests.conftest import Caller, ManualClock


@pytest.fixture
def join(services: Services, clock: ManualClock) -> Callable[[str, Caller, Role], None]:
    def add(organization_id: str, caller: Caller, role: Role) -> None:
        with services.uow.writing() as uow:
            uow.memberships.add(organization_id, caller.id, frozenset({role}), clock.now())
            uow.commit()

    return add


def make_org(owner: Caller, name: str = "Analytical Engines") -> Organization:
    created = create_organization.sync(client=owner.client, body=OrganizationCreate(name=name))
    assert isinstance(created, Organization)
    return created


def test_the_creator_owns_the_organization(new_account: Callable[[str], Caller]) -> None:
    ada = new_account("Ada")
    org = make_org(ada)
    assert org.id.startswith("o-") and len(org.id) == 34
    assert org.urn == f"organizations::{ada.id}:organization:{org.id}"
    assert (org.management_account_id, org.management_account_name) == (ada.id, "Ada")
    assert get_organization.sync(org.id, client=ada.client) == org
    members = list_members.sync(org.id, client=ada.client)
    assert isinstance(members, MemberList)
    assert [(m.account_id, [r.value for r in m.roles]) for m in members.items] == [(ada.id, ["owner"])]
    assert members.page_info.next_marker is None and members.page_info.current_count == 1


def test_outsiders_get_404_exactly_as_for_an_organization_that_does_not_exist(
    new_account: Callable[[str], Caller],
) -> None:
    ada, eve = new_account("Ada"), new_account("Eve")
    org = make_org(ada)
    missing = "o-" + "0" * 32
    for organization_id in (org.id, missing):
        for call in (get_organization.sync_detailed, list_members.sync_detailed):
            response = call(organization_id, client=eve.client)
            assert response.status_code == 404
            assert isinstance(response.parsed, Problem)
            assert response.parsed.code == "organization_not_found"
            assert response.headers["X-Error-Code"] == "organization_not_found"
            assert org.name not in response.content.decode()


def test_members_page_by_join_order_with_markers(
    new_account: Callable[[str], Caller], join: Callable[[str, Caller, Role], None], clock: ManualClock
) -> None:
    ada = new_account("Ada")
    org = make_org(ada)
    others = [new_account(f"Member {n}") for n in range(4)]
    for other in others:
        clock.advance(timedelta(minutes=1))
        join(org.id, other, Role.MEMBER)
    # Two members joining in the same second are ordered by account id.
    same_second = sorted([new_account("Twin A"), new_account("Twin B")], key=lambda c: c.id)
    clock.advance(timedelta(minutes=1))
    for twin in reversed(same_second):
        join(org.id, twin, Role.MEMBER)
    seen: list[str] = []
    marker: str | Unset = UNSET
    pages = 0
    while True:
        page = list_members.sync(org.id, client=ada.client, limit=2, marker=marker)
        assert isinstance(page, MemberList)
        assert page.page_info.current_count == len(page.items) <= 2
        seen += [m.account_id for m in page.items]
        pages += 1
        if page.page_info.next_marker is None:
            break
        marker = page.page_info.next_marker
    assert pages == 4
    assert seen == [ada.id, *(o.id for o in others), *(t.id for t in same_second)]


def test_any_well_formed_marker_is_a_position(
    new_account: Callable[[str], Caller], join: Callable[[str, Caller, Role], None], clock: ManualClock
) -> None:
    ada = new_account("Ada")
    org = make_org(ada)
    clock.advance(timedelta(hours=1))
    late = new_account("Late")
    join(org.id, late, Role.MEMBER)
    after_ada = list_members.sync(org.id, client=ada.client, marker=f"{int(clock.now().timestamp()) - 1}.0")
    assert isinstance(after_ada, MemberList) and [m.account_id for m in after_ada.items] == [late.id]
    beyond = list_members.sync(org.id, client=ada.client, marker="99999999999.z")
    assert isinstance(beyond, MemberList) and beyond.items == [] and beyond.page_info.next_marker is None


def test_the_owner_cannot_leave(new_account: Callable[[str], Caller]) -> None:
    ada = new_account("Ada")
    org = make_org(ada)
    response = remove_member.sync_detailed(org.id, ada.id, client=ada.client)
    assert response.status_code == 409
    assert isinstance(response.parsed, Problem) and response.parsed.code == "owner_cannot_leave"


def test_a_member_may_leave_but_not_remove_others(
    new_account: Callable[[str], Caller], join: Callable[[str, Caller, Role], None]
) -> None:
    ada, bob, cat = new_account("Ada"), new_account("Bob"), new_account("Cat")
    org = make_org(ada)
    join(org.id, bob, Role.MEMBER)
    join(org.id, cat, Role.MEMBER)
    refused = remove_member.sync_detailed(org.id, cat.id, client=bob.client)
    assert refused.status_code == 403
    assert isinstance(refused.parsed, Problem) and refused.parsed.code == "access_denied"
    assert remove_member.sync_detailed(org.id, bob.id, client=bob.client).status_code == 204
    gone = get_organization.sync_detailed(org.id, client=bob.client)
    assert gone.status_code == 404


def test_only_the_owner_removes_an_admin(
    new_account: Callable[[str], Caller], join: Callable[[str, Caller, Role], None]
) -> None:
    ada, bob, cat, dan = new_account("Ada"), new_account("Bob"), new_account("Cat"), new_account("Dan")
    org = make_org(ada)
    join(org.id, bob, Role.ADMIN)
    join(org.id, cat, Role.ADMIN)
    join(org.id, dan, Role.MEMBER)
    assert remove_member.sync_detailed(org.id, cat.id, client=bob.client).status_code == 403
    assert remove_member.sync_detailed(org.id, dan.id, client=bob.client).status_code == 204
    assert remove_member.sync_detailed(org.id, cat.id, client=ada.client).status_code == 204


def test_nobody_removes_the_owner(
    new_account: Callable[[str], Caller], join: Callable[[str, Caller, Role], None]
) -> None:
    ada, bob, cat = new_account("Ada"), new_account("Bob"), new_account("Cat")
    org = make_org(ada)
    join(org.id, bob, Role.ADMIN)
    join(org.id, cat, Role.MEMBER)
    for remover in (bob, cat):
        response = remove_member.sync_detailed(org.id, ada.id, client=remover.client)
        assert response.status_code == 403
        assert isinstance(response.parsed, Problem) and response.parsed.code == "access_denied"


def test_removing_someone_who_is_not_a_member_is_404(new_account: Callable[[str], Caller]) -> None:
    ada, eve = new_account("Ada"), new_account("Eve")
    org = make_org(ada)
    response = remove_member.sync_detailed(org.id, eve.id, client=ada.client)
    assert response.status_code == 404
    assert isinstance(response.parsed, Problem) and response.parsed.code == "member_not_found"
