from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation_delivery_list import InvitationDeliveryList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: str,
    invitation_id: str,
    *,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["marker"] = marker

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{organization_id}/invitations/{invitation_id}/deliveries".format(
            organization_id=quote(str(organization_id), safe=""),
            invitation_id=quote(str(invitation_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvitationDeliveryList | Problem | None:
    if response.status_code == 200:
        response_200 = InvitationDeliveryList.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InvitationDeliveryList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> Response[InvitationDeliveryList | Problem]:
    """An invitation's emails, and how their delivery went

     Owners and admins only. Each email the invitation owed, oldest first: one when it was made, one per
    resend. `pending` (to be sent, `next_attempt_at` says when: again after a failure), `sent`, `failed`
    (every attempt failed; nothing more is tried), `superseded` (a resend replaced it before it was
    sent: its link was dead), or `skipped` (nothing to send: an account without an email, or an
    invitation no longer pending when its turn came), with the reason in `last_error`. No token is ever
    shown here.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationDeliveryList | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        invitation_id=invitation_id,
        limit=limit,
        marker=marker,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> InvitationDeliveryList | Problem | None:
    """An invitation's emails, and how their delivery went

     Owners and admins only. Each email the invitation owed, oldest first: one when it was made, one per
    resend. `pending` (to be sent, `next_attempt_at` says when: again after a failure), `sent`, `failed`
    (every attempt failed; nothing more is tried), `superseded` (a resend replaced it before it was
    sent: its link was dead), or `skipped` (nothing to send: an account without an email, or an
    invitation no longer pending when its turn came), with the reason in `last_error`. No token is ever
    shown here.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationDeliveryList | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        invitation_id=invitation_id,
        client=client,
        limit=limit,
        marker=marker,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> Response[InvitationDeliveryList | Problem]:
    """An invitation's emails, and how their delivery went

     Owners and admins only. Each email the invitation owed, oldest first: one when it was made, one per
    resend. `pending` (to be sent, `next_attempt_at` says when: again after a failure), `sent`, `failed`
    (every attempt failed; nothing more is tried), `superseded` (a resend replaced it before it was
    sent: its link was dead), or `skipped` (nothing to send: an account without an email, or an
    invitation no longer pending when its turn came), with the reason in `last_error`. No token is ever
    shown here.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationDeliveryList | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        invitation_id=invitation_id,
        limit=limit,
        marker=marker,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
) -> InvitationDeliveryList | Problem | None:
    """An invitation's emails, and how their delivery went

     Owners and admins only. Each email the invitation owed, oldest first: one when it was made, one per
    resend. `pending` (to be sent, `next_attempt_at` says when: again after a failure), `sent`, `failed`
    (every attempt failed; nothing more is tried), `superseded` (a resend replaced it before it was
    sent: its link was dead), or `skipped` (nothing to send: an account without an email, or an
    invitation no longer pending when its turn came), with the reason in `last_error`. No token is ever
    shown here.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationDeliveryList | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            invitation_id=invitation_id,
            client=client,
            limit=limit,
            marker=marker,
        )
    ).parsed
