"""The invitation repository: lookups, keyset-paged lists, compare-and-set transitions, the audit trail."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    Update,
    and_,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from org_invitations.domain.invitations import Action, Event, Invitation, Status, Target, TargetType
from org_invitations.domain.model import OrganizationSummary, Page, Role
from org_invitations.ids import new_event_id
from org_invitations.storage.paging import after, decode_marker, encode_marker
from org_invitations.storage.prepared import PreparedChange, PreparedInsert, PreparedSelect
from org_invitations.storage.rows import roles_from_column, roles_to_column
from org_invitations.storage.tables import (
    AccountRow,
    InvitationEventRow,
    InvitationRow,
    MembershipRow,
    OrganizationRow,
)

_Owner = aliased(AccountRow)
_INVITATIONS = InvitationRow.__table__

FINISHED_AT_COLUMN = {
    Status.ACCEPTED: "accepted_at",
    Status.DECLINED: "declined_at",
    Status.CANCELLED: "cancelled_at",
}

_SELECT: Select[Any] = (
    select(
        _INVITATIONS,
        OrganizationRow.name.label("organization_name"),
        OrganizationRow.owner_id.label("management_account_id"),
        _Owner.name.label("management_account_name"),
    )
    .join(OrganizationRow, OrganizationRow.id == InvitationRow.organization_id)
    .join(_Owner, _Owner.id == OrganizationRow.owner_id)
)
_BY_ID = PreparedSelect(_SELECT.where(InvitationRow.id == bindparam("invitation_id")))
_BY_ID_WITH_ROLES = PreparedSelect(
    _SELECT.add_columns(MembershipRow.roles.label("account_roles"))
    .outerjoin(
        MembershipRow,
        and_(
            MembershipRow.organization_id == InvitationRow.organization_id,
            MembershipRow.account_id == bindparam("account_id"),
        ),
    )
    .where(InvitationRow.id == bindparam("invitation_id"))
)
_BY_TOKEN = PreparedSelect(_SELECT.where(InvitationRow.token_hash == bindparam("token_hash")))
_PENDING_FOR_TARGET = PreparedSelect(
    _SELECT.where(
        InvitationRow.organization_id == bindparam("organization_id"),
        InvitationRow.target_type == bindparam("target_type"),
        InvitationRow.target_entity == bindparam("target_entity"),
        InvitationRow.status == Status.PENDING,
    )
)
_NOW = bindparam("now", type_=InvitationRow.expires_at.type)


def _invitation(row: Any) -> Invitation:
    return Invitation(
        id=row.id,
        organization=OrganizationSummary(row.organization_id, row.organization_name),
        management_account_id=row.management_account_id,
        management_account_name=row.management_account_name,
        created_by=row.created_by,
        target=Target(TargetType(row.target_type), row.target_entity),
        email=row.email,
        given_name=row.given_name,
        family_name=row.family_name,
        roles=roles_from_column(row.roles),
        notes=row.notes,
        status=Status(row.status),
        validity=timedelta(seconds=row.validity_seconds),
        created_at=row.created_at,
        updated_at=row.updated_at,
        expires_at=row.expires_at,
        accepted_at=row.accepted_at,
        declined_at=row.declined_at,
        cancelled_at=row.cancelled_at,
        responded_by=row.responded_by,
        cancelled_by=row.cancelled_by,
        token_version=row.token_version,
        team_ids=tuple(row.team_ids),
    )


def _status_is(status: Status) -> ColumnElement[bool]:
    """The status as of the bound `now`: a pending row past its expiry counts as expired."""
    if status is Status.PENDING:
        return and_(InvitationRow.status == Status.PENDING, InvitationRow.expires_at > _NOW)
    if status is Status.EXPIRED:
        return or_(
            InvitationRow.status == Status.EXPIRED,
            and_(InvitationRow.status == Status.PENDING, InvitationRow.expires_at <= _NOW),
        )
    return InvitationRow.status == status


_LIVE = and_(
    InvitationRow.id == bindparam("invitation_id"),
    InvitationRow.status == Status.PENDING,
    InvitationRow.expires_at > _NOW,
)


_FILTERS: dict[str, tuple[ColumnElement[bool], ...]] = {
    "organization": (InvitationRow.organization_id == bindparam("organization_id"),),
    "target_type": (InvitationRow.target_type == bindparam("target_type"),),
    "email": (
        InvitationRow.target_type == TargetType.EMAIL,
        InvitationRow.target_entity == bindparam("target_entity"),
    ),
    "account": (
        InvitationRow.target_type == TargetType.ACCOUNT,
        InvitationRow.target_entity == bindparam("target_entity"),
    ),
}


@cache
def _page_statement(filters: tuple[str, ...], statuses: tuple[Status, ...], seek: bool) -> PreparedSelect:
    """A list's statement, built and prepared once per shape (which filters, which statuses, from a marker or not)."""
    query = _SELECT.where(*(condition for name in filters for condition in _FILTERS[name]))
    if statuses:
        query = query.where(or_(*(_status_is(status) for status in statuses)))
    if seek:
        bound: tuple[BindParameter[Any], ...] = (
            bindparam("marker_created_at", type_=InvitationRow.created_at.type),
            bindparam("marker_id"),
        )
        query = query.where(after((InvitationRow.created_at, InvitationRow.id), bound, descending=True))
    return PreparedSelect(
        query.order_by(InvitationRow.created_at.desc(), InvitationRow.id.desc()).limit(bindparam("limit"))
    )


def _finish_statement(status: Status) -> Update:
    values: dict[str, Any] = {
        "status": status,
        "updated_at": _NOW,
        "finished_at": _NOW,
        FINISHED_AT_COLUMN[status]: _NOW,
        "cancelled_by" if status is Status.CANCELLED else "responded_by": bindparam("actor_id"),
    }
    return update(InvitationRow).where(_LIVE).values(**values)


_FINISH = {status: PreparedChange(_finish_statement(status)) for status in FINISHED_AT_COLUMN}
_EXPIRE = PreparedChange(
    update(InvitationRow)
    .where(
        InvitationRow.id == bindparam("invitation_id"),
        InvitationRow.status == Status.PENDING,
        InvitationRow.expires_at <= _NOW,
    )
    .values(status=Status.EXPIRED, updated_at=InvitationRow.expires_at, finished_at=InvitationRow.expires_at)
)
_ROTATE = PreparedChange(
    update(InvitationRow)
    .where(_LIVE)
    .values(
        token_hash=bindparam("token_hash"),
        token_version=bindparam("version"),
        expires_at=bindparam("expires_at", type_=InvitationRow.expires_at.type),
        updated_at=_NOW,
    )
)
_LAST_EVENT_POSITION = PreparedSelect(
    select(func.max(InvitationEventRow.position).label("last_position")).where(
        InvitationEventRow.invitation_id == bindparam("invitation_id")
    )
)
_ADD = PreparedInsert(InvitationRow, unless_taken=True)
_ADD_EVENT = PreparedInsert(InvitationEventRow)


class InvitationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, invitation: Invitation, token_hash: str) -> bool:
        """Insert; False when another pending invitation took the same organization and target first."""
        return _ADD.add(
            self._session,
            id=invitation.id,
            organization_id=invitation.organization_id,
            created_by=invitation.created_by,
            target_type=invitation.target.type,
            target_entity=invitation.target.entity,
            email=invitation.email,
            given_name=invitation.given_name,
            family_name=invitation.family_name,
            roles=roles_to_column(invitation.roles),
            notes=invitation.notes,
            status=invitation.status,
            validity_seconds=int(invitation.validity.total_seconds()),
            token_hash=token_hash,
            token_version=invitation.token_version,
            team_ids=list(invitation.team_ids),
            created_at=invitation.created_at,
            updated_at=invitation.updated_at,
            expires_at=invitation.expires_at,
        )

    def get(self, invitation_id: str) -> Invitation | None:
        found = _BY_ID.first(self._session, invitation_id=invitation_id)
        return _invitation(found) if found else None

    def get_with_roles(
        self, invitation_id: str, account_id: str
    ) -> tuple[Invitation, frozenset[Role] | None] | None:
        found = _BY_ID_WITH_ROLES.first(self._session, invitation_id=invitation_id, account_id=account_id)
        if found is None:
            return None
        roles = roles_from_column(found.account_roles) if found.account_roles is not None else None
        return _invitation(found), roles

    def by_token(self, token_hash: str) -> Invitation | None:
        found = _BY_TOKEN.first(self._session, token_hash=token_hash)
        return _invitation(found) if found else None

    def pending_for_target(self, organization_id: str, target: Target) -> Invitation | None:
        """The one invitation stored as pending for this target, expired or not."""
        found = _PENDING_FOR_TARGET.first(
            self._session,
            organization_id=organization_id,
            target_type=target.type,
            target_entity=target.entity,
        )
        return _invitation(found) if found else None

    def page_for_organization(
        self,
        organization_id: str,
        now: datetime,
        *,
        statuses: Collection[Status],
        target_type: TargetType | None,
        email: str | None,
        limit: int,
        marker: str | None,
    ) -> Page[Invitation]:
        filters: tuple[str, ...] = ("organization",)
        params: dict[str, Any] = {"organization_id": organization_id}
        if target_type is not None:
            filters += ("target_type",)
            params["target_type"] = target_type
        if email is not None:
            filters += ("email",)
            params["target_entity"] = email.lower()
        return self._page(filters, tuple(sorted(statuses)), now, params, limit, marker)

    def page_for_account(
        self, account_id: str, now: datetime, *, status: Status | None, limit: int, marker: str | None
    ) -> Page[Invitation]:
        statuses = (status,) if status is not None else ()
        return self._page(("account",), statuses, now, {"target_entity": account_id}, limit, marker)

    def _page(
        self,
        filters: tuple[str, ...],
        statuses: tuple[Status, ...],
        now: datetime,
        params: dict[str, Any],
        limit: int,
        marker: str | None,
    ) -> Page[Invitation]:
        """Newest first, keyset-paged on (created_at, id): every page costs the same."""
        if marker is not None:
            params["marker_created_at"], params["marker_id"] = decode_marker(marker)
        statement = _page_statement(filters, statuses, marker is not None)
        rows = statement.all(self._session, now=now, limit=limit + 1, **params)
        items = [_invitation(row) for row in rows[:limit]]
        next_marker = encode_marker(items[-1].created_at, items[-1].id) if len(rows) > limit else None
        return Page(items=items, next_marker=next_marker)

    def finish(self, invitation_id: str, now: datetime, status: Status, actor_id: str | None) -> bool:
        """Compare-and-set pending → `status`; False when the invitation was no longer live."""
        return _FINISH[status].run(self._session, invitation_id=invitation_id, now=now, actor_id=actor_id) > 0

    def expire_if_due(self, invitation_id: str, now: datetime) -> bool:
        """Record an expiry that has happened; it finished when it expired."""
        return _EXPIRE.run(self._session, invitation_id=invitation_id, now=now) > 0

    def rotate_token(
        self, invitation_id: str, now: datetime, token_hash: str, version: int, expires_at: datetime
    ) -> bool:
        """Compare-and-set a live invitation's token, its version and expiry; the old token stops matching."""
        changed = _ROTATE.run(
            self._session,
            invitation_id=invitation_id,
            now=now,
            token_hash=token_hash,
            version=version,
            expires_at=expires_at,
        )
        return changed > 0

    def add_event(
        self,
        invitation_id: str,
        action: Action,
        actor_id: str | None,
        from_status: Status | None,
        to_status: Status,
        at: datetime,
    ) -> int:
        position = (_LAST_EVENT_POSITION.scalar(self._session, invitation_id=invitation_id) or 0) + 1
        _ADD_EVENT.add(
            self._session,
            public_id=new_event_id(),
            invitation_id=invitation_id,
            position=position,
            action=action,
            actor_account_id=actor_id,
            from_status=from_status,
            to_status=to_status,
            occurred_at=at,
        )
        return position

    def events(self, invitation_id: str, limit: int, marker: str | None) -> Page[Event]:
        """Oldest first, keyset-paged on the event's position in this invitation's trail."""
        query = select(InvitationEventRow).where(InvitationEventRow.invitation_id == invitation_id)
        if marker is not None:
            _, last_position = decode_marker(marker)
            query = query.where(InvitationEventRow.position > int(last_position))
        rows = self._session.scalars(query.order_by(InvitationEventRow.position).limit(limit + 1)).all()
        items = [
            Event(
                id=row.public_id,
                position=row.position,
                invitation_id=row.invitation_id,
                action=Action(row.action),
                actor_account_id=row.actor_account_id,
                from_status=Status(row.from_status) if row.from_status else None,
                to_status=Status(row.to_status),
                occurred_at=row.occurred_at,
            )
            for row in rows[:limit]
        ]
        next_marker = (
            encode_marker(items[-1].occurred_at, str(items[-1].position)) if len(rows) > limit else None
        )
        return Page(items=items, next_marker=next_marker)

    def delete(self, invitation_id: str) -> bool:
        return _changed(self._session.execute(delete(InvitationRow).where(InvitationRow.id == invitation_id)))

    def counts(self, now: datetime) -> dict[Status, int]:
        """How many invitations are in each state as of `now` (pending past expiry: expired)."""
        state = case(
            (
                and_(InvitationRow.status == Status.PENDING, InvitationRow.expires_at <= now),
                Status.EXPIRED.value,
            ),
            else_=InvitationRow.status,
        )
        rows = self._session.execute(select(state, func.count()).group_by(state)).all()
        counted: dict[Status, int] = {}
        for status, count in rows:
            counted[Status(status)] = counted.get(Status(status), 0) + count
        return counted

    def purge_finished_before(self, cutoff: datetime) -> int:
        """Delete invitations (and, by cascade, their events) that finished before `cutoff`."""
        result = self._session.execute(
            delete(InvitationRow).where(
                or_(
                    InvitationRow.finished_at <= cutoff,
                    and_(InvitationRow.status == Status.PENDING, InvitationRow.expires_at <= cutoff),
                )
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _changed(result: Any) -> bool:
    return bool(getattr(result, "rowcount", 0))
