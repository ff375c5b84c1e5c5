"""The invitation lifecycle rules, over the in-memory unit of work: who may do what, and what is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from org_invitations.domain.errors import (
    AccessDenied,
    AccountNotFound,
    AlreadyInState,
    AlreadyMember,
    Duplicate,
    DuplicateInvitation,
    InvalidTransition,
    InvitationExpired,
    InvitationNotFound,
    OrganizationNotFound,
    RateLimited,
)
from org_invitations.domain.invitations import Action, Invitation, Status, Target, TargetType
from org_invitations.domain.model import Role
from org_invitations.services.invitations import ListFilter
from tests.fakes import ManualClock
from tests.unit.conftest import VALIDITY, Cast, build_core, request, sign_up, throttle


def stored(cast: Cast, invitation_id: str) -> Invitation | None:
    """The invitation as a later unit of work finds it: only what was committed."""
    with cast.core.storage.reading() as uow:
        return uow.invitations.get(invitation_id)


def actions(cast: Cast, invitation_id: str) -> list[Action]:
    with cast.core.storage.reading() as uow:
        return [event.action for event in uow.invitations.events(invitation_id, 50, None).items]


def roles_of(cast: Cast, account_id: str) -> frozenset[Role] | None:
    with cast.core.storage.reading() as uow:
        return uow.memberships.roles_of(cast.org, account_id)


# --- who may respond, cancel and see ----------------------------------------------------------------


def test_the_invited_account_accepts_and_joins_with_the_offered_roles(cast: Cast) -> None:
    invitation = cast.invite(role=Role.ADMIN).invitation

    accepted = cast.core.invitations.accept(cast.invitee, invitation.id)

    assert accepted.status is Status.ACCEPTED and accepted.responded_by == cast.invitee
    assert roles_of(cast, cast.invitee) == frozenset({Role.ADMIN})
    assert actions(cast, invitation.id) == [Action.CREATED, Action.ACCEPTED]


def test_the_invited_account_declines_and_does_not_join(cast: Cast) -> None:
    invitation = cast.invite().invitation

    declined = cast.core.invitations.decline(cast.invitee, invitation.id)

    assert declined.status is Status.DECLINED and declined.declined_at == cast.core.clock.now()
    assert roles_of(cast, cast.invitee) is None


@pytest.mark.parametrize("respond", ["accept", "decline"])
def test_no_one_but_the_invited_account_accepts_or_declines(cast: Cast, respond: str) -> None:
    invitation = cast.invite().invitation
    act = getattr(cast.core.invitations, respond)

    for manager_or_member in (cast.owner, cast.admin, cast.member):
        with pytest.raises(AccessDenied):
            act(manager_or_member, invitation.id)
    with pytest.raises(InvitationNotFound):
        act(cast.outsider, invitation.id)
    assert stored(cast, invitation.id) == invitation


def test_the_organizations_owner_and_admins_cancel(cast: Cast) -> None:
    first = cast.invite().invitation
    second = cast.invite(sign_up(cast.core, "Alan Turing")).invitation

    cancelled = cast.core.invitations.cancel(cast.admin, first.id)
    assert cancelled.status is Status.CANCELLED and cancelled.cancelled_by == cast.admin
    assert cast.core.invitations.cancel(cast.owner, second.id).cancelled_by == cast.owner


def test_the_invitee_and_plain_members_may_not_cancel(cast: Cast) -> None:
    invitation = cast.invite().invitation

    for may_see_it in (cast.invitee, cast.member):
        with pytest.raises(AccessDenied):
            cast.core.invitations.cancel(may_see_it, invitation.id)
    assert stored(cast, invitation.id) == invitation


def test_outsiders_cannot_tell_an_invitation_exists(cast: Cast) -> None:
    invitation = cast.invite().invitation

    for act in (
        cast.core.invitations.get_handshake,
        cast.core.invitations.accept,
        cast.core.invitations.decline,
        cast.core.invitations.cancel,
    ):
        with pytest.raises(InvitationNotFound) as refused:
            act(cast.outsider, invitation.id)
        assert refused.value.invitation_id == invitation.id


def test_members_learn_an_invitation_exists_but_may_not_read_it(cast: Cast) -> None:
    invitation = cast.invite().invitation

    with pytest.raises(AccessDenied):
        cast.core.invitations.get_handshake(cast.member, invitation.id)
    for may_read in (cast.owner, cast.admin, cast.invitee):
        assert cast.core.invitations.get_handshake(may_read, invitation.id) == invitation


def test_only_managers_use_the_organizations_invitation_list(cast: Cast) -> None:
    cast.invite()

    with pytest.raises(AccessDenied):
        cast.core.invitations.list(cast.member, cast.org, ListFilter(), 50, None)
    with pytest.raises(OrganizationNotFound):
        cast.core.invitations.list(cast.outsider, cast.org, ListFilter(), 50, None)
    with pytest.raises(AccessDenied):
        cast.invite(sender=cast.member)
    with pytest.raises(OrganizationNotFound):
        cast.invite(sender=cast.outsider)


def test_an_invitation_of_another_organization_is_not_found_in_this_one(cast: Cast) -> None:
    other_org = cast.core.organizations.create(cast.outsider, "Difference Engines").id
    theirs = cast.core.invitations.create(cast.outsider, other_org, request(cast.invitee)).invitation

    with pytest.raises(InvitationNotFound):
        cast.core.invitations.get(cast.owner, cast.org, theirs.id)
    with pytest.raises(InvitationNotFound):
        cast.core.invitations.resend(cast.owner, cast.org, theirs.id)


def test_an_account_invitation_is_accepted_by_token_only_by_that_account(cast: Cast) -> None:
    issued = cast.invite()

    with pytest.raises(AccessDenied):
        cast.core.invitations.accept_by_token(cast.outsider, issued.invitation_token, "client")
    assert stored(cast, issued.invitation.id) == issued.invitation
    accepted = cast.core.invitations.accept_by_token(cast.invitee, issued.invitation_token, "client")
    assert accepted.status is Status.ACCEPTED


def test_an_email_invitation_is_accepted_by_whoever_holds_the_token(cast: Cast) -> None:
    issued = cast.invite("grace@example.com", target_type=TargetType.EMAIL, role=Role.ADMIN)

    accepted = cast.core.invitations.accept_by_token(cast.outsider, issued.invitation_token, "client")

    assert accepted.responded_by == cast.outsider
    assert roles_of(cast, cast.outsider) == frozenset({Role.ADMIN})


def test_an_unknown_token_is_not_found(cast: Cast) -> None:
    with pytest.raises(InvitationNotFound):
        cast.core.invitations.preview("oit_nothing", "client")
    with pytest.raises(InvitationNotFound):
        cast.core.invitations.accept_by_token(cast.invitee, "oit_nothing", "client")


# --- finished invitations do not move --------------------------------------------------------------


def test_a_second_accept_is_already_in_state(cast: Cast) -> None:
    invitation = cast.invite().invitation
    cast.core.invitations.accept(cast.invitee, invitation.id)

    with pytest.raises(AlreadyInState):
        cast.core.invitations.accept(cast.invitee, invitation.id)


def test_declining_an_accepted_invitation_is_an_invalid_transition(cast: Cast) -> None:
    invitation = cast.invite().invitation
    accepted = cast.core.invitations.accept(cast.invitee, invitation.id)

    with pytest.raises(InvalidTransition):
        cast.core.invitations.decline(cast.invitee, invitation.id)
    with pytest.raises(InvalidTransition):
        cast.core.invitations.cancel(cast.admin, invitation.id)
    assert stored(cast, invitation.id) == accepted


def test_cancelling_twice_is_already_in_state(cast: Cast) -> None:
    invitation = cast.invite().invitation
    cast.core.invitations.cancel(cast.admin, invitation.id)

    with pytest.raises(AlreadyInState):
        cast.core.invitations.cancel(cast.owner, invitation.id)
    with pytest.raises(InvalidTransition):
        cast.core.invitations.accept(cast.invitee, invitation.id)


# --- who can be invited ----------------------------------------------------------------------------


def test_a_second_live_invitation_for_a_target_names_the_first(cast: Cast) -> None:
    first = cast.invite().invitation

    with pytest.raises(DuplicateInvitation) as refused:
        cast.invite(sender=cast.owner)
    assert refused.value.existing_invitation_id == first.id


def test_email_targets_are_the_same_whatever_their_case_or_width(cast: Cast) -> None:
    first = cast.invite("grace@example.com", target_type=TargetType.EMAIL).invitation

    with pytest.raises(DuplicateInvitation) as refused:
        cast.invite("GRACE@\N{FULLWIDTH LATIN CAPITAL LETTER E}xample.com", target_type=TargetType.EMAIL)
    assert refused.value.existing_invitation_id == first.id


def test_a_finished_invitation_does_not_block_a_new_one(cast: Cast) -> None:
    first = cast.invite().invitation
    cast.core.invitations.decline(cast.invitee, first.id)

    assert cast.invite().invitation.id != first.id


def test_inviting_a_member_is_already_member(cast: Cast) -> None:
    with pytest.raises(AlreadyMember):
        cast.invite(cast.member)


def test_inviting_an_unknown_account_is_account_not_found(cast: Cast) -> None:
    with pytest.raises(AccountNotFound):
        cast.invite("0" * 32)


def test_accepting_when_already_a_member_is_refused_and_changes_nothing(cast: Cast) -> None:
    by_account = cast.invite(role=Role.ADMIN).invitation
    by_email = cast.invite("grace@example.com", target_type=TargetType.EMAIL)
    cast.core.invitations.accept_by_token(cast.invitee, by_email.invitation_token, "client")

    with pytest.raises(AlreadyMember):
        cast.core.invitations.accept(cast.invitee, by_account.id)

    assert stored(cast, by_account.id) == by_account  # the compare-and-set was rolled back
    assert actions(cast, by_account.id) == [Action.CREATED]
    assert roles_of(cast, cast.invitee) == frozenset({Role.MEMBER})


# --- expiry ----------------------------------------------------------------------------------------


def test_expiry_is_evaluated_on_read_without_writing(cast: Cast, clock: ManualClock) -> None:
    invitation = cast.invite().invitation
    clock.advance(VALIDITY)

    assert cast.core.invitations.get(cast.admin, cast.org, invitation.id).status is Status.EXPIRED
    assert cast.core.invitations.get_handshake(cast.invitee, invitation.id).status is Status.EXPIRED
    assert [i.id for i in cast.core.invitations.received(cast.invitee, Status.EXPIRED, 50, None).items] == [
        invitation.id
    ]
    assert cast.core.invitations.received(cast.invitee, Status.PENDING, 50, None).items == []
    assert stored(cast, invitation.id) == invitation  # a read records nothing


def test_an_invitation_is_live_until_the_second_it_expires(cast: Cast, clock: ManualClock) -> None:
    invitation = cast.invite().invitation
    clock.advance(VALIDITY - timedelta(seconds=1))

    assert cast.core.invitations.accept(cast.invitee, invitation.id).status is Status.ACCEPTED


def test_responding_to_an_expired_invitation_is_refused_and_records_the_expiry(
    cast: Cast, clock: ManualClock
) -> None:
    invitation = cast.invite().invitation
    clock.advance(VALIDITY + timedelta(hours=1))

    with pytest.raises(InvalidTransition):
        cast.core.invitations.accept(cast.invitee, invitation.id)

    after = stored(cast, invitation.id)
    assert after is not None and after.status is Status.EXPIRED
    assert after.updated_at == invitation.expires_at
    assert actions(cast, invitation.id) == [Action.CREATED, Action.EXPIRED]
    assert roles_of(cast, cast.invitee) is None


def test_accepting_an_expired_invitation_by_token_is_refused_and_records_the_expiry(
    cast: Cast, clock: ManualClock
) -> None:
    issued = cast.invite()
    clock.advance(VALIDITY)

    with pytest.raises(InvitationExpired):
        cast.core.invitations.accept_by_token(cast.invitee, issued.invitation_token, "client")

    after = stored(cast, issued.invitation.id)
    assert after is not None and after.status is Status.EXPIRED
    trail = cast.core.invitations.events(cast.admin, cast.org, issued.invitation.id, 50, None).items
    assert [(e.action, e.from_status, e.to_status, e.occurred_at) for e in trail][1:] == [
        (Action.EXPIRED, Status.PENDING, Status.EXPIRED, issued.invitation.expires_at)
    ]
    assert roles_of(cast, cast.invitee) is None


def test_an_expired_invitation_does_not_block_a_new_one_and_is_recorded_as_expired(
    cast: Cast, clock: ManualClock
) -> None:
    first = cast.invite().invitation
    clock.advance(VALIDITY)

    second = cast.invite().invitation

    assert second.id != first.id
    assert actions(cast, first.id) == [Action.CREATED, Action.EXPIRED]
    with cast.core.storage.reading() as uow:
        assert (
            uow.invitations.pending_for_target(cast.org, Target(TargetType.ACCOUNT, cast.invitee)) == second
        )


def test_reading_the_trail_records_an_expiry_no_write_has_seen_yet(cast: Cast, clock: ManualClock) -> None:
    invitation = cast.invite().invitation
    clock.advance(VALIDITY + timedelta(days=1))

    trail = cast.core.invitations.events(cast.admin, cast.org, invitation.id, 50, None).items

    assert [e.action for e in trail] == [Action.CREATED, Action.EXPIRED]
    assert trail[-1].occurred_at == invitation.expires_at
    after = stored(cast, invitation.id)
    assert after is not None and after.status is Status.EXPIRED


# --- resend ----------------------------------------------------------------------------------------


def test_resend_gives_a_new_token_and_expiry_and_the_old_token_stops_matching(
    cast: Cast, clock: ManualClock
) -> None:
    first = cast.invite()
    clock.advance(timedelta(days=2))

    again = cast.core.invitations.resend(cast.admin, cast.org, first.invitation.id)

    assert again.invitation_token != first.invitation_token
    assert again.invitation.expires_at == clock.now() + VALIDITY
    with pytest.raises(InvitationNotFound):
        cast.core.invitations.preview(first.invitation_token, "client")
    assert cast.core.invitations.preview(again.invitation_token, "client").id == first.invitation.id
    assert actions(cast, first.invitation.id) == [Action.CREATED, Action.RESENT]


def test_a_finished_invitation_cannot_be_resent(cast: Cast) -> None:
    invitation = cast.invite().invitation
    declined = cast.core.invitations.decline(cast.invitee, invitation.id)

    with pytest.raises(InvalidTransition):
        cast.core.invitations.resend(cast.admin, cast.org, invitation.id)
    assert stored(cast, invitation.id) == declined


def test_an_expired_invitation_cannot_be_resent_and_its_expiry_is_recorded(
    cast: Cast, clock: ManualClock
) -> None:
    issued = cast.invite()
    clock.advance(VALIDITY)

    with pytest.raises(InvalidTransition):
        cast.core.invitations.resend(cast.admin, cast.org, issued.invitation.id)
    assert actions(cast, issued.invitation.id) == [Action.CREATED, Action.EXPIRED]
    assert cast.core.invitations.preview(issued.invitation_token, "client").status is Status.EXPIRED


def test_only_managers_resend(cast: Cast) -> None:
    invitation = cast.invite().invitation

    with pytest.raises(AccessDenied):
        cast.core.invitations.resend(cast.member, cast.org, invitation.id)
    with pytest.raises(OrganizationNotFound):
        cast.core.invitations.resend(cast.invitee, cast.org, invitation.id)


# --- the trail, lists and retention ----------------------------------------------------------------


def test_the_trail_numbers_each_invitations_steps_from_one_with_opaque_ids(
    cast: Cast, clock: ManualClock
) -> None:
    invitation = cast.invite().invitation
    clock.advance(timedelta(minutes=1))
    cast.core.invitations.resend(cast.admin, cast.org, invitation.id)
    clock.advance(timedelta(minutes=1))
    cast.core.invitations.accept(cast.invitee, invitation.id)

    first = cast.core.invitations.events(cast.owner, cast.org, invitation.id, 2, None)
    rest = cast.core.invitations.events(cast.owner, cast.org, invitation.id, 2, first.next_marker)

    trail = [*first.items, *rest.items]
    assert [(e.position, e.action, e.actor_account_id) for e in trail] == [
        (1, Action.CREATED, cast.admin),
        (2, Action.RESENT, cast.admin),
        (3, Action.ACCEPTED, cast.invitee),
    ]
    assert rest.next_marker is None
    assert len({e.id for e in trail}) == 3 and all(e.id.startswith("e-") for e in trail)


def test_the_list_is_newest_first_in_pages_and_filters_by_status_as_of_now(
    cast: Cast, clock: ManualClock
) -> None:
    owner = cast.outsider
    org = cast.core.organizations.create(owner, "Difference Engines").id
    invited = []
    for days, name in enumerate(("Alan", "Barbara", "Claude"), start=1):
        target = request(sign_up(cast.core, name), validity=timedelta(days=days))
        invited.append(cast.core.invitations.create(owner, org, target).invitation.id)
        clock.advance(timedelta(hours=1))
    clock.advance(timedelta(days=1))  # the first has expired

    first = cast.core.invitations.list(owner, org, ListFilter(), 2, None)
    rest = cast.core.invitations.list(owner, org, ListFilter(), 2, first.next_marker)
    expired = cast.core.invitations.list(
        owner, org, ListFilter(statuses=frozenset({Status.EXPIRED})), 50, None
    )
    pending = cast.core.invitations.list(
        owner, org, ListFilter(statuses=frozenset({Status.PENDING})), 50, None
    )

    assert [i.id for i in [*first.items, *rest.items]] == invited[::-1]
    assert rest.next_marker is None
    assert [(i.id, i.status) for i in expired.items] == [(invited[0], Status.EXPIRED)]
    assert [i.id for i in pending.items] == invited[:0:-1]


def test_an_account_receives_only_the_invitations_addressed_to_it(cast: Cast) -> None:
    mine = cast.invite().invitation
    cast.invite(sign_up(cast.core, "Alan Turing"))
    cast.invite("grace@example.com", target_type=TargetType.EMAIL)

    assert cast.core.invitations.received(cast.invitee, None, 50, None).items == [mine]


def test_invitations_finished_over_thirty_days_ago_are_purged_with_their_trail(
    cast: Cast, clock: ManualClock
) -> None:
    old = cast.invite().invitation
    cast.core.invitations.decline(cast.invitee, old.id)
    forgotten = cast.invite(sign_up(cast.core, "Barbara Liskov"), validity=timedelta(hours=1)).invitation
    clock.advance(timedelta(days=2))
    recent = cast.invite().invitation
    cast.core.invitations.cancel(cast.admin, recent.id)
    pending = cast.invite(sign_up(cast.core, "Alan Turing"), validity=timedelta(days=30)).invitation
    clock.advance(timedelta(days=29))  # 31 days after the first decline, 29 after the cancel

    assert cast.core.retention.purge() == 2 + 2  # and the two the cast joined by, 31 days ago

    assert stored(cast, old.id) is None and actions(cast, old.id) == []
    assert stored(cast, forgotten.id) is None  # expired unseen, over 30 days ago
    assert stored(cast, recent.id) is not None
    assert stored(cast, pending.id) is not None


# --- throttles -------------------------------------------------------------------------------------


def test_invitations_per_organization_are_throttled_and_a_refused_one_is_not_kept(
    clock: ManualClock,
) -> None:
    core = build_core(clock, limits=throttle(invitations_per_day=1))
    owner = sign_up(core, "Ada Lovelace")
    org = core.organizations.create(owner, "Analytical Engines").id
    first, second = sign_up(core, "Grace Hopper"), sign_up(core, "Alan Turing")
    core.invitations.create(owner, org, request(first))

    with pytest.raises(RateLimited) as refused:
        core.invitations.create(owner, org, request(second))

    assert refused.value.retry_after >= 1
    assert core.invitations.received(second, None, 50, None).items == []


def test_refused_invitations_and_resends_do_not_count_against_the_daily_throttle(clock: ManualClock) -> None:
    core = build_core(clock, limits=throttle(invitations_per_day=2))
    owner = sign_up(core, "Ada Lovelace")
    org = core.organizations.create(owner, "Analytical Engines").id
    first, second = sign_up(core, "Grace Hopper"), sign_up(core, "Alan Turing")
    declined = core.invitations.create(owner, org, request(first)).invitation  # 1 of 2
    with pytest.raises(DuplicateInvitation):
        core.invitations.create(owner, org, request(first))
    core.invitations.decline(first, declined.id)
    with pytest.raises(InvalidTransition):
        core.invitations.resend(owner, org, declined.id)

    core.invitations.create(owner, org, request(second))  # 2 of 2

    with pytest.raises(RateLimited):
        core.invitations.create(owner, org, request(first))


def test_token_lookups_per_client_are_throttled(clock: ManualClock) -> None:
    core = build_core(clock, limits=throttle(token_lookups_per_minute=2))

    for _ in range(2):
        with pytest.raises(InvitationNotFound):
            core.invitations.preview("oit_guess", "10.0.0.1")
    with pytest.raises(RateLimited):
        core.invitations.preview("oit_guess", "10.0.0.1")
    with pytest.raises(InvitationNotFound):
        core.invitations.preview("oit_guess", "10.0.0.2")


# --- batches (Elastic's create takes a list of addresses) -------------------------------------------


def test_a_batch_is_made_whole_in_one_transaction(cast: Cast) -> None:
    batch = [request(email, target_type=TargetType.EMAIL) for email in ("a@example.com", "b@example.com")]

    issued = cast.core.invitations.create_many(cast.admin, cast.org, batch)

    assert [i.invitation.email for i in issued] == ["a@example.com", "b@example.com"]
    assert all(stored(cast, i.invitation.id) == i.invitation for i in issued)


def test_a_batch_with_one_refusal_makes_nothing(cast: Cast) -> None:
    taken = cast.invite("taken@example.com", target_type=TargetType.EMAIL).invitation
    batch = [
        request(email, target_type=TargetType.EMAIL) for email in ("new@example.com", "taken@example.com")
    ]

    with pytest.raises(DuplicateInvitation) as refused:
        cast.core.invitations.create_many(cast.admin, cast.org, batch)

    assert refused.value.existing_invitation_id == taken.id
    listed = cast.core.invitations.list(
        cast.admin, cast.org, ListFilter(target_type=TargetType.EMAIL), 50, None
    )
    assert [i.email for i in listed.items] == ["taken@example.com"]


def test_a_batch_refusal_names_every_target_already_invited(cast: Cast) -> None:
    first = cast.invite("one@example.com", target_type=TargetType.EMAIL).invitation
    second = cast.invite("two@example.com", target_type=TargetType.EMAIL).invitation
    emails = ("one@example.com", "new@example.com", "TWO@example.com")
    batch = [request(email, target_type=TargetType.EMAIL) for email in emails]

    with pytest.raises(DuplicateInvitation) as refused:
        cast.core.invitations.create_many(cast.admin, cast.org, batch)

    assert refused.value.among == (
        Duplicate(0, "one@example.com", first.id),
        Duplicate(2, "TWO@example.com", second.id),
    )
