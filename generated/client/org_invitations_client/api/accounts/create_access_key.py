from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_key_created import AccessKeyCreated
from ...models.problem import Problem
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/accounts/me/access-keys",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccessKeyCreated | Problem | None:
    if response.status_code == 201:
        response_201 = AccessKeyCreated.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AccessKeyCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AccessKeyCreated | Problem]:
    """Create an access key

     Creates a permanent access key for the calling account and returns its secret, once. The pair is for
    request signing (AWS SigV4, Huawei Cloud SDK-HMAC-SHA256); the native API itself authenticates with
    API keys and security tokens only. An account holds at most 2 permanent keys, as an AWS IAM user
    does: a third is refused with 409 `access_key_limit_exceeded` (delete one first). Only an API key
    can create one: a security token cannot turn itself into a lasting credential. No request body.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessKeyCreated | Problem]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> AccessKeyCreated | Problem | None:
    """Create an access key

     Creates a permanent access key for the calling account and returns its secret, once. The pair is for
    request signing (AWS SigV4, Huawei Cloud SDK-HMAC-SHA256); the native API itself authenticates with
    API keys and security tokens only. An account holds at most 2 permanent keys, as an AWS IAM user
    does: a third is refused with 409 `access_key_limit_exceeded` (delete one first). Only an API key
    can create one: a security token cannot turn itself into a lasting credential. No request body.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessKeyCreated | Problem
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AccessKeyCreated | Problem]:
    """Create an access key

     Creates a permanent access key for the calling account and returns its secret, once. The pair is for
    request signing (AWS SigV4, Huawei Cloud SDK-HMAC-SHA256); the native API itself authenticates with
    API keys and security tokens only. An account holds at most 2 permanent keys, as an AWS IAM user
    does: a third is refused with 409 `access_key_limit_exceeded` (delete one first). Only an API key
    can create one: a security token cannot turn itself into a lasting credential. No request body.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessKeyCreated | Problem]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> AccessKeyCreated | Problem | None:
    """Create an access key

     Creates a permanent access key for the calling account and returns its secret, once. The pair is for
    request signing (AWS SigV4, Huawei Cloud SDK-HMAC-SHA256); the native API itself authenticates with
    API keys and security tokens only. An account holds at most 2 permanent keys, as an AWS IAM user
    does: a third is refused with 409 `access_key_limit_exceeded` (delete one first). Only an API key
    can create one: a security token cannot turn itself into a lasting credential. No request body.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessKeyCreated | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
