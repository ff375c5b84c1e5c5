from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation_preview import InvitationPreview
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    invitation_token: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/invitations/{invitation_token}".format(
            invitation_token=quote(str(invitation_token), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvitationPreview | Problem | None:
    if response.status_code == 200:
        response_200 = InvitationPreview.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InvitationPreview | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    invitation_token: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[InvitationPreview | Problem]:
    """Look an invitation up by its token

     For someone who has no access yet: a reduced view that says whether the invitation has `expired` and
    when it was accepted. An unknown or replaced token is 404. Throttled per client (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationPreview | Problem]
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
    client: AuthenticatedClient | Client,
) -> InvitationPreview | Problem | None:
    """Look an invitation up by its token

     For someone who has no access yet: a reduced view that says whether the invitation has `expired` and
    when it was accepted. An unknown or replaced token is 404. Throttled per client (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationPreview | Problem
    """

    return sync_detailed(
        invitation_token=invitation_token,
        client=client,
    ).parsed


async def asyncio_detailed(
    invitation_token: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[InvitationPreview | Problem]:
    """Look an invitation up by its token

     For someone who has no access yet: a reduced view that says whether the invitation has `expired` and
    when it was accepted. An unknown or replaced token is 404. Throttled per client (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationPreview | Problem]
    """

    kwargs = _get_kwargs(
        invitation_token=invitation_token,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    invitation_token: str,
    *,
    client: AuthenticatedClient | Client,
) -> InvitationPreview | Problem | None:
    """Look an invitation up by its token

     For someone who has no access yet: a reduced view that says whether the invitation has `expired` and
    when it was accepted. An unknown or replaced token is 404. Throttled per client (429).

    Args:
        invitation_token (str):  Example: oit_3kR8xP2mW9qL5vN7tY1zB4cF6hJ0dG8sA2eU5iO7wQ.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationPreview | Problem
    """

    return (
        await asyncio_detailed(
            invitation_token=invitation_token,
            client=client,
        )
    ).parsed
