"""boto3, unchanged but for its endpoint, runs AWS Organizations' invitation flow against a real server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import botocore.auth
import httpx
import pytest
from botocore.client import BaseClient
from botocore.exceptions import ClientError

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server
from tests.e2e.sdks import aws_client

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class AwsAccount:
    signed_up: SignedUp
    client: BaseClient

    @property
    def id(self) -> str:
        return self.signed_up.id

    @property
    def alias(self) -> str:
        return self.signed_up.alias


@pytest.fixture
def sign_up(server: Server) -> Callable[[str], AwsAccount]:
    def make(name: str) -> AwsAccount:
        account = accounts.sign_up(server, name)
        return AwsAccount(
            account,
            aws_client(server, account.access_key_id, account.secret_access_key),
        )

    return make


def code(call: Callable[[], Any]) -> str:
    with pytest.raises(ClientError) as refused:
        call()
    error = refused.value.response["Error"]
    assert refused.value.response["ResponseMetadata"].get("RequestId"), refused.value.response
    return str(error["Code"])


@pytest.fixture
def organization(sign_up: Callable[[str], AwsAccount]) -> Iterator[tuple[AwsAccount, dict[str, Any]]]:
    management = sign_up("mgmt")
    yield management, management.client.create_organization(FeatureSet="ALL")["Organization"]


def test_the_organization_is_the_management_accounts(organization: tuple[AwsAccount, dict[str, Any]]) -> None:
    management, created = organization
    assert created["Id"].startswith("o-") and created["MasterAccountId"] == management.alias
    assert created["Arn"] == f"arn:aws:organizations::{management.alias}:organization/{created['Id']}"
    assert management.client.describe_organization()["Organization"] == created
    assert code(lambda: management.client.create_organization()) == "AlreadyInOrganizationException"


def test_an_account_in_another_organization_can_neither_be_invited_nor_accept(
    organization: tuple[AwsAccount, dict[str, Any]], sign_up: Callable[[str], AwsAccount]
) -> None:
    management, _ = organization
    elsewhere, invitee = sign_up("elsewhere"), sign_up("joins-elsewhere")
    elsewhere.client.create_organization(FeatureSet="ALL")

    def reason(call: Callable[[], Any]) -> tuple[str, str]:
        with pytest.raises(ClientError) as refused:
            call()
        return refused.value.response["Error"]["Code"], refused.value.response["Reason"]

    assert reason(
        lambda: management.client.invite_account_to_organization(
            Target={"Id": elsewhere.alias, "Type": "ACCOUNT"}
        )
    ) == ("HandshakeConstraintViolationException", "ALREADY_IN_AN_ORGANIZATION")
    handshake = management.client.invite_account_to_organization(
        Target={"Id": invitee.alias, "Type": "ACCOUNT"}
    )
    invitee.client.create_organization(FeatureSet="ALL")  # joins one of its own meanwhile
    assert reason(lambda: invitee.client.accept_handshake(HandshakeId=handshake["Handshake"]["Id"])) == (
        "HandshakeConstraintViolationException",
        "ALREADY_IN_AN_ORGANIZATION",
    )
    assert (
        invitee.client.describe_handshake(HandshakeId=handshake["Handshake"]["Id"])["Handshake"]["State"]
        == "OPEN"
    )


def test_an_account_outside_any_organization_is_told_so(sign_up: Callable[[str], AwsAccount]) -> None:
    loner = sign_up("loner")
    assert code(lambda: loner.client.describe_organization()) == "AWSOrganizationsNotInUseException"


def test_the_invitation_flow(
    organization: tuple[AwsAccount, dict[str, Any]], sign_up: Callable[[str], AwsAccount], server: Server
) -> None:
    management, org = organization
    member, outsider = sign_up("member"), sign_up("outsider")

    invited = management.client.invite_account_to_organization(
        Target={"Id": member.alias, "Type": "ACCOUNT"}, Notes="Welcome"
    )["Handshake"]
    assert invited["State"] == "OPEN" and invited["Action"] == "INVITE"
    assert (
        invited["Arn"]
        == f"arn:aws:organizations::{management.alias}:handshake/{org['Id']}/invite/{invited['Id']}"
    )
    assert invited["Parties"] == [
        {"Id": org["Id"], "Type": "ORGANIZATION"},
        {"Id": member.alias, "Type": "ACCOUNT"},
    ]
    assert [resource["Type"] for resource in invited["Resources"]] == ["ORGANIZATION", "ACCOUNT", "NOTES"]
    assert isinstance(invited["RequestedTimestamp"], dt.datetime)
    assert invited["ExpirationTimestamp"] - invited["RequestedTimestamp"] == dt.timedelta(days=15)
    assert (
        code(
            lambda: management.client.invite_account_to_organization(
                Target={"Id": member.alias, "Type": "ACCOUNT"}
            )
        )
        == "DuplicateHandshakeException"
    )
    by_email = management.client.invite_account_to_organization(
        Target={"Id": "someone@example.com", "Type": "EMAIL"}
    )["Handshake"]
    assert by_email["Parties"][1] == {"Id": "someone@example.com", "Type": "EMAIL"}

    # One core: the native API sees the same invitation.
    native = httpx.get(
        f"{server.base_url}/v1/organizations/handshakes/{invited['Id']}",
        headers={"Authorization": f"Bearer {member.signed_up.api_key}"},
    )
    assert native.status_code == 200 and native.json()["status"] == "pending"

    pages = member.client.get_paginator("list_handshakes_for_account").paginate(
        Filter={"ActionType": "INVITE"}, PaginationConfig={"PageSize": 1}
    )
    assert [h["Id"] for page in pages for h in page["Handshakes"]] == [invited["Id"]]
    organization_pages = management.client.get_paginator("list_handshakes_for_organization").paginate(
        PaginationConfig={"PageSize": 1}
    )
    listed = [page["Handshakes"] for page in organization_pages]
    assert [len(page) for page in listed] == [1, 1] and {h["Id"] for page in listed for h in page} == {
        invited["Id"],
        by_email["Id"],
    }

    assert member.client.describe_handshake(HandshakeId=invited["Id"])["Handshake"]["Id"] == invited["Id"]
    assert (
        code(lambda: outsider.client.describe_handshake(HandshakeId=invited["Id"]))
        == "HandshakeNotFoundException"
    )
    assert (
        code(lambda: management.client.accept_handshake(HandshakeId=invited["Id"])) == "AccessDeniedException"
    )

    accepted = member.client.accept_handshake(HandshakeId=invited["Id"])["Handshake"]
    assert accepted["State"] == "ACCEPTED"
    assert code(lambda: member.client.accept_handshake(HandshakeId=invited["Id"])) == (
        "HandshakeAlreadyInStateException"
    )
    assert code(lambda: member.client.decline_handshake(HandshakeId=invited["Id"])) == (
        "InvalidHandshakeTransitionException"
    )
    assert code(lambda: management.client.cancel_handshake(HandshakeId=invited["Id"])) == (
        "InvalidHandshakeTransitionException"
    )

    accounts = management.client.list_accounts()["Accounts"]
    assert {(a["Id"], a["JoinedMethod"]) for a in accounts} == {
        (management.alias, "CREATED"),
        (member.alias, "INVITED"),
    }
    assert management.client.describe_account(AccountId=member.alias)["Account"]["JoinedMethod"] == "INVITED"
    assert (
        code(lambda: management.client.describe_account(AccountId=outsider.alias))
        == "AccountNotFoundException"
    )


def test_declining_and_cancelling_fresh_invitations(
    organization: tuple[AwsAccount, dict[str, Any]], sign_up: Callable[[str], AwsAccount]
) -> None:
    management, _ = organization
    first, second = sign_up("first"), sign_up("second")
    to_first = management.client.invite_account_to_organization(Target={"Id": first.alias, "Type": "ACCOUNT"})
    to_second = management.client.invite_account_to_organization(
        Target={"Id": second.alias, "Type": "ACCOUNT"}
    )
    declined = first.client.decline_handshake(HandshakeId=to_first["Handshake"]["Id"])["Handshake"]
    cancelled = management.client.cancel_handshake(HandshakeId=to_second["Handshake"]["Id"])["Handshake"]
    assert (declined["State"], cancelled["State"]) == ("DECLINED", "CANCELED")
    # Only the management account cancels; to an outsider, another's handshake does not exist.
    assert code(lambda: second.client.cancel_handshake(HandshakeId=to_first["Handshake"]["Id"])) == (
        "HandshakeNotFoundException"
    )


def test_twenty_racing_accepts_make_one_member(
    organization: tuple[AwsAccount, dict[str, Any]], sign_up: Callable[[str], AwsAccount], server: Server
) -> None:
    management, _ = organization
    member = sign_up("racer")
    handshake = management.client.invite_account_to_organization(
        Target={"Id": member.alias, "Type": "ACCOUNT"}
    )
    handshake_id = handshake["Handshake"]["Id"]
    outcomes: list[str] = []
    lock = threading.Lock()

    def accept() -> None:
        racer = aws_client(server, member.signed_up.access_key_id, member.signed_up.secret_access_key)
        try:
            racer.accept_handshake(HandshakeId=handshake_id)
            outcome = "ACCEPTED"
        except ClientError as refused:
            outcome = refused.response["Error"]["Code"]
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=accept) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ACCEPTED"] + ["HandshakeAlreadyInStateException"] * 19


# --- signatures, refused as AWS refuses them ----------------------------------------------------


def test_a_wrong_secret_or_an_unknown_key_is_refused(
    sign_up: Callable[[str], AwsAccount], server: Server
) -> None:
    account = sign_up("signer")
    assert code(
        lambda: aws_client(server, account.signed_up.access_key_id, "wrong" * 8).describe_organization()
    ) == ("InvalidSignatureException")
    assert code(
        lambda: aws_client(
            server, "OIAKNOTAKEY000000000", account.signed_up.secret_access_key
        ).describe_organization()
    ) == ("UnrecognizedClientException")


def test_a_skewed_clock_is_refused(
    sign_up: Callable[[str], AwsAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    account = sign_up("skewed")
    late = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda: late)
    assert code(lambda: account.client.describe_organization()) == "InvalidSignatureException"


def test_a_body_changed_after_signing_is_refused(sign_up: Callable[[str], AwsAccount]) -> None:
    account = sign_up("tampered")

    def tamper(request: Any, **_: Any) -> None:
        request.body = request.body.replace(b"ALL", b"XYZ")  # as long as what was signed

    account.client.meta.events.register("before-send.organizations.CreateOrganization", tamper)
    assert code(lambda: account.client.create_organization(FeatureSet="ALL")) == "InvalidSignatureException"


def test_temporary_credentials_work_while_their_token_is_valid(
    sign_up: Callable[[str], AwsAccount], server: Server
) -> None:
    issued = accounts.temporary_credentials(server, sign_up("temporary").signed_up)
    temporary = aws_client(server, issued.access_key_id, issued.secret_access_key, issued.security_token)
    assert (
        code(lambda: temporary.describe_organization()) == "AWSOrganizationsNotInUseException"
    )  # authenticated
    forged = aws_client(server, issued.access_key_id, issued.secret_access_key, "ost_forged")
    assert code(lambda: forged.describe_organization()) == "UnrecognizedClientException"
    without = aws_client(server, issued.access_key_id, issued.secret_access_key)
    assert code(lambda: without.describe_organization()) == "UnrecognizedClientException"


def test_expired_temporary_credentials_are_told_so(
    sign_up: Callable[[str], AwsAccount], server: Server
) -> None:
    issued = accounts.temporary_credentials(server, sign_up("expiring").signed_up)
    temporary = aws_client(server, issued.access_key_id, issued.secret_access_key, issued.security_token)
    accounts.let_expire(server, issued)
    assert code(lambda: temporary.describe_organization()) == "ExpiredTokenException"
    # Only the holder of the secret learns that the key existed.
    guessing = aws_client(server, issued.access_key_id, "wrong" * 8, issued.security_token)
    assert code(lambda: guessing.describe_organization()) == "InvalidSignatureException"


def test_protocol_edges_answer_in_aws_format(server: Server) -> None:
    unsigned = httpx.post(
        server.base_url + "/",
        content=b"{}",
        headers={"X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization"},
    )
    assert (unsigned.status_code, unsigned.headers["WWW-Authenticate"]) == (401, "AWS4-HMAC-SHA256")
    assert unsigned.json()["__type"] == "MissingAuthenticationTokenException"
    assert unsigned.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert unsigned.headers["x-amzn-RequestId"]
    oversized = httpx.post(
        server.base_url + "/",
        content=b"{" + b" " * 70_000 + b"}",
        headers={"X-Amz-Target": "AWSOrganizationsV20161128.DescribeOrganization"},
    )
    assert (oversized.status_code, oversized.json()["__type"]) == (400, "SerializationException")
    internal = httpx.post(f"{server.base_url}/_dialects/aws/AWSOrganizationsV20161128.DescribeOrganization")
    assert internal.status_code == 404
    document = httpx.get(f"{server.base_url}/dialects/aws/openapi.json").json()
    assert "/AWSOrganizationsV20161128.AcceptHandshake" in document["paths"]
    assert [entry["url"] for entry in document["servers"]] == ["/"]
    assert httpx.get(f"{server.base_url}/dialects/nosuch/openapi.json").status_code == 400


def test_input_the_contract_lets_through_is_refused_as_invalid_input(
    organization: tuple[AwsAccount, dict[str, Any]],
) -> None:
    management, _ = organization
    with pytest.raises(ClientError) as garbage_token:
        management.client.list_handshakes_for_organization(NextToken="not a token of ours")
    assert garbage_token.value.response["Error"]["Code"] == "InvalidInputException"
    assert garbage_token.value.response["Reason"] == "INVALID_NEXT_TOKEN"
    with pytest.raises(ClientError) as hidden_character:
        management.client.invite_account_to_organization(
            Target={"Id": "\u200bada@example.com", "Type": "EMAIL"}
        )
    assert hidden_character.value.response["Reason"] == "INVALID_EMAIL_ADDRESS_TARGET"
