"""huaweicloudsdkorganizations, with only its endpoint set, runs the handshake flow against a real server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import huaweicloudsdkcore.signer.signer
import pytest
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkorganizations.v1 import (
    AcceptHandshakeRequest,
    CancelHandshakeRequest,
    CreateOrganizationRequest,
    DeclineHandshakeRequest,
    InviteAccountReqBody,
    InviteAccountRequest,
    ListAccountsRequest,
    ListHandshakesRequest,
    ListReceivedHandshakesRequest,
    OrganizationsClient,
    ShowAccountRequest,
    ShowHandshakeRequest,
    ShowOrganizationRequest,
    TagDto,
    TargetDto,
)

from tests.e2e import accounts
from tests.e2e.accounts import SignedUp
from tests.e2e.conftest import Server
from tests.e2e.sdks import huawei_client

pytestmark = pytest.mark.e2e

SEED_000_FIELDS = {
    "id",
    "urn",
    "updated_at",
    "created_at",
    "expired_at",
    "management_account_id",
    "management_account_name",
    "organization_id",
    "notes",
    "target",
    "status",
}


@dataclass(frozen=True)
class HuaweiAccount:
    signed_up: SignedUp
    client: OrganizationsClient

    @property
    def id(self) -> str:
        return self.signed_up.id


@pytest.fixture
def sign_up(server: Server) -> Callable[[str], HuaweiAccount]:
    def make(name: str) -> HuaweiAccount:
        account = accounts.sign_up(server, name)
        return HuaweiAccount(account, huawei_client(server, account.access_key_id, account.secret_access_key))

    return make


def refused(call: Callable[[], Any]) -> tuple[int, str]:
    with pytest.raises(ClientRequestException) as caught:
        call()
    assert caught.value.request_id
    return caught.value.status_code, caught.value.error_code


def invite(management: HuaweiAccount, entity: str, kind: str = "account") -> Any:
    body = InviteAccountReqBody(
        target=TargetDto(type=kind, entity=entity), notes="n", tags=[TagDto(key="k", value="v")]
    )
    return management.client.invite_account(InviteAccountRequest(body=body)).handshake


def test_the_handshake_flow(sign_up: Callable[[str], HuaweiAccount], server: Server) -> None:
    management, member, outsider = sign_up("mgmt"), sign_up("member"), sign_up("outsider")
    organization = management.client.create_organization(CreateOrganizationRequest()).organization
    assert organization.management_account_id == management.id
    assert management.client.show_organization(ShowOrganizationRequest()).organization.id == organization.id
    assert refused(lambda: management.client.create_organization(CreateOrganizationRequest())) == (
        409,
        "Organizations.2007",
    )

    handshake = invite(management, member.id)
    assert handshake.status == "pending"
    assert handshake.expired_at - handshake.created_at == dt.timedelta(days=14)
    assert handshake.urn == f"organizations::{management.id}:handshake:{organization.id}/{handshake.id}"
    assert refused(lambda: invite(management, member.id)) == (409, "Organizations.2004")
    by_email = invite(management, "someone@example.com", "email")

    seen: list[str] = []
    marker = None
    while True:
        page = management.client.list_handshakes(ListHandshakesRequest(limit=1, marker=marker))
        seen += [h.id for h in page.handshakes]
        marker = page.page_info.next_marker
        if not marker:
            break
    assert sorted(seen) == sorted([handshake.id, by_email.id])

    received = member.client.list_received_handshakes(ListReceivedHandshakesRequest()).handshakes
    assert [h.id for h in received] == [handshake.id]
    shown = member.client.show_handshake(ShowHandshakeRequest(handshake_id=handshake.id)).handshake
    assert {name for name in SEED_000_FIELDS if getattr(shown, name) is not None} == SEED_000_FIELDS
    assert refused(
        lambda: outsider.client.show_handshake(ShowHandshakeRequest(handshake_id=handshake.id))
    ) == (
        404,
        "Organizations.2001",
    )

    # One core: the native API sees it, and a native accept is seen by the SDK.
    native = httpx.get(
        f"{server.base_url}/v1/organizations/handshakes/{handshake.id}",
        headers={"Authorization": f"Bearer {member.signed_up.api_key}"},
    )
    assert native.json()["id"] == handshake.id and "handshake" not in native.json()

    accepted = member.client.accept_handshake(AcceptHandshakeRequest(handshake_id=handshake.id)).handshake
    assert accepted.status == "accepted"
    assert refused(
        lambda: member.client.accept_handshake(AcceptHandshakeRequest(handshake_id=handshake.id))
    ) == (
        409,
        "Organizations.2005",
    )
    accounts = management.client.list_accounts(ListAccountsRequest()).accounts
    assert {(a.id, a.join_method) for a in accounts} == {(management.id, "created"), (member.id, "invited")}
    shown_account = management.client.show_account(ShowAccountRequest(account_id=member.id)).account
    assert shown_account.join_method == "invited"


def test_declining_and_cancelling(sign_up: Callable[[str], HuaweiAccount]) -> None:
    management, first, second = sign_up("mgmt2"), sign_up("first"), sign_up("second")
    management.client.create_organization(CreateOrganizationRequest())
    to_first, to_second = invite(management, first.id), invite(management, second.id)
    declined = first.client.decline_handshake(DeclineHandshakeRequest(handshake_id=to_first.id)).handshake
    cancelled = management.client.cancel_handshake(
        CancelHandshakeRequest(handshake_id=to_second.id)
    ).handshake
    assert (declined.status, cancelled.status) == ("declined", "cancelled")
    assert refused(
        lambda: first.client.accept_handshake(AcceptHandshakeRequest(handshake_id=to_first.id))
    ) == (409, "Organizations.2006")


def test_an_account_in_another_organization_can_neither_be_invited_nor_accept(
    sign_up: Callable[[str], HuaweiAccount],
) -> None:
    management, elsewhere, invitee = sign_up("mgmt3"), sign_up("elsewhere"), sign_up("joins-elsewhere")
    management.client.create_organization(CreateOrganizationRequest())
    elsewhere.client.create_organization(CreateOrganizationRequest())

    assert refused(lambda: invite(management, elsewhere.id)) == (409, "Organizations.2007")
    handshake = invite(management, invitee.id)
    invitee.client.create_organization(CreateOrganizationRequest())  # joins one of its own meanwhile
    assert refused(
        lambda: invitee.client.accept_handshake(AcceptHandshakeRequest(handshake_id=handshake.id))
    ) == (409, "Organizations.2007")


def test_an_invalid_path_id_is_named_once(sign_up: Callable[[str], HuaweiAccount]) -> None:
    """The path item's parameters reached the validator once per connexion middleware; now once."""
    account = sign_up("path-id")
    with pytest.raises(ClientRequestException) as refused:
        account.client.show_account(ShowAccountRequest(account_id="not-an-id"))
    assert (refused.value.status_code, refused.value.error_code) == (400, "Organizations.1000")
    assert refused.value.error_msg.count("path.account_id 'not-an-id' does not match") == 1


def test_signatures_are_refused_as_the_gateway_would(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    key = sign_up("signer").signed_up
    wrong_secret = huawei_client(server, key.access_key_id, "wrong")
    assert refused(lambda: wrong_secret.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0301")
    unknown_key = huawei_client(server, "OIAKNOTAKEY000000000", key.secret_access_key)
    assert refused(lambda: unknown_key.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0301")


def test_a_skewed_clock_is_refused(
    sign_up: Callable[[str], HuaweiAccount], monkeypatch: pytest.MonkeyPatch
) -> None:
    account = sign_up("skewed")

    class Late(dt.datetime):
        @classmethod
        def utcnow(cls) -> Late:
            late = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20)
            return cls(late.year, late.month, late.day, late.hour, late.minute, late.second)

    monkeypatch.setattr(huaweicloudsdkcore.signer.signer, "datetime", Late)
    assert refused(lambda: account.client.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0302")


def test_a_body_changed_after_signing_is_refused(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    key = sign_up("tampered").signed_up

    def tamper(request: Any, **_: Any) -> None:
        request.body = request.body.replace(b"wanted", b"forged")  # as long as what was signed

    tampering = huawei_client(
        server, key.access_key_id, key.secret_access_key, handler=HttpHandler().add_request_handler(tamper)
    )
    body = InviteAccountReqBody(target=TargetDto(type="email", entity="wanted@example.com"))
    assert refused(lambda: tampering.invite_account(InviteAccountRequest(body=body))) == (401, "APIGW.0301")


def test_a_domain_id_must_be_the_keys_account(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    account, other = sign_up("domain"), sign_up("other-domain")

    def client_of(domain_id: str) -> OrganizationsClient:
        credentials = GlobalCredentials(
            account.signed_up.access_key_id, account.signed_up.secret_access_key, domain_id
        )
        return (
            OrganizationsClient.new_builder()
            .with_credentials(credentials)
            .with_endpoint(server.base_url)
            .build()
        )

    assert refused(lambda: client_of(account.id).show_organization(ShowOrganizationRequest())) == (
        404,
        "Organizations.2002",
    )
    assert refused(lambda: client_of(other.id).show_organization(ShowOrganizationRequest())) == (
        401,
        "APIGW.0301",
    )


def test_temporary_credentials_need_their_token(
    sign_up: Callable[[str], HuaweiAccount], server: Server
) -> None:
    issued = accounts.temporary_credentials(server, sign_up("temporary").signed_up)
    temporary = huawei_client(server, issued.access_key_id, issued.secret_access_key, issued.security_token)
    assert refused(lambda: temporary.show_organization(ShowOrganizationRequest())) == (
        404,
        "Organizations.2002",
    )  # authenticated: it is the organization that is missing
    forged = huawei_client(server, issued.access_key_id, issued.secret_access_key, "ost_forged")
    assert refused(lambda: forged.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0301")
    without = huawei_client(server, issued.access_key_id, issued.secret_access_key)
    assert refused(lambda: without.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0301")

    accounts.let_expire(server, issued)
    assert refused(lambda: temporary.show_organization(ShowOrganizationRequest())) == (401, "APIGW.0307")
