from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation_list import InvitationList
from ...models.invitation_status import InvitationStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: InvitationStatus | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["limit"] = limit

    params["marker"] = marker

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/received-handshakes",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvitationList | Problem | None:
    if response.status_code == 200:
        response_200 = InvitationList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InvitationList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> Response[InvitationList | Problem]:
    """Invitations addressed to the calling account

     Newest first.

    Args:
        status (InvitationStatus | Unset):  Example: pending.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationList | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        marker=marker,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> InvitationList | Problem | None:
    """Invitations addressed to the calling account

     Newest first.

    Args:
        status (InvitationStatus | Unset):  Example: pending.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationList | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        limit=limit,
        marker=marker,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> Response[InvitationList | Problem]:
    """Invitations addressed to the calling account

     Newest first.

    Args:
        status (InvitationStatus | Unset):  Example: pending.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationList | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        limit=limit,
        marker=marker,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> InvitationList | Problem | None:
    """Invitations addressed to the calling account

     Newest first.

    Args:
        status (InvitationStatus | Unset):  Example: pending.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            limit=limit,
            marker=marker,
        )
    ).parsed
