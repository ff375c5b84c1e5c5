"""The invitation repository: lookups, keyset-paged lists, compare-and-set transitions, the audit trail."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, delete, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from org_invitations.domain.invitations import Action, Event, Invitation, Status, Target, TargetType
from org_invitations.domain.model import OrganizationSummary, Page
from org_invitations.ids import new_event_id
from org_invitations.storage.paging import after, decode_marker, encode_marker
from org_invitations.storage.rows import insert_unless_taken, roles_from_column, roles_to_column
from org_invitations.storage.tables import AccountRow, InvitationEventRow, InvitationRow, OrganizationRow

_Owner = aliased(AccountRow)

FINISHED_AT_COLUMN = {
    Status.ACCEPTED: "accepted_at",
    Status.DECLINED: "declined_at",
    Status.CANCELLED: "cancelled_at",
}


def _select() -> Select[Any]:
    return (
        select(InvitationRow, OrganizationRow.name, OrganizationRow.owner_id, _Owner.name)
        .join(OrganizationRow, OrganizationRow.id == InvitationRow.organization_id)
        .join(_Owner, _Owner.id == OrganizationRow.owner_id)
    )


def _invitation(row: InvitationRow, org_name: str, owner_id: str, owner_name: str) -> Invitation:
    return Invitation(
        id=row.id,
        organization=OrganizationSummary(row.organization_id, org_name),
        management_account_id=owner_id,
        management_account_name=owner_name,
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


def _status_is(status: Status, now: datetime) -> ColumnElement[bool]:
    """The status as of `now`: a pending row past its expiry counts as expired."""
    if status is Status.PENDING:
        return and_(InvitationRow.status == Status.PENDING, InvitationRow.expires_at > now)
    if status is Status.EXPIRED:
        return or_(
            InvitationRow.status == Status.EXPIRED,
            and_(InvitationRow.status == Status.PENDING, InvitationRow.expires_at <= now),
        )
    return InvitationRow.status == status


def _live(invitation_id: str, now: datetime) -> ColumnElement[bool]:
    return and_(
        InvitationRow.id == invitation_id,
        InvitationRow.status == Status.PENDING,
        InvitationRow.expires_at > now,
    )


class InvitationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, invitation: Invitation, token_hash: str) -> bool:
        """Insert; False when another pending invitation took the same organization and target first."""
        row = InvitationRow(
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
        return insert_unless_taken(self._session, row)

    def get(self, invitation_id: str) -> Invitation | None:
        found = self._session.execute(_select().where(InvitationRow.id == invitation_id)).first()
        return _invitation(*found) if found else None

    def by_token(self, token_hash: str) -> Invitation | None:
        found = self._session.execute(_select().where(InvitationRow.token_hash == token_hash)).first()
        return _invitation(*found) if found else None

    def pending_for_target(self, organization_id: str, target: Target) -> Invitation | None:
        """The one invitation stored as pending for this target, expired or not."""
        found = self._session.execute(
            _select().where(
                InvitationRow.organization_id == organization_id,
                InvitationRow.target_type == target.type,
                InvitationRow.target_entity == target.entity,
                InvitationRow.status == Status.PENDING,
            )
        ).first()
        return _invitation(*found) if found else None

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
        conditions = [InvitationRow.organization_id == organization_id]
        if statuses:
            conditions.append(or_(*(_status_is(status, now) for status in sorted(statuses))))
        if target_type is not None:
            conditions.append(InvitationRow.target_type == target_type)
        if email is not None:
            conditions += [
                InvitationRow.target_type == TargetType.EMAIL,
                InvitationRow.target_entity == email.lower(),
            ]
        return self._page(conditions, limit, marker)

    def page_for_account(
        self, account_id: str, now: datetime, *, status: Status | None, limit: int, marker: str | None
    ) -> Page[Invitation]:
        conditions = [
            InvitationRow.target_type == TargetType.ACCOUNT,
            InvitationRow.target_entity == account_id,
        ]
        if status is not None:
            conditions.append(_status_is(status, now))
        return self._page(conditions, limit, marker)

    def _page(
        self, conditions: list[ColumnElement[bool]], limit: int, marker: str | None
    ) -> Page[Invitation]:
        """Newest first, keyset-paged on (created_at, id): every page costs the same."""
        query = _select().where(*conditions)
        if marker is not None:
            created_at, invitation_id = decode_marker(marker)
            query = query.where(
                after(
                    (InvitationRow.created_at, InvitationRow.id), (created_at, invitation_id), descending=True
                )
            )
        query = query.order_by(InvitationRow.created_at.desc(), InvitationRow.id.desc()).limit(limit + 1)
        rows = self._session.execute(query).all()
        items = [_invitation(*row) for row in rows[:limit]]
        next_marker = encode_marker(items[-1].created_at, items[-1].id) if len(rows) > limit else None
        return Page(items=items, next_marker=next_marker)

    def finish(self, invitation_id: str, now: datetime, status: Status, actor_id: str | None) -> bool:
        """Compare-and-set pending → `status`; False when the invitation was no longer live."""
        values: dict[str, Any] = {
            "status": status,
            "updated_at": now,
            "finished_at": now,
            FINISHED_AT_COLUMN[status]: now,
        }
        values["cancelled_by" if status is Status.CANCELLED else "responded_by"] = actor_id
        result = self._session.execute(
            update(InvitationRow).where(_live(invitation_id, now)).values(**values)
        )
        return _changed(result)

    def expire_if_due(self, invitation_id: str, now: datetime) -> bool:
        """Record an expiry that has happened; it finished when it expired."""
        result = self._session.execute(
            update(InvitationRow)
            .where(
                InvitationRow.id == invitation_id,
                InvitationRow.status == Status.PENDING,
                InvitationRow.expires_at <= now,
            )
            .values(
                status=Status.EXPIRED,
                updated_at=InvitationRow.expires_at,
                finished_at=InvitationRow.expires_at,
            )
        )
        return _changed(result)

    def rotate_token(
        self, invitation_id: str, now: datetime, token_hash: str, version: int, expires_at: datetime
    ) -> bool:
        """Compare-and-set a live invitation's token, its version and expiry; the old token stops matching."""
        result = self._session.execute(
            update(InvitationRow)
            .where(_live(invitation_id, now))
            .values(token_hash=token_hash, token_version=version, expires_at=expires_at, updated_at=now)
        )
        return _changed(result)

    def add_event(
        self,
        invitation_id: str,
        action: Action,
        actor_id: str | None,
        from_status: Status | None,
        to_status: Status,
        at: datetime,
    ) -> int:
        last = self._session.scalar(
            select(func.max(InvitationEventRow.position)).where(
                InvitationEventRow.invitation_id == invitation_id
            )
        )
        self._session.add(
            InvitationEventRow(
                public_id=new_event_id(),
                invitation_id=invitation_id,
                position=(last or 0) + 1,
                action=action,
                actor_account_id=actor_id,
                from_status=from_status,
                to_status=to_status,
                occurred_at=at,
            )
        )
        self._session.flush()
        return (last or 0) + 1

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
