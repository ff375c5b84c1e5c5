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
    handshake_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/organizations/handshakes/{handshake_id}/accept".format(
            handshake_id=quote(str(handshake_id), safe=""),
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
    handshake_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Invitation | Problem]:
    """Accept an invitation

     The invited account only (403 to others who can see the invitation, 404 to the rest). Joins the
    organization with the granted roles in the same transaction. 409 `already_in_state` on a second
    accept, `invalid_transition` from any other finished state (expired included), `already_member` when
    the account joined meanwhile.

    Args:
        handshake_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Invitation | Problem]
    """

    kwargs = _get_kwargs(
        handshake_id=handshake_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    handshake_id: str,
    *,
    client: AuthenticatedClient,
) -> Invitation | Problem | None:
    """Accept an invitation

     The invited account only (403 to others who can see the invitation, 404 to the rest). Joins the
    organization with the granted roles in the same transaction. 409 `already_in_state` on a second
    accept, `invalid_transition` from any other finished state (expired included), `already_member` when
    the account joined meanwhile.

    Args:
        handshake_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Invitation | Problem
    """

    return sync_detailed(
        handshake_id=handshake_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    handshake_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Invitation | Problem]:
    """Accept an invitation

     The invited account only (403 to others who can see the invitation, 404 to the rest). Joins the
    organization with the granted roles in the same transaction. 409 `already_in_state` on a second
    accept, `invalid_transition` from any other finished state (expired included), `already_member` when
    the account joined meanwhile.

    Args:
        handshake_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Invitation | Problem]
    """

    kwargs = _get_kwargs(
        handshake_id=handshake_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    handshake_id: str,
    *,
    client: AuthenticatedClient,
) -> Invitation | Problem | None:
    """Accept an invitation

     The invited account only (403 to others who can see the invitation, 404 to the rest). Joins the
    organization with the granted roles in the same transaction. 409 `already_in_state` on a second
    accept, `invalid_transition` from any other finished state (expired included), `already_member` when
    the account joined meanwhile.

    Args:
        handshake_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Invitation | Problem
    """

    return (
        await asyncio_detailed(
            handshake_id=handshake_id,
            client=client,
        )
    ).parsed
