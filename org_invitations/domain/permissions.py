"""Who may do what inside an organization."""

from __future__ import annotations

from collections.abc import Set
from enum import Enum

from org_invitations.domain.invitations import Invitation
from org_invitations.domain.model import Role

MANAGERS = frozenset({Role.OWNER, Role.ADMIN})


def can_manage(roles: Set[Role]) -> bool:
    """Owners and admins manage invitations and members."""
    return bool(roles & MANAGERS)


def may_remove(actor_id: str, actor_roles: Set[Role], target_id: str, target_roles: Set[Role]) -> bool:
    """Anyone may leave; managers remove members; only the owner removes an admin; nobody the owner."""
    if actor_id == target_id:
        return True
    if Role.OWNER in target_roles:
        return False
    if Role.ADMIN in target_roles:
        return Role.OWNER in actor_roles
    return can_manage(actor_roles)


class Access(Enum):
    ALLOWED = "allowed"
    FORBIDDEN = "forbidden"  # the caller can see it, but may not do this: 403
    HIDDEN = "hidden"  # the caller may not know it exists: 404


def handshake_access(caller_id: str, caller_roles: Set[Role] | None, invitation: Invitation) -> Access:
    """Reading a handshake: the inviting organization's managers and the invitee; members see it exists."""
    if caller_roles is not None and can_manage(caller_roles):
        return Access.ALLOWED
    if invitation.is_addressed_to(caller_id) or invitation.responded_by == caller_id:
        return Access.ALLOWED
    return Access.FORBIDDEN if caller_roles is not None else Access.HIDDEN


def respond_access(caller_id: str, caller_roles: Set[Role] | None, invitation: Invitation) -> Access:
    """Accepting or declining by id: the invited account only."""
    if invitation.is_addressed_to(caller_id):
        return Access.ALLOWED
    return _refusal(handshake_access(caller_id, caller_roles, invitation))


def cancel_access(caller_id: str, caller_roles: Set[Role] | None, invitation: Invitation) -> Access:
    """Cancelling: the inviting organization's owner and admins only."""
    if caller_roles is not None and can_manage(caller_roles):
        return Access.ALLOWED
    return _refusal(handshake_access(caller_id, caller_roles, invitation))


def _refusal(seeing: Access) -> Access:
    return Access.HIDDEN if seeing is Access.HIDDEN else Access.FORBIDDEN
