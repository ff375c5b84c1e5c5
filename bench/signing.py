"""Signed dialect calls for the load generator, signed by the vendors' own SDKs.

wrk cannot sign, and a signature carries its time: the lines are signed afresh just before each
measurement (well inside the vendors' windows of minutes), then sent as they are, as a client
that repeats a signed request would send it.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from bench.data import AccessKeyFixture, Fixtures, line

AWS_TARGET = "AWSOrganizationsV20161128.DescribeHandshake"
AWS_JSON = "application/x-amz-json-1.1"


def aws_describe_handshake(key: AccessKeyFixture, host: str) -> str:
    """boto3's DescribeHandshake, as botocore signs it (SigV4, us-east-1, organizations)."""
    body = json.dumps({"HandshakeId": key.handshake_id})
    request = AWSRequest(
        method="POST",
        url=f"http://{host}/",
        data=body,
        headers={"Content-Type": AWS_JSON, "X-Amz-Target": AWS_TARGET, "Host": host},
    )
    SigV4Auth(Credentials(key.access_key_id, key.secret), "organizations", "us-east-1").add_auth(request)
    return line("POST", "/", body=body, **dict(request.headers.items()))


def huawei_show_handshake(key: AccessKeyFixture, host: str) -> str:
    """The Huawei SDK's ShowHandshake, as its core signs it (SDK-HMAC-SHA256)."""
    path = f"/v1/organizations/handshakes/{key.handshake_id}"
    request = SdkRequest(
        method="GET",
        schema="http",
        host=host,
        resource_path=path,
        uri=path,
        query_params=[],
        header_params={"Content-Type": "application/json"},
        body="",
    )
    signed = Signer(GlobalCredentials(key.access_key_id, key.secret)).sign(request)
    return line("GET", path, **signed.header_params)


SIGNED: dict[str, Callable[[AccessKeyFixture, str], str]] = {
    "aws_describe_handshake": aws_describe_handshake,
    "huawei_show_handshake": huawei_show_handshake,
}


def lines_of(fixtures: Fixtures, operation: str, host: str) -> list[str]:
    """The operation's request lines, signed now where the dialect signs."""
    if operation in SIGNED:
        return [SIGNED[operation](key, host) for key in fixtures.access_keys]
    lines: list[str] = getattr(fixtures, operation)
    return lines
