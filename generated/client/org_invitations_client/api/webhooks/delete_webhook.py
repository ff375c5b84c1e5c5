from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    organization_id: str,
    webhook_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/organizations/{organization_id}/webhooks/{webhook_id}".format(
            organization_id=quote(str(organization_id), safe=""),
            webhook_id=quote(str(webhook_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    organization_id: str,
    webhook_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Remove a webhook endpoint

     Owners and admins only. The endpoint and its deliveries are deleted: nothing more is posted to it,
    not even the events still pending.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        webhook_id (str): A webhook endpoint id, `wh-` and 32 characters of `[0-9a-z]`. Example:
            wh-4k8m2q6s0u4w8y2a6c0e4g8i2k6m0o4q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        webhook_id=webhook_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: str,
    webhook_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Remove a webhook endpoint

     Owners and admins only. The endpoint and its deliveries are deleted: nothing more is posted to it,
    not even the events still pending.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        webhook_id (str): A webhook endpoint id, `wh-` and 32 characters of `[0-9a-z]`. Example:
            wh-4k8m2q6s0u4w8y2a6c0e4g8i2k6m0o4q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        webhook_id=webhook_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    webhook_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Remove a webhook endpoint

     Owners and admins only. The endpoint and its deliveries are deleted: nothing more is posted to it,
    not even the events still pending.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        webhook_id (str): A webhook endpoint id, `wh-` and 32 characters of `[0-9a-z]`. Example:
            wh-4k8m2q6s0u4w8y2a6c0e4g8i2k6m0o4q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        webhook_id=webhook_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    webhook_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Remove a webhook endpoint

     Owners and admins only. The endpoint and its deliveries are deleted: nothing more is posted to it,
    not even the events still pending.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        webhook_id (str): A webhook endpoint id, `wh-` and 32 characters of `[0-9a-z]`. Example:
            wh-4k8m2q6s0u4w8y2a6c0e4g8i2k6m0o4q.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            webhook_id=webhook_id,
            client=client,
        )
    ).parsed
