"""Prepared statements (storage/prepared.py) do what SQLAlchemy's own execution of them does.

A prepared SELECT reads the same rows, the same values of the same types, under the same names, found
or not; inside a writing unit of work it sees that transaction's own writes. A prepared INSERT writes
the row it is given as it was (nulls, instants, JSON, bytes); one that finds its key taken inserts
nothing and leaves the transaction usable (no savepoint); a driver's refusal is raised as SQLAlchemy
raises it. A prepared UPDATE tells how many rows it changed. Statement watchers see them all.

Every prepared statement of the storage modules is run with the values of real rows. On SQLite by
default, on PostgreSQL when ORG_INVITATIONS_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, Table, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from org_invitations.bootstrap import Services
from org_invitations.credentials import hash_secret
from org_invitations.domain.invitations import Status
from org_invitations.domain.model import Account, Role
from org_invitations.domain.webhooks import EventType
from org_invitations.services.invitations import InvitationRequest
from org_invitations.storage import invitations, outbox, repositories, webhooks
from org_invitations.storage.engine import for_reading
from org_invitations.storage.kept_connections import KeptConnections
from org_invitations.storage.prepared import PreparedChange, PreparedInsert, PreparedSelect
from org_invitations.storage.tables import (
    AccessKeyRow,
    AccountRow,
    InvitationEventRow,
    InvitationRow,
    MembershipRow,
    OrganizationRow,
    OutboxRow,
)
from org_invitations.storage.unit_of_work import ConnectionSession
from tests.databases import capturing

Case = tuple[PreparedSelect, dict[str, Any]]
STORAGE_MODULES = (invitations, outbox, repositories, webhooks)


def prepared_in_storage(kind: type) -> set[int]:
    return {
        id(value) for module in STORAGE_MODULES for value in vars(module).values() if isinstance(value, kind)
    } | {
        id(item)
        for module in STORAGE_MODULES
        for value in vars(module).values()
        if isinstance(value, dict)
        for item in value.values()
        if isinstance(item, kind)
    }


@pytest.fixture
def cases(services: Services) -> list[Case]:
    owner = services.accounts.create("Owner", "owner@example.com")
    invitee = services.accounts.create("Invitee", None)
    organization = services.organizations.create(owner.account.id, "Prepared")
    services.webhooks.create(  # before the invitations: their outbox gets webhook messages too
        owner.account.id, organization.id, "https://hooks.example.com/in", frozenset({EventType.CREATED})
    )
    by_account = services.invitations.create(
        owner.account.id,
        organization.id,
        InvitationRequest(
            "account", invitee.account.id, frozenset({Role.ADMIN}), "Grace", None, "n", timedelta(days=2)
        ),
    )
    by_email = services.invitations.create(
        owner.account.id,
        organization.id,
        InvitationRequest(
            "email", "x@example.com", frozenset({Role.MEMBER}), None, None, None, timedelta(days=1)
        ),
    )
    access_key = services.accounts.create_access_key(owner.account.id)
    token = services.accounts.issue_security_token(invitee.account.id, timedelta(hours=1))
    handshake, email_handshake = by_account.invitation.id, by_email.invitation.id
    nobody = "f" * 32
    return [
        (invitations._BY_ID, {"invitation_id": handshake}),
        (invitations._BY_ID, {"invitation_id": "h-" + "0" * 32}),
        (invitations._BY_ID_WITH_ROLES, {"invitation_id": handshake, "account_id": owner.account.id}),
        (invitations._BY_ID_WITH_ROLES, {"invitation_id": email_handshake, "account_id": nobody}),
        (invitations._BY_TOKEN, {"token_hash": hash_secret(by_email.invitation_token)}),
        (invitations._BY_TOKEN, {"token_hash": hash_secret("oit_unknown")}),
        (
            invitations._PENDING_FOR_TARGET,
            {"organization_id": organization.id, "target_type": "email", "target_entity": "x@example.com"},
        ),
        (repositories._ACCOUNT, {"account_id": owner.account.id}),
        (repositories._ACCOUNT, {"account_id": invitee.account.id}),  # no email
        (repositories._ACCESS_KEY, {"access_key_id": access_key.access_key_id}),
        (repositories._ACCOUNT_OF_API_KEY, {"key_hash": hash_secret(invitee.api_key)}),
        (repositories._ACCOUNT_OF_API_KEY, {"key_hash": hash_secret("oik_unknown")}),
        (repositories._SECURITY_TOKEN, {"token_hash": hash_secret(token.security_token)}),
        (repositories._ORGANIZATION, {"organization_id": organization.id}),
        (repositories._ROLES, {"organization_id": organization.id, "account_id": owner.account.id}),
        (repositories._ROLES, {"organization_id": organization.id, "account_id": nobody}),
        (invitations._LAST_EVENT_POSITION, {"invitation_id": handshake}),
        (invitations._LAST_EVENT_POSITION, {"invitation_id": "h-" + "0" * 32}),  # a row of one null
        (webhooks._SUBSCRIPTIONS, {"organization_id": organization.id}),
        (webhooks._SUBSCRIPTIONS, {"organization_id": "o-" + "0" * 32}),
    ]


def test_every_prepared_lookup_of_the_storage_is_covered(cases: list[Case]) -> None:
    assert prepared_in_storage(PreparedSelect) == {id(statement) for statement, _ in cases}


def test_a_prepared_lookup_reads_what_sqlalchemy_reads(services: Services, cases: list[Case]) -> None:
    found = 0
    for statement, params in cases:
        with reading(services.engine) as session:
            prepared = statement.all(session, **params)
        with reading(services.engine) as session:
            expected = session.connection().execute(statement.statement, params).all()
        assert [row._asdict() for row in prepared] == [dict(row._mapping) for row in expected], params
        assert [[type(value) for value in row] for row in prepared] == [
            [type(value) for value in row] for row in expected
        ]
        found += bool(expected)
    assert found == 15  # the cases that name existing rows found them (and MAX over none: one null)


def test_a_prepared_lookup_sees_its_own_transactions_writes(services: Services) -> None:
    account = Account("e" * 32, "100000000009", "Unsaved", None, services.clock.now())
    with services.uow.writing() as uow:
        uow.accounts.add(account)
        assert uow.accounts.get(account.id) == account  # not committed: rolled back at the end
    with services.uow.reading() as uow:
        assert uow.accounts.get(account.id) is None


def test_statement_watchers_see_a_prepared_lookup(services: Services, cases: list[Case]) -> None:
    statement, params = cases[0]
    with reading(services.engine) as session, capturing(services.engine) as sent:
        statement.first(session, **params)
    assert len(sent) == 1 and "FROM invitations" in sent[0].sql


def reading(engine: Engine) -> Session:
    return ConnectionSession(KeptConnections(for_reading(engine), limit=0))


# --- inserts and changes -------------------------------------------------------------------------

# Each prepared insert, and which row of the fixture's to write again: (table, key columns).
INSERTS: list[tuple[PreparedInsert, type[Any]]] = [
    (repositories._ADD_ACCOUNT, AccountRow),
    (repositories._ADD_ACCESS_KEY, AccessKeyRow),
    (repositories._ADD_MEMBERSHIP, MembershipRow),
    (invitations._ADD, InvitationRow),
    (invitations._ADD_EVENT, InvitationEventRow),
    (outbox._ADD, OutboxRow),
]


def test_every_prepared_insert_and_change_of_the_storage_is_covered() -> None:
    assert prepared_in_storage(PreparedInsert) == {id(insert) for insert, _ in INSERTS}
    assert prepared_in_storage(PreparedChange) == {
        id(invitations._EXPIRE),
        id(invitations._ROTATE),
        *(id(change) for change in invitations._FINISH.values()),
    }  # each run by the tests of the transitions below


@pytest.mark.parametrize(("insert", "row_class"), INSERTS, ids=[row.__name__ for _, row in INSERTS])
def test_a_prepared_insert_writes_the_row_it_is_given(
    services: Services, cases: list[Case], insert: PreparedInsert, row_class: type[Any]
) -> None:
    """A row the services wrote, deleted and written again by the prepared insert, reads as it was:
    the same values of the same types (nulls, instants, JSON, bytes)."""
    table: Table = row_class.__table__
    with services.uow.writing() as uow:
        session = uow._session
        connection = session.connection()
        rows = connection.execute(select(table)).all()
        assert rows, table.name
        for original in rows:
            if table.name == "accounts" and original.id in _owners(connection):
                continue  # an owner cannot be deleted (organizations keep it)
            key = [column == original._mapping[column.name] for column in table.primary_key.columns]
            connection.execute(delete(table).where(*key))
            assert insert.add(session, **original._mapping)
            again = connection.execute(select(table).where(*key)).one()
            assert again._mapping == original._mapping
            assert [type(value) for value in again] == [type(value) for value in original]
        # not committed: the rows written again (and whatever their deletes cascaded to) roll back


def _owners(connection: Any) -> set[str]:
    return set(connection.execute(select(OrganizationRow.owner_id)).scalars())


def test_an_insert_that_finds_its_key_taken_inserts_nothing_and_the_transaction_goes_on(
    services: Services,
) -> None:
    owner = services.accounts.create("Owner", None)
    joiner = services.accounts.create("Joiner", None)
    organization = services.organizations.create(owner.account.id, "Taken")
    now = services.clock.now()
    with services.uow.writing() as uow:
        assert uow.memberships.add(organization.id, joiner.account.id, frozenset({Role.MEMBER}), now)
        assert not uow.memberships.add(organization.id, joiner.account.id, frozenset({Role.ADMIN}), now)
        # usable after the refusal (on PostgreSQL a failed statement would have aborted it)
        assert uow.memberships.roles_of(organization.id, joiner.account.id) == frozenset({Role.MEMBER})
        uow.commit()
    with services.uow.reading() as uow:
        assert uow.memberships.roles_of(organization.id, joiner.account.id) == frozenset({Role.MEMBER})


def test_a_refused_prepared_insert_raises_what_sqlalchemy_raises(services: Services) -> None:
    owner = services.accounts.create("Owner", None)
    values = {
        "organization_id": "o-" + "0" * 32,  # no such organization: the foreign key refuses it
        "account_id": owner.account.id,
        "roles": "member",
        "joined_at": services.clock.now(),
    }
    with services.uow.writing() as uow, pytest.raises(IntegrityError) as prepared:
        repositories._ADD_MEMBERSHIP.add(uow._session, **values)
    sql, bound = prepared.value.statement, prepared.value.params
    assert sql is not None
    with services.uow.writing() as uow, pytest.raises(IntegrityError) as core:  # the same, through Core
        uow._session.connection().exec_driver_sql(sql, tuple(bound) if isinstance(bound, list) else bound)
    assert type(prepared.value.orig) is type(core.value.orig)


def test_a_prepared_change_tells_how_many_rows_it_changed(services: Services, cases: list[Case]) -> None:
    with services.uow.reading() as uow:
        pending = (
            uow._session.connection()
            .execute(
                select(InvitationRow.id, InvitationRow.expires_at).where(
                    InvitationRow.status == Status.PENDING
                )
            )
            .all()
        )
    (live, live_until), (due, due_at) = pending[0], pending[1]
    with services.uow.writing() as uow:
        session = uow._session
        assert (
            invitations._ROTATE.run(
                session,
                invitation_id=live,
                now=live_until - timedelta(seconds=1),
                token_hash="0" * 64,
                version=2,
                expires_at=live_until,
            )
            == 1
        )
        for status, change in invitations._FINISH.items():
            assert change.run(session, invitation_id=live, now=live_until, actor_id=None) == 0, (
                status
            )  # expired
        assert (
            invitations._FINISH[Status.DECLINED].run(
                session, invitation_id=live, now=live_until - timedelta(seconds=1), actor_id=None
            )
            == 1
        )
        assert (
            invitations._FINISH[Status.ACCEPTED].run(
                session, invitation_id=live, now=live_until - timedelta(seconds=1), actor_id=None
            )
            == 0
        )  # no longer pending
        assert invitations._EXPIRE.run(session, invitation_id=due, now=due_at - timedelta(seconds=1)) == 0
        assert invitations._EXPIRE.run(session, invitation_id=due, now=due_at) == 1
        uow.commit()
    with services.uow.reading() as uow:
        rows = uow._session.connection().execute(
            select(InvitationRow.id, InvitationRow.status).where(InvitationRow.id.in_([live, due]))
        )
        statuses = {row.id: row.status for row in rows}
    assert statuses == {live: Status.DECLINED, due: Status.EXPIRED}


def test_statement_watchers_see_prepared_inserts_and_changes(services: Services) -> None:
    owner = services.accounts.create("Owner", None)
    with capturing(services.engine) as sent:
        services.organizations.create(owner.account.id, "Watched")
    assert any(statement.sql.startswith("INSERT INTO memberships") for statement in sent)
    with services.uow.writing() as uow, capturing(services.engine) as sent:
        invitations._EXPIRE.run(uow._session, invitation_id="h-" + "0" * 32, now=services.clock.now())
    assert len(sent) == 1 and sent[0].sql.startswith("UPDATE invitations")
