"""Deep pages cost what the first does: every paged list seeks past its marker on an index.

A timing would be slow and flaky; the query plan says it outright. Each test pages a real
list through a unit of work, captures the SQL the repository sent for the page after a
marker, and asks the database how it would run that SQL with the same parameters. The
keyset bound must be part of the index search (SQLite: `(created_at,id)<(?,?)` in the
SEARCH line; PostgreSQL: a `ROW(…) < ROW(…)` in the Index Cond), not a filter applied to
every row the scan walks from the top of the index.

On SQLite by default, on PostgreSQL when ORG_INVITATIONS_TEST_DATABASE_URL is set. With a
handful of rows PostgreSQL would rather read the whole table, so its plans are taken with
sequential scans switched off: the question is which index condition it can use, not
whether an index pays for three rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TypeVar

import pytest
from sqlalchemy import Engine

from org_invitations.bootstrap import Services
from org_invitations.domain.invitations import Status, TargetType
from org_invitations.domain.model import Page, Role
from org_invitations.services.invitations import InvitationRequest
from org_invitations.storage.unit_of_work import UnitOfWork
from tests.conftest import ManualClock
from tests.databases import Statement, capturing

T = TypeVar("T")


def plan(engine: Engine, statement: Statement) -> str:
    """The database's plan for `statement`, one line per step."""
    parameters = statement.parameters
    if isinstance(parameters, list):  # positional, as a prepared statement binds them on SQLite
        parameters = tuple(parameters)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement.sql, parameters)
            return "\n".join(str(row[-1]) for row in rows)
        connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        rows = connection.exec_driver_sql("EXPLAIN " + statement.sql, parameters)
        return "\n".join(str(row[0]) for row in rows)


def plan_of_next_page(services: Services, list_page: Callable[[UnitOfWork, str | None], Page[T]]) -> str:
    """The plan of the query that fetches the page after the first (one item a page)."""
    with services.uow.reading() as uow:
        first = list_page(uow, None)
    assert first.items, "the list is empty: nothing to page past"
    assert first.next_marker is not None, "the list has one page only: no marker to page past"
    with services.uow.reading() as uow, capturing(services.engine) as sent:
        second = list_page(uow, first.next_marker)
    assert second.items, "the page after the marker is empty"
    queries = [s for s in sent if s.sql.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 1, [s.sql for s in sent]
    return plan(services.engine, queries[0])


def assert_seeks(
    services: Services, found: str, index: str, equal: list[str], key: list[str], op: str
) -> None:
    """`found` searches `index` on `equal` columns and on the row value `key` `op` the marker."""
    if services.engine.dialect.name == "sqlite":
        # e.g. SEARCH invitations USING INDEX ix_invitations_org_created
        #          (organization_id=? AND (created_at,id)<(?,?))
        bound = f"({','.join(key)}){op}({','.join('?' for _ in key)})"
        wanted = f"USING INDEX {index} ({' AND '.join(f'{c}=?' for c in equal)} AND {bound})"
        assert wanted in found, f"expected the plan to seek with\n  {wanted}\ngot:\n{found}"
        assert "TEMP B-TREE" not in found, f"the index should give the order too:\n{found}"
        return
    # e.g. Index Scan Backward using ix_invitations_org_created on invitations
    #        Index Cond: (((organization_id)::text = '…'::text)
    #                     AND (ROW(created_at, (id)::text) < ROW('…'::timestamp with time zone, '…'::text)))
    assert re.search(rf"Index (Only )?Scan (Backward )?using {index} on ", found), found
    conditions = " ".join(line for line in found.splitlines() if "Index Cond:" in line)

    def column(name: str) -> str:  # `name`, or `(name)::text` for a varchar
        return rf"(?:{name}|\({name}\)::[a-z ]+)"

    for name in equal:
        assert re.search(rf"{column(name)} = ", conditions), f"no {name} = … in the Index Cond:\n{found}"
    row_bound = rf"ROW\({', '.join(column(name) for name in key)}\) {re.escape(op)} ROW\("
    assert re.search(row_bound, conditions), f"the marker's bound is not in the Index Cond:\n{found}"
    assert "Sort" not in found, f"the index should give the order too:\n{found}"


@dataclass(frozen=True)
class World:
    organization_id: str
    invitee_id: str


EMAIL = "grace@example.com"


@pytest.fixture
def world(services: Services, clock: ManualClock) -> World:
    """An organization with two members and four invitations (two to accounts, two to one
    email, one of those cancelled), two of them pending; an invitee invited by two organizations."""
    owner = services.accounts.create("Owner", None).account
    invitee = services.accounts.create("Invitee", None).account
    joiner = services.accounts.create("Joiner", None).account
    organization = services.organizations.create(owner.id, "Analytical Engines")
    other = services.organizations.create(owner.id, "Difference Engines")

    def invite(organization_id: str, target_type: str, entity: str) -> str:
        clock.advance(timedelta(minutes=1))
        request = InvitationRequest(
            target_type=target_type,
            entity=entity,
            roles=frozenset({Role.MEMBER}),
            given_name=None,
            family_name=None,
            notes=None,
            validity=timedelta(days=7),
        )
        return services.invitations.create(owner.id, organization_id, request).invitation.id

    services.invitations.accept(joiner.id, invite(organization.id, "account", joiner.id))
    services.invitations.cancel(owner.id, invite(organization.id, "email", EMAIL))
    invite(organization.id, "account", invitee.id)
    invite(organization.id, "email", EMAIL)
    invite(other.id, "account", invitee.id)
    return World(organization.id, invitee.id)


@dataclass(frozen=True)
class OrganizationList:
    """A filter of the organization's list, and the index whose prefix it pins by equality."""

    status: Status | None
    target_type: TargetType | None
    email: str | None
    index: str
    equal: list[str]


ORGANIZATION_LISTS = {
    "all": OrganizationList(None, None, None, "ix_invitations_org_created", ["organization_id"]),
    "pending": OrganizationList(
        Status.PENDING, None, None, "ix_invitations_org_status_created", ["organization_id", "status"]
    ),
    # target_type is not in an index after organization_id: filtered while seeking.
    "to accounts": OrganizationList(
        None, TargetType.ACCOUNT, None, "ix_invitations_org_created", ["organization_id"]
    ),
    # organization_id is not in the target index: filtered while seeking.
    "to an email": OrganizationList(
        None, None, EMAIL, "ix_invitations_target_created", ["target_type", "target_entity"]
    ),
}


@pytest.mark.parametrize("case", ORGANIZATION_LISTS.values(), ids=ORGANIZATION_LISTS.keys())
def test_the_organizations_list_seeks_past_the_marker(
    services: Services, world: World, case: OrganizationList
) -> None:
    found = plan_of_next_page(
        services,
        lambda uow, marker: uow.invitations.page_for_organization(
            world.organization_id,
            services.clock.now(),
            statuses=[case.status] if case.status else [],
            target_type=case.target_type,
            email=case.email,
            limit=1,
            marker=marker,
        ),
    )
    assert_seeks(services, found, case.index, case.equal, ["created_at", "id"], "<")


@pytest.mark.parametrize("status", [None, Status.PENDING], ids=["all", "pending"])
def test_the_received_list_seeks_past_the_marker(
    services: Services, world: World, status: Status | None
) -> None:
    found = plan_of_next_page(
        services,
        lambda uow, marker: uow.invitations.page_for_account(
            world.invitee_id, services.clock.now(), status=status, limit=1, marker=marker
        ),
    )
    assert_seeks(
        services,
        found,
        "ix_invitations_target_created",
        ["target_type", "target_entity"],
        ["created_at", "id"],
        "<",
    )


def test_the_members_list_seeks_past_the_marker(services: Services, world: World) -> None:
    found = plan_of_next_page(
        services, lambda uow, marker: uow.memberships.page(world.organization_id, limit=1, marker=marker)
    )
    assert_seeks(
        services, found, "ix_memberships_org_joined", ["organization_id"], ["joined_at", "account_id"], ">"
    )


def test_the_events_list_seeks_past_the_marker(services: Services, world: World) -> None:
    with services.uow.reading() as uow:
        invitation = uow.invitations.page_for_organization(
            world.organization_id,
            services.clock.now(),
            statuses=[Status.CANCELLED],
            target_type=None,
            email=None,
            limit=1,
            marker=None,
        ).items[0]
    found = plan_of_next_page(
        services, lambda uow, marker: uow.invitations.events(invitation.id, limit=1, marker=marker)
    )
    index = "uq_invitation_events_invitation_position"
    if services.engine.dialect.name == "sqlite":
        wanted = f"USING INDEX {index} (invitation_id=? AND position>?)"
        assert wanted in found, f"expected the plan to seek with\n  {wanted}\ngot:\n{found}"
        assert "TEMP B-TREE" not in found, found
        return
    assert re.search(rf"Index Scan using {index} on ", found), found
    conditions = " ".join(line for line in found.splitlines() if "Index Cond:" in line)
    assert re.search(r"invitation_id\)::text = ", conditions), found
    assert re.search(r'"?position"? > ', conditions), found
    assert "Sort" not in found, found
