from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.security_token import SecurityToken
from ...models.security_token_create import SecurityTokenCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: SecurityTokenCreate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/security-tokens",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | SecurityToken | None:
    if response.status_code == 201:
        response_201 = SecurityToken.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | SecurityToken]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: SecurityTokenCreate | Unset = UNSET,
) -> Response[Problem | SecurityToken]:
    """Create a temporary security token

     Returns a token for the `X-Security-Token` header, valid for `ttl_seconds` (15 minutes to 12 hours),
    with a temporary access key pair (`OIAS…`) bound to it for signed requests: the pair works only
    together with the token, and expires with it. Only an API key can mint one: a security token cannot
    extend itself.

    Args:
        body (SecurityTokenCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SecurityToken]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: SecurityTokenCreate | Unset = UNSET,
) -> Problem | SecurityToken | None:
    """Create a temporary security token

     Returns a token for the `X-Security-Token` header, valid for `ttl_seconds` (15 minutes to 12 hours),
    with a temporary access key pair (`OIAS…`) bound to it for signed requests: the pair works only
    together with the token, and expires with it. Only an API key can mint one: a security token cannot
    extend itself.

    Args:
        body (SecurityTokenCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SecurityToken
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: SecurityTokenCreate | Unset = UNSET,
) -> Response[Problem | SecurityToken]:
    """Create a temporary security token

     Returns a token for the `X-Security-Token` header, valid for `ttl_seconds` (15 minutes to 12 hours),
    with a temporary access key pair (`OIAS…`) bound to it for signed requests: the pair works only
    together with the token, and expires with it. Only an API key can mint one: a security token cannot
    extend itself.

    Args:
        body (SecurityTokenCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | SecurityToken]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: SecurityTokenCreate | Unset = UNSET,
) -> Problem | SecurityToken | None:
    """Create a temporary security token

     Returns a token for the `X-Security-Token` header, valid for `ttl_seconds` (15 minutes to 12 hours),
    with a temporary access key pair (`OIAS…`) bound to it for signed requests: the pair works only
    together with the token, and expires with it. Only an API key can mint one: a security token cannot
    extend itself.

    Args:
        body (SecurityTokenCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | SecurityToken
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
