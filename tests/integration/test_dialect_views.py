"""A dialect's page of views costs the same statements whatever its size: no lookup per item.

The AWS and Huawei views name accounts (aliases, emails, the management account) that the
core's invitations and members only reference; they are read for a whole page at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta

from org_invitations.bootstrap import Services
from org_invitations.domain.model import Role
from org_invitations.handlers.aws import AwsHandlers
from org_invitations.handlers.huawei import HuaweiHandlers
from org_invitations.services.invitations import InvitationRequest
from tests.databases import capturing

SIZE = 6


def organization_with_invitations_and_members(services: Services) -> str:
    """An owner whose organization invited SIZE accounts, half of whom joined."""
    owner = services.accounts.create("Owner", "owner@example.com").account.id
    organization = services.organizations.create(owner, "Views")
    for number in range(SIZE):
        invitee = services.accounts.create(f"Invitee {number}", f"i{number}@example.com").account.id
        request = InvitationRequest(
            "account", invitee, frozenset({Role.MEMBER}), None, None, "n", timedelta(days=1)
        )
        issued = services.invitations.create(owner, organization.id, request)
        if number % 2:
            services.invitations.accept(invitee, issued.invitation.id)
    return owner


def statements(services: Services, call: Callable[[int], object]) -> dict[int, int]:
    """How many statements one page of 1 and one page of SIZE items send."""
    counts = {}
    for size in (1, SIZE):
        with capturing(services.engine) as sent:
            call(size)
        counts[size] = len(sent)
    return counts


def test_aws_pages_read_their_accounts_at_once(services: Services) -> None:
    owner = organization_with_invitations_and_members(services)
    aws = AwsHandlers(services)

    def body(size: int) -> bytes:
        return json.dumps({"MaxResults": size}).encode()

    handshakes = statements(services, lambda size: aws.list_handshakes_for_organization(owner, body(size)))
    accounts = statements(services, lambda size: aws.list_accounts(owner, body(size)))
    assert handshakes[1] == handshakes[SIZE]
    assert accounts[1] == accounts[SIZE]


def test_huawei_pages_read_their_accounts_at_once(services: Services) -> None:
    owner = organization_with_invitations_and_members(services)
    huawei = HuaweiHandlers(services)

    accounts = statements(
        services, lambda size: huawei.list_accounts(owner, with_register_contact_info=True, limit=size)
    )
    assert accounts[1] == accounts[SIZE]
