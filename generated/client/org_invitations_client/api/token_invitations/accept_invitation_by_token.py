from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation import Invitation
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    invitation_token: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/organizations/invitations/{invitation_token}/accept".format(
            invitation_token=quote(str(invitation_token), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Invitation | Problem | None:
    if response.status_code == 200:
        response_200 = Invitation.from_dict(response.json())

        return response_200

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 410:
        response_410 = Problem.from_dict(response.json())

        return response_410

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Invitation | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invitation_token: str,
    *,
    client: AuthenticatedClient,
) -> Response[Invitation | Problem]:
    """Accept an invitation with its token

     Any authenticated account holding the token; the only way to accept an email invitation. An account
    invitation is accepted only by that account (403 for others). 410 `invitation_expired` once expired;
    409 `already_in_state` when already accepted, `invalid_transition` when declined or cancelled,
    `already_member` when the caller is a member. Throttled per client like token lookups (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Invitation | Problem]
    """

    kwargs = _get_kwargs(
        invitation_token=invitation_token,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    invitation_token: str,
    *,
    client: AuthenticatedClient,
) -> Invitation | Problem | None:
    """Accept an invitation with its token

     Any authenticated account holding the token; the only way to accept an email invitation. An account
    invitation is accepted only by that account (403 for others). 410 `invitation_expired` once expired;
    409 `already_in_state` when already accepted, `invalid_transition` when declined or cancelled,
    `already_member` when the caller is a member. Throttled per client like token lookups (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Invitation | Problem
    """

    return sync_detailed(
        invitation_token=invitation_token,
        client=client,
    ).parsed


async def asyncio_detailed(
    invitation_token: str,
    *,
    client: AuthenticatedClient,
) -> Response[Invitation | Problem]:
    """Accept an invitation with its token

     Any authenticated account holding the token; the only way to accept an email invitation. An account
    invitation is accepted only by that account (403 for others). 410 `invitation_expired` once expired;
    409 `already_in_state` when already accepted, `invalid_transition` when declined or cancelled,
    `already_member` when the caller is a member. Throttled per client like token lookups (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Invitation | Problem]
    """

    kwargs = _get_kwargs(
        invitation_token=invitation_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invitation_token: str,
    *,
    client: AuthenticatedClient,
) -> Invitation | Problem | None:
    """Accept an invitation with its token

     Any authenticated account holding the token; the only way to accept an email invitation. An account
    invitation is accepted only by that account (403 for others). 410 `invitation_expired` once expired;
    409 `already_in_state` when already accepted, `invalid_transition` when declined or cancelled,
    `already_member` when the caller is a member. Throttled per client like token lookups (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Invitation | Problem
    """

    return (
        await asyncio_detailed(
            invitation_token=invitation_token,
            client=client,
        )
    ).parsed
