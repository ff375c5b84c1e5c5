"""Schemathesis holds the AWS and Huawei dialects to their own documents: every operation, every check.

The dialect documents describe what the router makes of a request, not the wire: AWS's
`POST /AWSOrganizationsV20161128.<Action>` is really `POST /` with `X-Amz-Target`, and
both dialects answer only requests signed the vendor's way. So schemathesis talks to a
`SigningGateway` in front of the app, doing what the vendor's SDK does between a caller
and the wire: it puts an AWS action on the wire as boto3 does, and signs the bytes it
forwards, exactly as they go, with the vendor's own signer (botocore's SigV4Auth,
huaweicloudsdkcore's Signer). It signs only a request whose `Authorization` is the marker
the auth provider sets; schemathesis' probes without credentials, or with invalid ones,
go through as they are, so the checks see the server's own refusals.

Settings are schemathesis.toml's (seed, no example database, every check, the formats
hook), without its bearer-token sign-up: the dialects take no bearer tokens.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl

import pytest
import schemathesis
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from connexion import AsyncApp
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import HealthCheck, Phase, settings
from schemathesis.config._checks import POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES
from schemathesis.core.errors import NoLinksFound
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from org_invitations.web.dialects import aws_errors, huawei_errors
from org_invitations.web.validation import read_body, replayed
from tests.contract import UNDER_LOAD
from tests.contract.test_schemathesis import CONFIG, app_to_fuzz, fuzzed_app  # noqa: F401  (a fixture, used below)

Dialect = Literal["aws", "huawei"]

AWS_MEDIA_TYPE = "application/x-amz-json-1.1"
AWS_ACTION_PATH = re.compile(r"/(AWSOrganizationsV20161128\.[A-Za-z0-9]+)")
AWS_SIGNATURE_REFUSALS = frozenset(error.type for error in aws_errors.SIGNATURE.values())
HUAWEI_SIGNATURE_REFUSALS = frozenset(huawei_errors.SIGNATURE.values())
AWS_INPUT_REFUSALS = frozenset({"InvalidInputException", "SerializationException"})

SIGN_AS = "Test-Sign-As "
"""The `Authorization` the auth provider sends (then a name); the gateway replaces it with a signature."""
SDK_DATE_FORMAT = "%Y%m%dT%H%M%SZ"
SECURITY_TOKEN = re.compile(r"[\x21-\x7e]{1,32768}")
"""A well-formed `X-Security-Token` (the Huawei document's pattern): it stands for the signer's own token."""

# JSON 1.1 bodies are JSON: the same serializer, and a deserializer so responses are validated.
schemathesis.serializer.alias(AWS_MEDIA_TYPE, "application/json")
ANY_SIZE, ANY_TIME = 2**30, 60.0  # the gateway only relays: the server under test sets the limits


@schemathesis.deserializer(AWS_MEDIA_TYPE)
def _aws_json(_ctx: Any, response: Any) -> Any:
    return json.loads(response.content)


@dataclass(frozen=True)
class Identity:
    """An account as the dialects know it: its ids, a permanent key pair, temporary credentials."""

    name: str
    id: str
    alias: str
    access_key_id: str
    secret_access_key: str
    temporary_key_id: str
    temporary_secret: str
    security_token: str


@dataclass
class Exchange:
    """One request the gateway forwarded, as sent, and how the server answered it."""

    operation: str
    signed_as: str | None
    complete: bool  # signed with every credential well-formed: a signature refusal is the server's fault
    sent: list[tuple[str, str]]
    status: int = 0
    body: bytes = b""
    error_code: str | None = None

    def __str__(self) -> str:
        return f"{self.operation} signed as {self.signed_as}: {self.status} {self.body[:300]!r}\n  sent {self.sent}"


@dataclass
class SigningGateway:
    """What a vendor SDK does between its caller and the wire, as an ASGI app in front of ours."""

    app: ASGIApp
    dialect: Dialect
    identities: Mapping[str, Identity]
    exchanges: list[Exchange] = field(default_factory=list)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/dialects/"):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive, max_bytes=ANY_SIZE, timeout=ANY_TIME)
        headers = [(name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]]
        operation = f"{scope['method']} {scope['path']}"
        action = AWS_ACTION_PATH.fullmatch(scope["path"]) if self.dialect == "aws" else None
        if action is not None:  # boto3's wire form: the action moves to X-Amz-Target
            headers = [*_without(headers, "x-amz-target"), ("x-amz-target", action[1])]
            scope = {**scope, "path": "/", "raw_path": b"/"}
        marker = _header(headers, "authorization") or ""
        signed_as = marker.removeprefix(SIGN_AS) if marker.startswith(SIGN_AS) else None
        complete = False
        if signed_as is not None:
            sign = _sign_aws if self.dialect == "aws" else _sign_huawei
            headers, complete = sign(scope, headers, body, self.identities[signed_as])
        scope = {**scope, "headers": [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers]}
        exchange = Exchange(operation, signed_as, complete, headers)
        self.exchanges.append(exchange)
        await self.app(scope, replayed(body, receive), _recording(send, exchange, self.dialect))

    def refused_at_signature(self) -> list[Exchange]:
        """Requests signed with complete credentials that the server still refused at the signature."""
        return [e for e in self.exchanges if e.complete and _is_signature_refusal(self.dialect, e.error_code)]


def _is_signature_refusal(dialect: Dialect, code: str | None) -> bool:
    if code is None:
        return False
    return code in (AWS_SIGNATURE_REFUSALS if dialect == "aws" else HUAWEI_SIGNATURE_REFUSALS)


Headers = list[tuple[str, str]]


def _sign_aws(scope: Scope, headers: Headers, body: bytes, who: Identity) -> tuple[Headers, bool]:
    """botocore's SigV4 over the request as it goes on the wire (botocore sets X-Amz-Date itself)."""
    unsigned = _without(headers, "authorization", "x-amz-date")
    request = AWSRequest(
        method=scope["method"], url=f"http://{_header(headers, 'host')}/", data=body, headers=dict(unsigned)
    )
    credentials = Credentials(who.access_key_id, who.secret_access_key)
    SigV4Auth(credentials, "organizations", "us-east-1").add_auth(request)
    added = [(name.lower(), value) for name, value in request.headers.items() if name.lower() in _SIGV4_SETS]
    return [*unsigned, *added], True


_SIGV4_SETS = frozenset({"authorization", "x-amz-date"})


def _sign_huawei(scope: Scope, headers: Headers, body: bytes, who: Identity) -> tuple[Headers, bool]:
    """huaweicloudsdkcore's Signer over every header sent, as the SDK signs them.

    A well-formed `X-Security-Token` means "with temporary credentials": the SDK sends
    their token and signs with their key pair. A malformed one stays, signed with the
    permanent key, for the server to refuse. `X-Sdk-Date` is the auth provider's: when a
    case leaves it out, the signer's own date is signed but not sent, as by a client that
    dropped the header.
    """
    dated = _header(headers, "x-sdk-date") is not None
    token = _header(headers, "x-security-token")
    temporary = token is not None and SECURITY_TOKEN.fullmatch(token) is not None
    if temporary:
        headers = [*_without(headers, "x-security-token"), ("x-security-token", who.security_token)]
    key, secret = (
        (who.temporary_key_id, who.temporary_secret)
        if temporary
        else (who.access_key_id, who.secret_access_key)
    )
    unsigned = _without(headers, "authorization")
    request = SdkRequest(
        method=scope["method"],
        schema="http",
        host=_header(headers, "host"),
        resource_path=scope["raw_path"].decode("latin-1"),
        query_params=parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True),
        header_params=dict(unsigned),
        body=body,
    )
    Signer(GlobalCredentials(key, secret)).sign(request)
    names = {name for name, _ in unsigned}
    added = [
        (name.lower(), value)
        for name, value in request.header_params.items()
        if name not in names and (dated or name.lower() != "x-sdk-date")
    ]
    return [*unsigned, *added], dated and (token is None or temporary)


def _header(headers: Headers, name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _without(headers: Headers, *names: str) -> Headers:
    return [(key, value) for key, value in headers if key.lower() not in names]


def _recording(send: Send, exchange: Exchange, dialect: Dialect) -> Send:
    chunks: list[bytes] = []

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            exchange.status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                exchange.body = b"".join(chunks)
                exchange.error_code = _error_code(exchange.body, dialect)
        await send(message)

    return sending


def _error_code(body: bytes, dialect: Dialect) -> str | None:
    try:
        document = json.loads(body)
    except ValueError:
        return None
    code = (
        document.get("__type" if dialect == "aws" else "error_code") if isinstance(document, dict) else None
    )
    return code if isinstance(code, str) else None


def dialect_config(dialect: Dialect) -> schemathesis.Config:
    """schemathesis.toml, less what only the native API has (bearer sign-up, access-key operations).

    AWS's JSON 1.1 protocol answers every refusal 400 (HandshakeNotFoundException for an
    unknown id, AccessDeniedException, ...), so a schema-valid request may get 400 there;
    `aws_accepts_valid_input` keeps such a request from being refused as invalid input.

    Huawei's `POST /v1/organizations/accounts/invite` sits where its own
    `GET /v1/organizations/accounts/{account_id}` matches too (`account_id` = `invite`), as
    in Huawei's API: a GET there is that operation refusing the id (400), not an undeclared
    method, so `unsupported_method` is off for that one path; every other path keeps it.
    """
    data = tomllib.loads(CONFIG.read_text())
    data.pop("auth", None)
    data.pop("operations", None)
    if dialect == "aws":
        data["checks"]["positive_data_acceptance"] = {
            "expected-statuses": [*POSITIVE_DATA_ACCEPTANCE_EXPECTED_STATUSES, "400"]
        }
    else:
        data["operations"] = [
            {
                "include-path": "/v1/organizations/accounts/invite",
                "checks": {"unsupported_method": {"enabled": False}},
            }
        ]
    return schemathesis.Config.from_dict(data)


def aws_accepts_valid_input(ctx: Any, response: Any, case: schemathesis.Case[Any]) -> bool | None:
    """A schema-valid AWS request is refused as invalid input (AWS's form of a 4xx for bad data)
    only for a rule the schema cannot say and the action's 400 names by its `Reason` (a
    NextToken this service never issued, an EMAIL target that is no address), as AWS does."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    body = response.json() if response.content else {}
    if body.get("__type") not in AWS_INPUT_REFUSALS:
        return None
    reason = body.get("Reason")
    documented = case.operation.definition.raw["responses"]["400"]["description"]
    assert reason is not None and f"`{reason}`" in documented, f"Valid input refused: {response.text}"
    return None


def _register_signing(
    schema: schemathesis.BaseSchema, dialect: Dialect, identities: Mapping[str, Identity]
) -> None:
    """Credentials for every case: the marker (the owner's unless the case names another signer),
    and for Huawei a fresh `X-Sdk-Date` and the signer's `X-Domain-Id`, in the case itself, so
    the checks judge the headers that were sent."""

    class SignAs:
        def get(self, case: schemathesis.Case[Any], ctx: Any) -> str:
            marker = str(case.headers.get("Authorization", ""))
            return marker.removeprefix(SIGN_AS) if marker.startswith(SIGN_AS) else "owner"

        def set(self, case: schemathesis.Case[Any], name: str, ctx: Any) -> None:
            case.headers["Authorization"] = SIGN_AS + name
            if dialect == "huawei":
                case.headers["X-Sdk-Date"] = datetime.now(UTC).strftime(SDK_DATE_FORMAT)
                if "X-Domain-Id" in case.headers:
                    case.headers["X-Domain-Id"] = identities[name].id

    schema.auth.auth(refresh_interval=None)(SignAs)


@dataclass(frozen=True)
class World:
    """Accounts, an organization and an open invitation, so that requests can reach real resources."""

    identities: dict[str, Identity]
    organization_id: str
    handshake_id: str


def _sign_up(client: TestClient, name: str) -> Identity:
    api_key = client.post("/v1/accounts", json={"name": name, "email": f"{name}@example.com"}).json()[
        "api_key"
    ]
    auth = {"Authorization": f"Bearer {api_key}"}
    me = client.get("/v1/accounts/me", headers=auth).json()
    key = client.post("/v1/accounts/me/access-keys", headers=auth).json()
    temporary = client.post("/v1/security-tokens", json={"ttl_seconds": 900}, headers=auth).json()
    return Identity(
        name,
        me["id"],
        me["alias"],
        key["access_key_id"],
        key["secret_access_key"],
        temporary["access_key_id"],
        temporary["secret_access_key"],
        temporary["security_token"],
    )


def aws_call(gateway: SigningGateway, action: str, body: Mapping[str, Any], who: str | None) -> Any:
    """An AWS action through the gateway, as the document writes it (signed as `who`, if anyone)."""
    headers = {"Content-Type": AWS_MEDIA_TYPE} | ({"Authorization": SIGN_AS + who} if who else {})
    return TestClient(gateway).post(
        f"/AWSOrganizationsV20161128.{action}", content=json.dumps(body), headers=headers
    )


@pytest.fixture(scope="module")
def aws_gateway(fuzzed_app: AsyncApp, world: World) -> SigningGateway:  # noqa: F811
    return SigningGateway(fuzzed_app, "aws", world.identities)


@pytest.fixture(scope="module")
def huawei_gateway(fuzzed_app: AsyncApp, world: World) -> SigningGateway:  # noqa: F811
    return SigningGateway(fuzzed_app, "huawei", world.identities)


@pytest.fixture(scope="module")
def world(fuzzed_app: AsyncApp) -> World:  # noqa: F811
    return _world(fuzzed_app)


def _world(app: AsyncApp) -> World:
    """Made through the native API and the AWS dialect itself: the owner's organization invites the member."""
    client = TestClient(app)
    identities = {name: _sign_up(client, name) for name in ("owner", "member", "outsider")}
    gateway = SigningGateway(app, "aws", identities)
    created = aws_call(gateway, "CreateOrganization", {"FeatureSet": "ALL"}, "owner")
    assert created.status_code == 200, created.text
    invited = aws_call(
        gateway,
        "InviteAccountToOrganization",
        {"Target": {"Id": identities["member"].alias, "Type": "ACCOUNT"}},
        "owner",
    )
    assert invited.status_code == 200, invited.text
    return World(identities, created.json()["Organization"]["Id"], invited.json()["Handshake"]["Id"])


def _real_examples(dialect: Dialect, world: World) -> Any:
    """Explicit examples that name what exists, signed by who may see it (generated ids never exist)."""
    owner = world.identities["owner"]
    handshake = world.handshake_id

    def as_(name: str) -> dict[str, str]:
        return {"Authorization": SIGN_AS + name}

    aws: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "describe_handshake": [("owner", {"HandshakeId": handshake}), ("member", {"HandshakeId": handshake})],
        "describe_account": [("owner", {"AccountId": owner.alias})],
        "describe_organization": [("owner", {}), ("member", {})],
        "list_handshakes_for_account": [("member", {})],
        "list_handshakes_for_organization": [("owner", {})],
        "list_accounts": [("owner", {})],
    }
    huawei: dict[str, list[tuple[str, dict[str, Any]]]] = {
        "show_handshake": [("owner", {"handshake_id": handshake}), ("member", {"handshake_id": handshake})],
        "show_account": [("owner", {"account_id": owner.id})],
        "list_received_handshakes": [("member", {})],
        "list_handshakes": [("owner", {})],
        "list_accounts": [("owner", {})],
    }

    def before_add_examples(context: Any, examples: list[schemathesis.Case[Any]]) -> None:
        operation = context.operation
        for name, data in (aws if dialect == "aws" else huawei).get(
            operation.definition.raw["operationId"], []
        ):
            if dialect == "aws":
                examples.append(operation.Case(body=data, media_type=AWS_MEDIA_TYPE, headers=as_(name)))
            else:
                examples.append(operation.Case(path_parameters=data, headers=as_(name)))

    return before_add_examples


def _schema(gateway: SigningGateway, world: World) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_asgi(
        f"/dialects/{gateway.dialect}/openapi.json", gateway, config=dialect_config(gateway.dialect)
    )
    _register_signing(schema, gateway.dialect, world.identities)
    schema.hook(_real_examples(gateway.dialect, world))
    return schema


@pytest.fixture(scope="module")
def aws_schema(aws_gateway: SigningGateway, world: World) -> schemathesis.BaseSchema:
    return _schema(aws_gateway, world)


@pytest.fixture(scope="module")
def huawei_schema(huawei_gateway: SigningGateway, world: World) -> schemathesis.BaseSchema:
    return _schema(huawei_gateway, world)


aws = schemathesis.pytest.from_fixture("aws_schema")
huawei = schemathesis.pytest.from_fixture("huawei_schema")


def test_the_gateway_signs_as_the_sdks_do(
    aws_gateway: SigningGateway, huawei_gateway: SigningGateway, world: World
) -> None:
    """Without this, a run where every request dies at the signature would pass for a fuzz run."""
    described = aws_call(aws_gateway, "DescribeHandshake", {"HandshakeId": world.handshake_id}, "member")
    assert described.status_code == 200, described.text
    assert described.json()["Handshake"]["State"] == "OPEN"
    unsigned = aws_call(aws_gateway, "DescribeHandshake", {"HandshakeId": world.handshake_id}, None)
    assert (unsigned.status_code, unsigned.json()["__type"]) == (401, "MissingAuthenticationTokenException")

    client = TestClient(huawei_gateway)
    owner = {"Authorization": SIGN_AS + "owner", "X-Sdk-Date": datetime.now(UTC).strftime(SDK_DATE_FORMAT)}
    shown = client.get("/v1/organizations", headers=owner)
    assert shown.status_code == 200, shown.text
    assert shown.json()["organization"]["id"] == world.organization_id
    with_token = client.get(
        f"/v1/organizations/handshakes/{world.handshake_id}", headers=owner | {"X-Security-Token": "any"}
    )
    assert with_token.status_code == 200, with_token.text
    unsigned_header = {
        "Authorization": "SDK-HMAC-SHA256 Access=AKIDEXAMPLE, SignedHeaders=host;x-sdk-date, Signature="
        + "0" * 64
    }
    forged = client.get("/v1/organizations", headers=owner | unsigned_header)
    assert forged.json()["error_code"] == "APIGW.0301"


@aws.parametrize()
@UNDER_LOAD
def test_every_aws_action_holds_to_its_document(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(additional_checks=[aws_accepts_valid_input])


@huawei.parametrize()
@UNDER_LOAD
def test_every_huawei_operation_holds_to_its_document(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


# Explicit, so the stateful runs are the same on every machine and every run. Generation only:
# the accounts live across examples (handshakes accepted stay accepted), so replaying an example
# to shrink it draws from other responses and hypothesis calls that flaky; a failure is
# reported as first found.
STATEFUL = settings(
    max_examples=20,
    stateful_step_count=8,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_the_huawei_chains_hold_to_its_document(tmp_path: Path) -> None:
    """The document has no links; schemathesis infers them from the path parameters and the ids answered.

    Each scenario signs as accounts of its own, in an organization of its own: otherwise what an
    earlier scenario left (a handshake accepted, a member joined) changes which ids a later one with
    the same draws finds, and hypothesis refuses that as flaky generation."""
    with app_to_fuzz(tmp_path) as app:
        first = _world(app)
        identities = dict(first.identities)  # the gateway and the signing hook read it at each request
        world = World(identities, first.organization_id, first.handshake_id)
        chains = _schema(SigningGateway(app, "huawei", identities), world).as_state_machine()

        class ScenarioOnItsOwn(chains):  # type: ignore[misc, valid-type]
            def setup(self) -> None:
                identities.update(_world(app).identities)

        ScenarioOnItsOwn.run(settings=STATEFUL)


def test_the_aws_document_has_no_chains_to_follow(aws_schema: schemathesis.BaseSchema) -> None:
    """Every AWS action is a POST to a path of its own with its ids in the body, and the document
    declares no links: nothing for a stateful run to follow. Once it has links, run them as above."""
    with pytest.raises(NoLinksFound):
        aws_schema.as_state_machine().run(settings=STATEFUL)


@pytest.mark.parametrize("dialect", ["aws", "huawei"])
def test_the_fuzzing_got_past_the_signature(
    dialect: Dialect, aws_gateway: SigningGateway, huawei_gateway: SigningGateway
) -> None:
    """Runs after the fuzzing above: what reached the handlers, and nothing well signed refused."""
    gateway = aws_gateway if dialect == "aws" else huawei_gateway
    signed = [e for e in gateway.exchanges if e.complete]
    answered = [e for e in signed if 200 <= e.status < 300]
    assert len(answered) >= 20, f"{len(answered)} of {len(gateway.exchanges)} requests reached a handler"
    refused = gateway.refused_at_signature()
    assert not refused, "\n".join(map(str, refused[:5])) + f"\n({len(refused)} in all)"
