"""A prepared SELECT (storage/prepared.py) reads what SQLAlchemy's own execution of the same statement
reads: the same rows, the same values of the same types, under the same names, found or not; inside a
writing unit of work it sees that transaction's own writes; and statement watchers still see it.

Every prepared lookup of the storage modules is run with the parameters of real rows (nulls, instants,
JSON lists, role sets among them). On SQLite by default, on PostgreSQL when
ORG_INVITATIONS_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from org_invitations.bootstrap import Services
from org_invitations.credentials import hash_secret
from org_invitations.domain.model import Account, Role
from org_invitations.services.invitations import InvitationRequest
from org_invitations.storage import invitations, repositories
from org_invitations.storage.engine import for_reading
from org_invitations.storage.prepared import PreparedSelect
from org_invitations.storage.unit_of_work import ReadingSession
from tests.databases import capturing

Case = tuple[PreparedSelect, dict[str, Any]]


@pytest.fixture
def cases(services: Services) -> list[Case]:
    owner = services.accounts.create("Owner", "owner@example.com")
    invitee = services.accounts.create("Invitee", None)
    organization = services.organizations.create(owner.account.id, "Prepared")
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
    ]


def test_every_prepared_lookup_of_the_storage_is_covered(cases: list[Case]) -> None:
    prepared = {
        id(value)
        for module in (invitations, repositories)
        for value in vars(module).values()
        if isinstance(value, PreparedSelect)
    }
    assert prepared == {id(statement) for statement, _ in cases}


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
    assert found == 12  # the cases that name existing rows found them


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
    return ReadingSession(for_reading(engine).connect())
