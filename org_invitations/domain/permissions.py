"""Who may do what inside an organization."""

from __future__ import annotations

from collections.abc import Set

from org_invitations.domain.model import Role

MANAGERS = frozenset({Role.OWNER, Role.ADMIN})


def can_manage(roles: Set[Role]) -> bool:
    """Owners and admins manage invitations and members."""
    return bool(roles & MANAGERS)


def may_remove(actor_id: str, actor_roles: Set[Role], target_id: str, target_roles: Set[Role]) -> bool:
    """Anyone may leave; managers remove members; only the owner removes an admin."""
    if actor_id == target_id:
        return True
    if Role.ADMIN in target_roles:
        return Role.OWNER in actor_roles
    return can_manage(actor_roles)
