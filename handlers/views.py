"""The core's read models as the native contract's response models.

The core's values carry the contract's field names, so a view is a declaration: the
response model, read from the value by name, plus the few fields the value does not
have. `view` is the one mechanism; the functions below only say what differs.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel

from org_invitations.domain.invitations import ROLE_DETAILS, Invitation
from org_invitations.domain.model import Page
from org_invitations.domain.outbox import Delivery, OutboxMessage
from org_invitations.generated import models
from org_invitations.services.invitations import IssuedInvitation
from org_invitations.settings import Settings

M = TypeVar("M", bound=BaseModel)


def view(model: type[M], source: object, **fields: Any) -> M:
    """`model` filled from `source`'s attributes of the same names, then from `fields`.

    An optional field the source leaves at None is absent, not null; a set becomes a
    sorted list, so the same value always gives the same bytes.
    """
    data: dict[str, Any] = {}
    for name, required in _fields(model):
        value = fields[name] if name in fields else getattr(source, name, None)
        if value is None and not required:
            continue
        data[name] = sorted(value) if isinstance(value, set | frozenset) else value
    return model.model_validate(data, from_attributes=True)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """The model's fields and whether each is required, asked once: a page asks for each item."""
    return tuple((name, field.is_required()) for name, field in model.model_fields.items())


def page_view(model: type[M], page: Page[Any], item: type[BaseModel] | Callable[[Any], BaseModel]) -> M:
    """A list response: each item viewed as `item` (a response model, or a view function), and page_info."""
    make = (lambda value: view(item, value)) if isinstance(item, type) else item
    return model(
        items=[make(value) for value in page.items],
        page_info=models.PageInfo(next_marker=page.next_marker, current_count=len(page.items)),
    )


def delivery_view(model: type[M], message: OutboxMessage, status: Enum, **fields: Any) -> M:
    """An outbox message as one delivery (an invitation's email, a webhook event): its next try
    only while it is pending."""
    pending = message.status is Delivery.PENDING
    return view(
        model, message, status=status, next_attempt_at=message.next_attempt_at if pending else None, **fields
    )


def invitation_view(invitation: Invitation, *, expand_roles: bool = False) -> models.Invitation:
    if not expand_roles:
        return view(models.Invitation, invitation)
    details = [view(models.RoleDetail, ROLE_DETAILS[role]) for role in sorted(invitation.roles)]
    return view(models.Invitation, invitation, role_details=details)


def issued_view(issued: IssuedInvitation, settings: Settings) -> models.InvitationCreated:
    return view(
        models.InvitationCreated, issued, invitation_link=settings.invitation_link(issued.invitation_token)
    )


def preview_view(invitation: Invitation) -> models.InvitationPreview:
    return view(models.InvitationPreview, invitation, target_type=invitation.target.type)


def invitation_list(page: Page[Invitation], *, expand_roles: bool = False) -> models.InvitationList:
    return page_view(
        models.InvitationList, page, lambda item: invitation_view(item, expand_roles=expand_roles)
    )
