"""Workers share the outbox in a real database without taking the same message twice.

On SQLite (writers are serial; the lease is a compare-and-set) and on PostgreSQL (candidates
locked with SKIP LOCKED, so workers do not wait for each other) when its URL is set.
"""

from __future__ import annotations

import threading
from datetime import timedelta

from org_invitations.bootstrap import Services
from org_invitations.domain.model import Role
from org_invitations.domain.outbox import Delivery
from org_invitations.services.invitations import InvitationRequest
from org_invitations.storage.unit_of_work import UnitOfWorkFactory

MESSAGES, WORKERS, BATCH = 45, 4, 3  # within the daily 50 of an organization
LEASE = timedelta(minutes=1)


def owe_emails(services: Services, count: int) -> None:
    owner = services.accounts.create("Ada", None).account.id
    organization = services.organizations.create(owner, "Outbox").id
    requests = [
        InvitationRequest(
            "email", f"person{n}@example.com", frozenset({Role.MEMBER}), None, None, None, timedelta(days=1)
        )
        for n in range(count)
    ]
    services.invitations.create_many(owner, organization, requests)


def test_concurrent_workers_claim_every_message_once(services: Services) -> None:
    owe_emails(services, MESSAGES)
    start = threading.Barrier(WORKERS)
    claimed: dict[str, list[str]] = {f"worker-{n}": [] for n in range(WORKERS)}

    def work(worker: str) -> None:
        storage = UnitOfWorkFactory(services.engine)
        start.wait()
        while True:
            with storage.writing() as uow:
                batch = uow.outbox.claim(worker, services.clock.now(), LEASE, BATCH)
                uow.commit()
            if not batch:
                return
            claimed[worker] += [message.id for message in batch]

    threads = [threading.Thread(target=work, args=(worker,)) for worker in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    every = [message_id for ids in claimed.values() for message_id in ids]
    assert len(every) == len(set(every)) == MESSAGES


def test_a_mark_settles_a_message_once_and_releases_its_lease(services: Services) -> None:
    owe_emails(services, 1)
    now = services.clock.now()
    with services.uow.writing() as uow:
        [message] = uow.outbox.claim("worker", now, LEASE, 10)
        assert uow.outbox.mark_sent(message.id, now)
        assert not uow.outbox.mark_sent(message.id, now)  # sent already: not pending
        assert not uow.outbox.mark_failed_attempt(message.id, "late", None)
        uow.commit()
    with services.uow.reading() as uow:
        [stored] = uow.outbox.for_invitation(message.invitation_id)
        assert (stored.status, stored.attempts, stored.sent_at) == (Delivery.SENT, 1, now)
        assert uow.outbox.claim("other", now + LEASE, LEASE, 10) == []
