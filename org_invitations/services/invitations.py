"""The invitation lifecycle: invite, look up, accept, decline, cancel, resend, audit.

Every transition is one compare-and-set on a live (pending, unexpired) row in one
transaction; acceptance inserts the membership in that same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import partial
from typing import NoReturn

from org_invitations.clock import Clock
from org_invitations.credentials import InvitationTokens, hash_secret
from org_invitations.domain.emails import canonical_email
from org_invitations.domain.errors import (
    AccessDenied,
    AccountNotFound,
    AlreadyMember,
    DomainError,
    Duplicate,
    DuplicateInvitation,
    InvalidTransition,
    InvitationExpired,
    InvitationNotFound,
    MemberElsewhere,
    OrganizationNotFound,
)
from org_invitations.domain.invitations import (
    ACTION_OF,
    Action,
    Event,
    Invitation,
    Status,
    Target,
    TargetType,
    transition_refusal,
)
from org_invitations.domain.model import Organization, OrganizationSummary, Page, Role
from org_invitations.domain.outbox import Delivery, MessageKind, OutboxMessage
from org_invitations.domain.permissions import (
    Access,
    cancel_access,
    handshake_access,
    respond_access,
)
from org_invitations.domain.webhooks import EventType, event_payload
from org_invitations.ids import new_handshake_id, new_message_id
from org_invitations.services.membership import require_manager
from org_invitations.services.ports import Telemetry, UnitOfWork, UnitOfWorkFactory, Unobserved
from org_invitations.throttling import Throttle
from org_invitations.tracing import current_request_id


@dataclass(frozen=True, slots=True)
class InvitationRequest:
    target_type: str
    entity: str
    roles: frozenset[Role]
    given_name: str | None
    family_name: str | None
    notes: str | None
    validity: timedelta
    single_organization: bool = False
    """Refuse an invited account that belongs to another organization (AWS's and Huawei's rule)."""
    team_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IssuedInvitation:
    """An invitation with its secret token: returned by create and resend only."""

    invitation: Invitation
    invitation_token: str


@dataclass(frozen=True, slots=True)
class ListFilter:
    statuses: frozenset[Status] = frozenset()  # any of these (every state when empty)
    target_type: TargetType | None = None
    email: str | None = None


FIRST_TOKEN_VERSION = 1

VERB_OF = {Status.ACCEPTED: "accept", Status.DECLINED: "decline", Status.CANCELLED: "cancel"}


def _record(
    uow: UnitOfWork,
    telemetry: Telemetry,
    invitation: Invitation,
    action: Action,
    actor_id: str | None,
    from_status: Status | None,
    at: datetime,
) -> None:
    """A step of the invitation (`invitation` as it is after it): added to its trail, and owed,
    in the same transaction, to every webhook endpoint of its organization that wants it;
    reported once the transaction is committed."""
    uow.after_commit(partial(telemetry.stepped, action))
    position = uow.invitations.add_event(invitation.id, action, actor_id, from_status, invitation.status, at)
    event = EventType.of(action)
    endpoints = uow.webhooks.subscribed(invitation.organization_id, event)
    payload = event_payload(invitation, event, actor_id, at) if endpoints else None
    for endpoint_id in endpoints:
        uow.outbox.add(
            OutboxMessage(
                id=new_message_id(),
                kind=MessageKind.WEBHOOK,
                invitation_id=invitation.id,
                recipient=None,
                token_version=invitation.token_version,
                status=Delivery.PENDING,
                attempts=0,
                created_at=at,
                next_attempt_at=at,
                endpoint_id=endpoint_id,
                payload=payload,
                event_position=position,
                request_id=current_request_id(),
            )
        )


def _recipient(uow: UnitOfWork, target: Target) -> str | None:
    """Where an invitation is mailed: its address, or the invited account's email if it has one."""
    if target.type is TargetType.EMAIL:
        return target.entity
    account = uow.accounts.get(target.entity)
    return account.email if account else None


def _invitation_email(invitation: Invitation, recipient: str | None, now: datetime) -> OutboxMessage:
    """The invitation's email, owed from now; recorded as skipped when there is no address
    (an account without an email), so that nothing is silently not sent."""
    return OutboxMessage(
        id=new_message_id(),
        kind=MessageKind.INVITATION_EMAIL,
        invitation_id=invitation.id,
        recipient=recipient,
        token_version=invitation.token_version,
        status=Delivery.PENDING if recipient else Delivery.SKIPPED,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
        last_error=None if recipient else "The invited account has no email address.",
        request_id=current_request_id(),
    )


def _enforce(access: Access, invitation_id: str, what: str) -> None:
    if access is Access.HIDDEN:
        raise InvitationNotFound(invitation_id)
    if access is Access.FORBIDDEN:
        raise AccessDenied(f"You may see this invitation but not {what} it.")


class InvitationService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        throttle: Throttle,
        tokens: InvitationTokens,
        telemetry: Telemetry | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._throttle = throttle
        self._tokens = tokens
        self._telemetry = telemetry or Unobserved()

    # --- the organization's side -------------------------------------------------

    def create(self, caller_id: str, organization_id: str, request: InvitationRequest) -> IssuedInvitation:
        return self.create_many(caller_id, organization_id, [request])[0]

    def create_many(
        self, caller_id: str, organization_id: str, requests: Sequence[InvitationRequest]
    ) -> list[IssuedInvitation]:
        """All of them in one transaction, or none (Elastic's create takes a list of addresses):
        a refusal ends the batch, except a duplicate, after which the rest are still checked so
        that the refusal names every target that has a live invitation."""
        now = self._clock.now()
        with self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            organization = uow.organizations.get(organization_id)
            if organization is None:
                raise OrganizationNotFound(organization_id)
            issued, duplicates = [], []
            for position, request in enumerate(requests):
                try:
                    issued.append(self._issue(uow, organization, caller_id, request, now))
                except DuplicateInvitation as refused:  # the others are still checked, to name them all
                    duplicates.append(Duplicate(position, request.entity, refused.existing_invitation_id))
            if duplicates:
                raise DuplicateInvitation(duplicates[0].existing_invitation_id, tuple(duplicates))
            uow.commit()
        return issued

    def _issue(
        self,
        uow: UnitOfWork,
        organization: Organization,
        caller_id: str,
        request: InvitationRequest,
        now: datetime,
    ) -> IssuedInvitation:
        target = Target.of(request.target_type, request.entity)
        recipient = target.entity if target.type is TargetType.EMAIL else None
        if target.type is TargetType.ACCOUNT:
            account = uow.accounts.get(target.entity)
            if account is None:
                raise AccountNotFound(target.entity)
            recipient = account.email
            if uow.memberships.roles_of(organization.id, target.entity) is not None:
                raise AlreadyMember(organization.id, target.entity)
            if request.single_organization and uow.memberships.belongs_elsewhere(
                target.entity, organization.id
            ):
                raise MemberElsewhere(target.entity)
        existing = uow.invitations.pending_for_target(organization.id, target)
        if existing is not None:
            if not existing.is_due(now):
                raise DuplicateInvitation(existing.id)
            self._record_expiry(uow, existing, now)
        self._throttle.invitation_sent(organization.id)
        invitation_id = new_handshake_id()
        token = self._tokens.of(invitation_id, FIRST_TOKEN_VERSION)
        invitation = Invitation(
            id=invitation_id,
            organization=OrganizationSummary(organization.id, organization.name),
            management_account_id=organization.management_account_id,
            management_account_name=organization.management_account_name,
            created_by=caller_id,
            target=target,
            email=target.entity if target.type is TargetType.EMAIL else None,
            given_name=request.given_name,
            family_name=request.family_name,
            roles=request.roles,
            notes=request.notes,
            status=Status.PENDING,
            validity=request.validity,
            created_at=now,
            updated_at=now,
            expires_at=now + request.validity,
            token_version=FIRST_TOKEN_VERSION,
            team_ids=request.team_ids,
        )
        if not uow.invitations.add(invitation, hash_secret(token)):
            taken = uow.invitations.pending_for_target(organization.id, target)
            raise DuplicateInvitation(taken.id if taken else "unknown")
        _record(uow, self._telemetry, invitation, Action.CREATED, caller_id, None, now)
        uow.outbox.add(_invitation_email(invitation, recipient, now))
        return IssuedInvitation(invitation, token)

    def withdraw(self, caller_id: str, organization_id: str, invitation_ids: Sequence[str]) -> None:
        """Take these invitations back, all or none (Elastic's delete): a pending one is cancelled,
        an expired one deleted at once (it can no longer be cancelled, and must disappear)."""
        now = self._clock.now()
        with self._refusals_counted(Status.CANCELLED), self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            invitations = [
                self._settled(uow, self._in_organization(uow, organization_id, i), now)
                for i in invitation_ids
            ]
            for invitation in invitations:
                if invitation.status is Status.EXPIRED:
                    uow.invitations.delete(invitation.id)
                    continue
                refusal = transition_refusal(invitation.status, Status.CANCELLED)
                if refusal is not None:
                    raise refusal
                self._apply(uow, invitation, caller_id, Status.CANCELLED, now)
            uow.commit()

    def revoke_pending_to(self, caller_id: str, organization_id: str, emails: Sequence[str]) -> None:
        """Cancel the organization's pending, unexpired invitations by email to these addresses
        in one transaction, skipping the addresses that have none (VMware's revoke by usernames).
        Invitations to accounts are never chosen by an email: an account's email is self-declared."""
        now = self._clock.now()
        with self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            for email in dict.fromkeys(canonical_email(email) for email in emails):
                found = uow.invitations.pending_for_target(
                    organization_id, Target.of(TargetType.EMAIL, email)
                )
                invitation = None if found is None else self._settled(uow, found, now)
                if invitation is not None and invitation.status is Status.PENDING:
                    self._apply(uow, invitation, caller_id, Status.CANCELLED, now)
            uow.commit()

    def token_of(self, invitation: Invitation) -> str | None:
        """The live token, for the views that show it to the organization's owner and admins
        (Elastic, Infodeck, VMware); None for an invitation made before tokens were derived.
        The caller must have read the invitation as a manager (`get`, `list`)."""
        if invitation.token_version < FIRST_TOKEN_VERSION:
            return None
        return self._tokens.of(invitation.id, invitation.token_version)

    def by_token_for_manager(self, caller_id: str, organization_id: str, token: str) -> Invitation:
        """One of the organization's invitations by its token, for its owner and admins (the
        vendors that name invitations by their code: Infodeck, Elastic)."""
        now = self._clock.now()
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            invitation = uow.invitations.by_token(hash_secret(token))
        if invitation is None or invitation.organization_id != organization_id:
            raise InvitationNotFound()
        return invitation.as_of(now)

    def get(self, caller_id: str, organization_id: str, invitation_id: str) -> Invitation:
        now = self._clock.now()
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            return self._in_organization(uow, organization_id, invitation_id).as_of(now)

    def list(
        self, caller_id: str, organization_id: str, filters: ListFilter, limit: int, marker: str | None
    ) -> Page[Invitation]:
        now = self._clock.now()
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            page = uow.invitations.page_for_organization(
                organization_id,
                now,
                statuses=filters.statuses,
                target_type=filters.target_type,
                email=canonical_email(filters.email) if filters.email else None,
                limit=limit,
                marker=marker,
            )
        return Page([invitation.as_of(now) for invitation in page.items], page.next_marker)

    def resend(self, caller_id: str, organization_id: str, invitation_id: str) -> IssuedInvitation:
        now = self._clock.now()
        with self._uow.writing() as uow:
            require_manager(uow, organization_id, caller_id)
            invitation = self._settled(uow, self._in_organization(uow, organization_id, invitation_id), now)
            if invitation.status is not Status.PENDING:
                self._end_with(
                    uow,
                    InvalidTransition(
                        f"The invitation is {invitation.status.value}; only a pending one can be resent."
                    ),
                )
            self._throttle.invitation_sent(organization_id)
            version = invitation.token_version + 1
            token = self._tokens.of(invitation.id, version)
            if not uow.invitations.rotate_token(
                invitation.id, now, hash_secret(token), version, now + invitation.validity
            ):
                raise InvalidTransition(
                    "The invitation changed state meanwhile; only a pending one can be resent."
                )
            updated = self._reload(uow, invitation.id)
            _record(uow, self._telemetry, updated, Action.RESENT, caller_id, Status.PENDING, now)
            # The unsent older email carries the dead token: never send it.
            uow.outbox.supersede(invitation.id, MessageKind.INVITATION_EMAIL)
            uow.outbox.add(_invitation_email(updated, _recipient(uow, updated.target), now))
            uow.commit()
        return IssuedInvitation(updated, token)

    def events(
        self, caller_id: str, organization_id: str, invitation_id: str, limit: int, marker: str | None
    ) -> Page[Event]:
        now = self._clock.now()
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            invitation = self._in_organization(uow, organization_id, invitation_id)
            if not invitation.is_due(now):
                return uow.invitations.events(invitation.id, limit, marker)
        with self._uow.writing() as uow:
            self._settled(uow, invitation, now)  # an expiry belongs in the trail once it has happened
            events = uow.invitations.events(invitation.id, limit, marker)
            uow.commit()
        return events

    def deliveries(
        self, caller_id: str, organization_id: str, invitation_id: str, limit: int, marker: str | None
    ) -> Page[OutboxMessage]:
        """The invitation's emails and how their delivery went: a failure is visible, not silent."""
        with self._uow.reading() as uow:
            require_manager(uow, organization_id, caller_id)
            invitation = self._in_organization(uow, organization_id, invitation_id)
            return uow.outbox.emails(invitation.id, limit, marker)

    def cancel(self, caller_id: str, invitation_id: str) -> Invitation:
        return self._by_id(caller_id, invitation_id, Status.CANCELLED)

    # --- the invitee's side ---------------------------------------------------------

    def get_handshake(self, caller_id: str, invitation_id: str) -> Invitation:
        now = self._clock.now()
        with self._uow.reading() as uow:
            found = uow.invitations.get_with_roles(invitation_id, caller_id)
            if found is None:
                raise InvitationNotFound(invitation_id)
            invitation, roles = found
            _enforce(handshake_access(caller_id, roles, invitation), invitation_id, "read")
            return invitation.as_of(now)

    def received(
        self, caller_id: str, status: Status | None, limit: int, marker: str | None
    ) -> Page[Invitation]:
        now = self._clock.now()
        with self._uow.reading() as uow:
            page = uow.invitations.page_for_account(caller_id, now, status=status, limit=limit, marker=marker)
        return Page([invitation.as_of(now) for invitation in page.items], page.next_marker)

    def accept(self, caller_id: str, invitation_id: str, *, single_organization: bool = False) -> Invitation:
        """`single_organization`: refuse an account that belongs to another organization, checked
        in the transaction that makes it a member (AWS's and Huawei's rule)."""
        return self._by_id(caller_id, invitation_id, Status.ACCEPTED, single_organization=single_organization)

    def decline(self, caller_id: str, invitation_id: str) -> Invitation:
        return self._by_id(caller_id, invitation_id, Status.DECLINED)

    def preview(self, token: str, client: str) -> Invitation:
        self._throttle.token_used(client)
        now = self._clock.now()
        with self._uow.reading() as uow:
            invitation = uow.invitations.by_token(hash_secret(token))
        if invitation is None:
            raise InvitationNotFound()
        return invitation.as_of(now)

    def accept_by_token(
        self, caller_id: str, token: str, client: str, *, only: TargetType | None = None
    ) -> Invitation:
        """`only`: an invitation of another kind is not found (Elastic's are by email only)."""
        return self._respond_by_token(caller_id, token, client, Status.ACCEPTED, only)

    def decline_by_token(self, caller_id: str | None, token: str, client: str) -> Invitation:
        """The invitation page's Decline: holding the token of an invitation by email is enough
        (`caller_id` None: nobody has to sign up to say no); one to an account needs that account."""
        return self._respond_by_token(caller_id, token, client, Status.DECLINED, None)

    def _respond_by_token(
        self, caller_id: str | None, token: str, client: str, wanted: Status, only: TargetType | None
    ) -> Invitation:
        with self._refusals_counted(wanted):
            self._throttle.token_used(client)  # before the transaction: a throttle may be remote
            now = self._clock.now()
            with self._uow.writing() as uow:
                invitation = uow.invitations.by_token(hash_secret(token))
                if invitation is None or (only is not None and invitation.target.type is not only):
                    raise InvitationNotFound()
                if invitation.target.type is TargetType.ACCOUNT and (
                    caller_id is None or not invitation.is_addressed_to(caller_id)
                ):
                    raise AccessDenied("This invitation is addressed to another account.")
                invitation = self._settled(uow, invitation, now)
                if invitation.status is Status.EXPIRED:
                    self._end_with(
                        uow,
                        InvitationExpired(f"The invitation expired at {invitation.expires_at.isoformat()}."),
                    )
                return self._finish(uow, invitation, caller_id, wanted, now)

    # --- mechanisms --------------------------------------------------------------------

    def _by_id(
        self, caller_id: str, invitation_id: str, wanted: Status, *, single_organization: bool = False
    ) -> Invitation:
        now = self._clock.now()
        with self._refusals_counted(wanted), self._uow.writing() as uow:
            found = uow.invitations.get_with_roles(invitation_id, caller_id)
            if found is None:
                raise InvitationNotFound(invitation_id)
            invitation, roles = found
            check = cancel_access if wanted is Status.CANCELLED else respond_access
            _enforce(check(caller_id, roles, invitation), invitation_id, VERB_OF[wanted])
            settled = self._settled(uow, invitation, now)
            return self._finish(uow, settled, caller_id, wanted, now, single_organization=single_organization)

    @contextmanager
    def _refusals_counted(self, wanted: Status) -> Iterator[None]:
        """Report a refused transition to `wanted` by its code (what succeeds is reported as a step)."""
        try:
            yield
        except DomainError as refusal:
            self._telemetry.transition_refused(wanted, refusal.code)
            raise

    def _finish(
        self,
        uow: UnitOfWork,
        invitation: Invitation,
        actor_id: str | None,
        wanted: Status,
        now: datetime,
        *,
        single_organization: bool = False,
    ) -> Invitation:
        """The compare-and-set: pending → `wanted`, with the membership when accepting.

        The compare-and-set decides first: a caller who lost a race hears what the winner
        did (`already_in_state`), never a side effect of the win (the winner's membership).
        Under one organization per account, the account's row stays locked from the check to
        the commit, so two acceptances into two organizations cannot both pass it.
        """
        refusal = transition_refusal(invitation.status, wanted)
        if refusal is not None:
            self._end_with(uow, refusal)
        if wanted is Status.ACCEPTED and single_organization and actor_id is not None:
            uow.accounts.lock(actor_id)
            if uow.memberships.belongs_elsewhere(actor_id, invitation.organization_id):
                self._end_with(uow, MemberElsewhere(actor_id))
        self._apply(uow, invitation, actor_id, wanted, now)
        finished = self._reload(uow, invitation.id)
        uow.commit()
        return finished

    def _apply(
        self, uow: UnitOfWork, invitation: Invitation, actor_id: str | None, wanted: Status, now: datetime
    ) -> None:
        """The write of a transition the rules allow: the compare-and-set, the membership when
        accepting, the event. Raising (a race lost) rolls the whole transaction back."""
        if not uow.invitations.finish(invitation.id, now, wanted, actor_id):
            current = self._reload(uow, invitation.id).as_of(now).status
            raise transition_refusal(current, wanted) or InvalidTransition(
                "The invitation changed meanwhile."
            )
        if wanted is Status.ACCEPTED:
            if actor_id is None:
                raise ValueError("an acceptance needs the accepting account")
            if not uow.memberships.add(invitation.organization_id, actor_id, invitation.roles, now):
                raise AlreadyMember(invitation.organization_id, actor_id)
        _record(
            uow,
            self._telemetry,
            replace(invitation, status=wanted),
            ACTION_OF[wanted],
            actor_id,
            Status.PENDING,
            now,
        )

    def _settled(self, uow: UnitOfWork, invitation: Invitation, now: datetime) -> Invitation:
        """The invitation as of `now`, its expiry recorded in this unit of work if it has just happened."""
        if invitation.is_due(now):
            self._record_expiry(uow, invitation, now)
        return invitation.as_of(now)

    @staticmethod
    def _end_with(uow: UnitOfWork, refusal: DomainError) -> NoReturn:
        """End the use case with a refusal, keeping what it recorded (an expiry is a fact either way).

        The one commit of the unit of work, as on success; then the refusal.
        """
        uow.commit()
        raise refusal

    def _record_expiry(self, uow: UnitOfWork, invitation: Invitation, now: datetime) -> None:
        if uow.invitations.expire_if_due(invitation.id, now):
            expired = replace(invitation, status=Status.EXPIRED)
            _record(
                uow, self._telemetry, expired, Action.EXPIRED, None, Status.PENDING, invitation.expires_at
            )

    @staticmethod
    def _in_organization(uow: UnitOfWork, organization_id: str, invitation_id: str) -> Invitation:
        invitation = uow.invitations.get(invitation_id)
        if invitation is None or invitation.organization_id != organization_id:
            raise InvitationNotFound(invitation_id)
        return invitation

    @staticmethod
    def _reload(uow: UnitOfWork, invitation_id: str) -> Invitation:
        invitation = uow.invitations.get(invitation_id)
        if invitation is None:
            raise InvitationNotFound(invitation_id)
        return invitation


class RetentionService:
    """Finished invitations stay visible for 30 days, then are deleted with their trail."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, retention: timedelta) -> None:
        self._uow = uow
        self._clock = clock
        self._retention = retention

    def purge(self) -> int:
        with self._uow.writing() as uow:
            deleted = uow.invitations.purge_finished_before(self._clock.now() - self._retention)
            uow.commit()
        return deleted
