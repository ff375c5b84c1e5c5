"""The vendors' SDKs, configured as a user would: only the endpoint points at us."""

from __future__ import annotations

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from huaweicloudsdkcore.auth.credentials import GlobalCredentials
from huaweicloudsdkcore.http.http_handler import HttpHandler
from huaweicloudsdkorganizations.v1 import OrganizationsClient

from tests.e2e.conftest import Server

NO_RETRIES = Config(retries={"total_max_attempts": 1}, region_name="us-east-1")
"""Refusals reach the test at once; botocore would otherwise retry throttling."""


def aws_client(server: Server, key_id: str, secret: str, token: str | None = None) -> BaseClient:
    return boto3.client(
        "organizations",
        endpoint_url=server.base_url,
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=NO_RETRIES,
    )


def huawei_client(
    server: Server, ak: str, sk: str, token: str | None = None, *, handler: HttpHandler | None = None
) -> OrganizationsClient:
    credentials = GlobalCredentials(ak, sk)
    if token is not None:
        credentials = credentials.with_security_token(token)
    builder = OrganizationsClient.new_builder().with_credentials(credentials).with_endpoint(server.base_url)
    return (builder.with_http_handler(handler) if handler else builder).build()
