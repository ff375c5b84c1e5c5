from org_invitations.domain.model import Role
from org_invitations.domain.permissions import can_manage, may_remove

OWNER = frozenset({Role.OWNER})
ADMIN = frozenset({Role.ADMIN})
MEMBER = frozenset({Role.MEMBER})


def test_owners_and_admins_manage_members_do_not() -> None:
    assert can_manage(OWNER)
    assert can_manage(ADMIN)
    assert not can_manage(MEMBER)


def test_anyone_may_remove_themself() -> None:
    assert may_remove("a", MEMBER, "a", MEMBER)


def test_member_may_not_remove_another_member() -> None:
    assert not may_remove("a", MEMBER, "b", MEMBER)


def test_admin_removes_members_but_not_admins() -> None:
    assert may_remove("a", ADMIN, "b", MEMBER)
    assert not may_remove("a", ADMIN, "b", ADMIN)


def test_owner_removes_admins() -> None:
    assert may_remove("a", OWNER, "b", ADMIN)
