"""The in-memory unit of work (tests/fakes.py) keeps the promises of the SQL one.

The unit tests run the services over the fake, so they are only as good as the fake is
faithful. Each test here runs on both storages and asks for what services/ports.py promises
(isolation until commit, compare-and-set, one pending invitation per target, paging and
markers, the trail); the last one fills both with the same rows and checks that they page
alike and take each other's markers. On SQLite by default, on PostgreSQL when
ORG_INVITATIONS_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from org_invitations.bootstrap import Services
from org_invitations.domain.invitations import Action, Invitation, Status, Target, TargetType
from org_invitations.domain.model import AccessKey, Account, Member, Organization, OrganizationSummary, Role
from org_invitations.services.ports import UnitOfWorkFactory
from tests.fakes import FakeUnitOfWorkFactory

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
OWNER = Account("a" * 32, "100000000001", "Ada Lovelace", None, T0)
INVITEE = Account("b" * 32, "100000000002", "Grace Hopper", "grace@example.com", T0)
NEWCOMER = Account("c" * 32, "100000000003", "Alan Turing", None, T0)
ORG = Organization("o-" + "0" * 32, "Analytical Engines", OWNER.id, OWNER.name, T0)
OWNER_ONLY = frozenset({Role.OWNER})
MEMBER_ONLY = frozenset({Role.MEMBER})
TO_INVITEE = Target(TargetType.ACCOUNT, INVITEE.id)


def invitation(number: int, target: Target = TO_INVITEE, created_at: datetime = T0) -> Invitation:
    return Invitation(
        id=f"h-{number:032d}",
        organization=OrganizationSummary(ORG.id, ORG.name),
        management_account_id=OWNER.id,
        management_account_name=OWNER.name,
        created_by=OWNER.id,
        target=target,
        email=target.entity if target.type is TargetType.EMAIL else None,
        given_name=None,
        family_name=None,
        roles=MEMBER_ONLY,
        notes=None,
        status=Status.PENDING,
        validity=WEEK,
        created_at=created_at,
        updated_at=created_at,
        expires_at=created_at + WEEK,
        token_version=1,
        team_ids=("analytics", "t-2"),
    )


def seed(storage: UnitOfWorkFactory) -> None:
    with storage.writing() as uow:
        uow.accounts.add(OWNER)
        uow.accounts.add(INVITEE)
        uow.organizations.add(ORG)
        uow.memberships.add(ORG.id, OWNER.id, OWNER_ONLY, T0)
        uow.commit()


@pytest.fixture(params=["sql", "fake"])
def storage(request: pytest.FixtureRequest) -> UnitOfWorkFactory:
    if request.param == "fake":
        chosen: UnitOfWorkFactory = FakeUnitOfWorkFactory()
    else:
        services: Services = request.getfixturevalue("services")
        chosen = services.uow
    seed(chosen)
    return chosen


def add_invitation(storage: UnitOfWorkFactory, invited: Invitation, token_hash: str) -> None:
    with storage.writing() as uow:
        assert uow.invitations.add(invited, token_hash)
        uow.commit()


def test_nothing_is_seen_by_another_unit_of_work_until_commit(storage: UnitOfWorkFactory) -> None:
    with storage.writing() as uow:
        uow.accounts.add(NEWCOMER)
        assert uow.accounts.get(NEWCOMER.id) == NEWCOMER  # its own changes it sees
        with storage.reading() as other:
            assert other.accounts.get(NEWCOMER.id) is None
        uow.commit()

    with storage.reading() as later:
        assert later.accounts.get(NEWCOMER.id) == NEWCOMER


def test_leaving_without_commit_discards_every_change(storage: UnitOfWorkFactory) -> None:
    add_invitation(storage, invitation(1), "1" * 64)
    with pytest.raises(RuntimeError), storage.writing() as uow:
        uow.accounts.add(NEWCOMER)
        uow.memberships.add(ORG.id, INVITEE.id, MEMBER_ONLY, T0)
        assert uow.invitations.finish(invitation(1).id, T0, Status.ACCEPTED, INVITEE.id)
        raise RuntimeError("refused")
    with storage.writing() as uow:
        uow.accounts.add(NEWCOMER)
        # no commit

    with storage.reading() as later:
        assert later.accounts.get(NEWCOMER.id) is None
        assert later.memberships.roles_of(ORG.id, INVITEE.id) is None
        assert later.invitations.get(invitation(1).id) == invitation(1)


def test_a_live_invitation_finishes_once_and_then_nothing_moves_it(storage: UnitOfWorkFactory) -> None:
    invited = invitation(1)
    add_invitation(storage, invited, "1" * 64)
    later = T0 + timedelta(hours=1)

    with storage.writing() as uow:
        assert uow.invitations.finish(invited.id, later, Status.ACCEPTED, INVITEE.id)
        assert not uow.invitations.finish(invited.id, later, Status.DECLINED, INVITEE.id)
        assert not uow.invitations.rotate_token(invited.id, later, "2" * 64, 2, later + WEEK)
        assert not uow.invitations.expire_if_due(invited.id, later + WEEK)
        uow.commit()

    with storage.reading() as uow:
        assert uow.invitations.get(invited.id) == dataclasses.replace(
            invited, status=Status.ACCEPTED, updated_at=later, accepted_at=later, responded_by=INVITEE.id
        )
        assert uow.invitations.by_token("1" * 64) is not None


def test_an_invitation_is_read_with_the_roles_of_whoever_asks(storage: UnitOfWorkFactory) -> None:
    invited = invitation(1)
    add_invitation(storage, invited, "1" * 64)
    with storage.writing() as uow:
        uow.memberships.add(ORG.id, INVITEE.id, frozenset({Role.ADMIN, Role.MEMBER}), T0)
        uow.commit()

    with storage.reading() as uow:
        assert uow.invitations.get_with_roles(invited.id, OWNER.id) == (invited, OWNER_ONLY)
        assert uow.invitations.get_with_roles(invited.id, INVITEE.id) == (
            invited,
            frozenset({Role.ADMIN, Role.MEMBER}),
        )
        assert uow.invitations.get_with_roles(invited.id, "f" * 32) == (invited, None)  # no member
        assert uow.invitations.get_with_roles("h-" + "9" * 32, OWNER.id) is None


def test_a_cancel_records_who_cancelled(storage: UnitOfWorkFactory) -> None:
    invited = invitation(1)
    add_invitation(storage, invited, "1" * 64)

    with storage.writing() as uow:
        assert uow.invitations.finish(invited.id, T0, Status.CANCELLED, OWNER.id)
        uow.commit()

    with storage.reading() as uow:
        assert uow.invitations.get(invited.id) == dataclasses.replace(
            invited, status=Status.CANCELLED, cancelled_at=T0, cancelled_by=OWNER.id
        )


def test_an_invitation_whose_expiry_has_come_only_expires(storage: UnitOfWorkFactory) -> None:
    invited = invitation(1)
    add_invitation(storage, invited, "1" * 64)

    with storage.writing() as uow:
        assert not uow.invitations.expire_if_due(invited.id, invited.expires_at - timedelta(seconds=1))
        assert not uow.invitations.finish(invited.id, invited.expires_at, Status.ACCEPTED, INVITEE.id)
        assert not uow.invitations.rotate_token(invited.id, invited.expires_at, "2" * 64, 2, T0 + 2 * WEEK)
        assert uow.invitations.get(invited.id) == invited
        assert uow.invitations.expire_if_due(invited.id, invited.expires_at + timedelta(days=3))
        assert not uow.invitations.expire_if_due(invited.id, invited.expires_at + timedelta(days=3))
        uow.commit()

    with storage.reading() as uow:
        expired = dataclasses.replace(invited, status=Status.EXPIRED, updated_at=invited.expires_at)
        assert uow.invitations.get(invited.id) == expired


def test_a_rotated_token_replaces_the_old_one(storage: UnitOfWorkFactory) -> None:
    invited = invitation(1)
    add_invitation(storage, invited, "1" * 64)
    later = T0 + timedelta(days=1)

    with storage.writing() as uow:
        assert uow.invitations.rotate_token(invited.id, later, "2" * 64, 2, later + WEEK)
        uow.commit()

    with storage.reading() as uow:
        assert uow.invitations.by_token("1" * 64) is None
        assert uow.invitations.by_token("2" * 64) == dataclasses.replace(
            invited, updated_at=later, expires_at=later + WEEK, token_version=2
        )


def test_one_pending_invitation_per_organization_and_target_expired_or_not(
    storage: UnitOfWorkFactory,
) -> None:
    first, second = invitation(1), invitation(2, created_at=T0 + 2 * WEEK)
    add_invitation(storage, first, "1" * 64)

    with storage.writing() as uow:
        assert not uow.invitations.add(second, "2" * 64)  # the first has expired, but only by the clock
        assert uow.invitations.pending_for_target(ORG.id, TO_INVITEE) == first
        assert uow.invitations.expire_if_due(first.id, second.created_at)
        assert uow.invitations.pending_for_target(ORG.id, TO_INVITEE) is None
        assert uow.invitations.add(second, "2" * 64)
        uow.commit()

    with storage.reading() as uow:
        assert uow.invitations.pending_for_target(ORG.id, TO_INVITEE) == second


def test_an_existing_member_is_not_added_again(storage: UnitOfWorkFactory) -> None:
    with storage.writing() as uow:
        assert not uow.memberships.add(ORG.id, OWNER.id, MEMBER_ONLY, T0 + WEEK)
        assert uow.memberships.add(ORG.id, INVITEE.id, MEMBER_ONLY, T0)
        uow.commit()

    with storage.reading() as uow:
        assert uow.memberships.roles_of(ORG.id, OWNER.id) == OWNER_ONLY
        assert uow.memberships.roles_of(ORG.id, INVITEE.id) == MEMBER_ONLY


def test_each_trail_counts_its_own_steps_from_one_under_opaque_ids(storage: UnitOfWorkFactory) -> None:
    first, second = invitation(1), invitation(2, Target(TargetType.EMAIL, "grace@example.com"))
    add_invitation(storage, first, "1" * 64)
    add_invitation(storage, second, "2" * 64)

    with storage.writing() as uow:
        uow.invitations.add_event(first.id, Action.CREATED, OWNER.id, None, Status.PENDING, T0)
        uow.invitations.add_event(second.id, Action.CREATED, OWNER.id, None, Status.PENDING, T0)
        uow.invitations.add_event(first.id, Action.RESENT, OWNER.id, Status.PENDING, Status.PENDING, T0)
        uow.invitations.add_event(first.id, Action.EXPIRED, None, Status.PENDING, Status.EXPIRED, T0 + WEEK)
        uow.commit()

    with storage.reading() as uow:
        page = uow.invitations.events(first.id, 2, None)
        rest = uow.invitations.events(first.id, 2, page.next_marker)
        others = uow.invitations.events(second.id, 50, None).items

    trail = [*page.items, *rest.items]
    assert [(e.position, e.action, e.actor_account_id) for e in trail] == [
        (1, Action.CREATED, OWNER.id),
        (2, Action.RESENT, OWNER.id),
        (3, Action.EXPIRED, None),
    ]
    assert page.next_marker == f"{int(T0.timestamp())}.2" and rest.next_marker is None
    assert [(e.position, e.invitation_id) for e in others] == [(1, second.id)]
    ids = [e.id for e in [*trail, *others]]
    assert len(set(ids)) == 4 and all(i.startswith("e-") and len(i) == 34 for i in ids)


def test_purge_deletes_what_finished_or_expired_by_the_cutoff_with_its_trail(
    storage: UnitOfWorkFactory,
) -> None:
    accepted = invitation(1)
    expired_unseen = invitation(2, Target(TargetType.EMAIL, "old@example.com"), T0 - WEEK)
    finished_later = invitation(3, Target(TargetType.EMAIL, "late@example.com"))
    still_pending = invitation(4, Target(TargetType.EMAIL, "new@example.com"), T0 + WEEK)
    for number, invited in enumerate((accepted, expired_unseen, finished_later, still_pending)):
        add_invitation(storage, invited, str(number) * 64)
    with storage.writing() as uow:
        assert uow.invitations.finish(accepted.id, T0, Status.ACCEPTED, INVITEE.id)
        uow.invitations.add_event(
            accepted.id, Action.ACCEPTED, INVITEE.id, Status.PENDING, Status.ACCEPTED, T0
        )
        assert uow.invitations.finish(finished_later.id, T0 + timedelta(days=2), Status.CANCELLED, OWNER.id)
        uow.commit()

    with storage.writing() as uow:
        assert uow.invitations.purge_finished_before(T0 + timedelta(days=1)) == 2
        uow.commit()

    with storage.reading() as uow:
        assert uow.invitations.get(accepted.id) is None
        assert uow.invitations.events(accepted.id, 50, None).items == []
        assert uow.invitations.get(expired_unseen.id) is None
        assert uow.invitations.get(finished_later.id) is not None
        assert uow.invitations.get(still_pending.id) is not None


def test_a_security_token_names_its_account_and_expiry(storage: UnitOfWorkFactory) -> None:
    with storage.writing() as uow:
        uow.accounts.add_security_token(INVITEE.id, "5" * 64, T0, T0 + timedelta(minutes=15))
        uow.accounts.add_api_key(INVITEE.id, "6" * 64, T0)
        uow.commit()

    with storage.reading() as uow:
        grant = uow.accounts.security_token("5" * 64)
        assert grant is not None and grant.account_id == INVITEE.id
        assert not grant.expired(T0 + timedelta(minutes=15, seconds=-1))
        assert grant.expired(T0 + timedelta(minutes=15))
        assert uow.accounts.security_token("6" * 64) is None
        assert uow.accounts.by_api_key("6" * 64) == INVITEE.id
        assert uow.accounts.by_api_key("5" * 64) is None


def test_an_alias_belongs_to_one_account(storage: UnitOfWorkFactory) -> None:
    twin = Account("d" * 32, OWNER.alias, "Alan Turing", None, T0)

    with storage.writing() as uow:
        assert not uow.accounts.add(twin)  # the alias is taken
        assert not uow.accounts.add(dataclasses.replace(OWNER, alias="100000000009"))  # so is the id
        assert uow.accounts.add(NEWCOMER)
        uow.commit()

    with storage.reading() as uow:
        assert uow.accounts.by_alias(OWNER.alias) == OWNER
        assert uow.accounts.by_alias(NEWCOMER.alias) == NEWCOMER
        assert uow.accounts.get(twin.id) is None
        assert uow.accounts.by_alias("100000000009") is None


def access_key(number: int, account: Account = INVITEE, created_at: datetime = T0) -> AccessKey:
    return AccessKey(f"OIAK{number:016d}", account.id, bytes([number]) * 68, created_at)


def temporary_key(number: int, token_hash: str, expires_at: datetime) -> AccessKey:
    return AccessKey(f"OIAS{number:016d}", INVITEE.id, bytes([number]) * 68, T0, expires_at, token_hash)


def test_an_account_holds_at_most_limit_permanent_keys(storage: UnitOfWorkFactory) -> None:
    expiry = T0 + timedelta(hours=1)
    with storage.writing() as uow:
        uow.accounts.add_security_token(INVITEE.id, "7" * 64, T0, expiry)
        uow.accounts.add_temporary_access_key(temporary_key(9, "7" * 64, expiry))  # not counted
        assert uow.accounts.add_access_key(access_key(2, created_at=T0 + timedelta(seconds=1)), limit=2)
        assert uow.accounts.add_access_key(access_key(1), limit=2)
        assert not uow.accounts.add_access_key(access_key(3), limit=2)
        assert uow.accounts.add_access_key(access_key(4, OWNER), limit=2)  # each account its own
        uow.commit()

    with storage.writing() as uow:
        assert [k.access_key_id for k in uow.accounts.access_keys(INVITEE.id)] == [
            access_key(1).access_key_id,  # oldest first
            access_key(2).access_key_id,
        ]
        assert uow.accounts.access_keys(INVITEE.id)[0] == access_key(1)
        assert uow.accounts.delete_access_key(INVITEE.id, access_key(2).access_key_id)
        assert uow.accounts.add_access_key(access_key(3), limit=2)  # its slot is free again
        uow.commit()

    with storage.reading() as uow:
        assert {k.access_key_id for k in uow.accounts.access_keys(INVITEE.id)} == {
            access_key(1).access_key_id,
            access_key(3).access_key_id,
        }


def test_a_key_is_deleted_only_by_its_account_and_only_if_permanent(storage: UnitOfWorkFactory) -> None:
    expiry = T0 + timedelta(hours=1)
    with storage.writing() as uow:
        assert uow.accounts.add_access_key(access_key(1), limit=2)
        uow.accounts.add_security_token(INVITEE.id, "7" * 64, T0, expiry)
        uow.accounts.add_temporary_access_key(temporary_key(9, "7" * 64, expiry))
        uow.commit()

    with storage.writing() as uow:
        assert not uow.accounts.delete_access_key(OWNER.id, access_key(1).access_key_id)
        assert not uow.accounts.delete_access_key(INVITEE.id, temporary_key(9, "", T0).access_key_id)
        assert not uow.accounts.delete_access_key(INVITEE.id, access_key(5).access_key_id)
        uow.commit()

    with storage.reading() as uow:
        assert uow.accounts.by_access_key(access_key(1).access_key_id) == access_key(1)
        assert uow.accounts.by_access_key(temporary_key(9, "", T0).access_key_id) is not None


def test_a_key_is_found_by_its_id_with_its_expiry_even_once_expired(storage: UnitOfWorkFactory) -> None:
    expiry = T0 + timedelta(minutes=15)
    temporary = temporary_key(9, "7" * 64, expiry)
    with storage.writing() as uow:
        assert uow.accounts.add_access_key(access_key(1), limit=2)
        uow.accounts.add_security_token(INVITEE.id, "7" * 64, T0, expiry)
        uow.accounts.add_temporary_access_key(temporary)
        uow.commit()

    with storage.writing() as uow:
        assert uow.accounts.by_access_key(temporary.access_key_id) == temporary
        assert uow.accounts.by_access_key(access_key(1).access_key_id) == access_key(1)
        assert uow.accounts.by_access_key(access_key(2).access_key_id) is None
        assert uow.accounts.access_keys(INVITEE.id) == [access_key(1)]  # temporary keys are not listed


LISTINGS: list[tuple[list[Status], TargetType | None, str | None]] = [
    ([], None, None),
    ([Status.PENDING], None, None),
    ([Status.EXPIRED], None, None),
    ([Status.DECLINED], None, None),
    ([Status.PENDING, Status.EXPIRED], TargetType.EMAIL, None),  # Elastic's open invitations
    ([], TargetType.ACCOUNT, None),
    ([], None, "grace@example.com"),
]


def walk(
    storage: UnitOfWorkFactory, listing: int, limit: int, now: datetime
) -> list[tuple[list[str], str | None]]:
    """Every page of one organization listing: its ids and its marker (failing, not looping, on a
    marker that leads back)."""
    statuses, target_type, email = LISTINGS[listing]
    pages: list[tuple[list[str], str | None]] = []
    marker = None
    with storage.reading() as uow:
        for _ in range(20):
            page = uow.invitations.page_for_organization(
                ORG.id,
                now,
                statuses=statuses,
                target_type=target_type,
                email=email,
                limit=limit,
                marker=marker,
            )
            pages.append(([i.id for i in page.items], page.next_marker))
            if page.next_marker is None:
                return pages
            marker = page.next_marker
    raise AssertionError(f"more than 20 pages: {pages}")


def test_both_storages_page_alike_and_take_each_others_markers(services: Services) -> None:
    sql, fake = services.uow, FakeUnitOfWorkFactory()
    newcomers = [Account(f"{n:032x}", f"2000000000{n:02d}", f"Member {n}", None, T0) for n in range(1, 6)]
    # Five created at one instant (ties fall back to the id), then three more; at `now` the
    # first five have expired (by the clock only) and one of the others is declined.
    rows = [invitation(n, Target(TargetType.ACCOUNT, account.id)) for n, account in enumerate(newcomers, 1)]
    rows += [
        invitation(6, Target(TargetType.EMAIL, "grace@example.com"), T0 + timedelta(days=2)),
        invitation(7, Target(TargetType.EMAIL, "alan@example.com"), T0 + timedelta(days=2)),
        invitation(8, TO_INVITEE, T0 + timedelta(days=3)),
    ]
    now = T0 + timedelta(days=8)
    for storage in (sql, fake):
        seed(storage)
        with storage.writing() as uow:
            for number, account in enumerate(newcomers):
                uow.accounts.add(account)
                uow.memberships.add(ORG.id, account.id, MEMBER_ONLY, T0 + timedelta(hours=number % 2))
            for number, row in enumerate(rows):
                assert uow.invitations.add(row, f"{number:064d}")
            assert uow.invitations.finish(rows[6].id, T0 + timedelta(days=3), Status.DECLINED, INVITEE.id)
            uow.commit()

    for listing in range(len(LISTINGS)):
        for limit in (1, 2, 3, 50):
            walked = walk(sql, listing, limit, now)
            assert walked == walk(fake, listing, limit, now), (LISTINGS[listing], limit)
            assert walked[0][0], LISTINGS[listing]  # no listing is empty

    with sql.reading() as in_sql, fake.reading() as in_fake:
        sql_marker = in_sql.memberships.page(ORG.id, 2, None).next_marker
        fake_marker = in_fake.memberships.page(ORG.id, 2, None).next_marker
        assert sql_marker is not None and sql_marker == fake_marker
        assert in_sql.memberships.page(ORG.id, 50, fake_marker) == in_fake.memberships.page(
            ORG.id, 50, sql_marker
        )
        received = {"status": None, "limit": 50, "marker": None}
        assert in_sql.invitations.page_for_account(INVITEE.id, now, **received) == (  # type: ignore[arg-type]
            in_fake.invitations.page_for_account(INVITEE.id, now, **received)  # type: ignore[arg-type]
        )


def test_an_accounts_organization_is_the_one_it_owns_else_the_one_it_joined_first(
    storage: UnitOfWorkFactory,
) -> None:
    second = Organization("o-" + "1" * 32, "Difference Engines", NEWCOMER.id, NEWCOMER.name, T0)
    with storage.writing() as uow:
        uow.accounts.add(NEWCOMER)
        uow.organizations.add(second)
        uow.memberships.add(second.id, NEWCOMER.id, OWNER_ONLY, T0)
        uow.memberships.add(ORG.id, INVITEE.id, MEMBER_ONLY, T0 + 2 * WEEK)
        uow.memberships.add(second.id, INVITEE.id, MEMBER_ONLY, T0 + WEEK)
        uow.commit()
    with storage.reading() as uow:
        assert uow.memberships.first_organization_of(INVITEE.id) == second.id
        assert uow.memberships.first_organization_of(OWNER.id) == ORG.id
        assert uow.memberships.first_organization_of("d" * 32) is None
        assert uow.memberships.get(ORG.id, INVITEE.id) == Member(
            ORG.id, INVITEE.id, INVITEE.name, MEMBER_ONLY, T0 + 2 * WEEK
        )
        assert uow.memberships.get(ORG.id, NEWCOMER.id) is None
        assert uow.memberships.belongs_elsewhere(INVITEE.id, ORG.id)
        assert uow.memberships.belongs_elsewhere(INVITEE.id, second.id)
        assert not uow.memberships.belongs_elsewhere(NEWCOMER.id, second.id)
        assert uow.memberships.belongs_elsewhere(NEWCOMER.id, ORG.id)
        assert not uow.memberships.belongs_elsewhere("d" * 32, ORG.id)
        assert uow.accounts.get_many([INVITEE.id, "d" * 32, NEWCOMER.id]) == {
            INVITEE.id: INVITEE,
            NEWCOMER.id: NEWCOMER,
        }
        assert uow.accounts.get_many([]) == {}
        uow.accounts.lock(INVITEE.id)  # takes the row, changes nothing
        assert uow.accounts.get(INVITEE.id) == INVITEE

    owned = Organization("o-" + "2" * 32, "Grace's", INVITEE.id, INVITEE.name, T0 + 3 * WEEK)
    with storage.writing() as uow:
        uow.organizations.add(owned)
        uow.memberships.add(owned.id, INVITEE.id, OWNER_ONLY, T0 + 3 * WEEK)
        uow.commit()
    with storage.reading() as uow:
        assert uow.memberships.first_organization_of(INVITEE.id) == owned.id
