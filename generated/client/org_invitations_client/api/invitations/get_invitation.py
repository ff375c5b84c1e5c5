from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation import Invitation
from ...models.invitation_expansion import InvitationExpansion
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: str,
    invitation_id: str,
    *,
    expand: InvitationExpansion | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_expand: str | Unset = UNSET
    if not isinstance(expand, Unset):
        json_expand = expand.value

    params["expand"] = json_expand

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{organization_id}/invitations/{invitation_id}".format(
            organization_id=quote(str(organization_id), safe=""),
            invitation_id=quote(str(invitation_id), safe=""),
        ),
        "params": params,
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
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    expand: InvitationExpansion | Unset = UNSET,
) -> Response[Invitation | Problem]:
    """Get one of an organization's invitations

     Owners and admins only.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Invitation | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        invitation_id=invitation_id,
        expand=expand,
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
    expand: InvitationExpansion | Unset = UNSET,
) -> Invitation | Problem | None:
    """Get one of an organization's invitations

     Owners and admins only.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Invitation | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        invitation_id=invitation_id,
        client=client,
        expand=expand,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    expand: InvitationExpansion | Unset = UNSET,
) -> Response[Invitation | Problem]:
    """Get one of an organization's invitations

     Owners and admins only.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Invitation | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        invitation_id=invitation_id,
        expand=expand,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    invitation_id: str,
    *,
    client: AuthenticatedClient,
    expand: InvitationExpansion | Unset = UNSET,
) -> Invitation | Problem | None:
    """Get one of an organization's invitations

     Owners and admins only.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        invitation_id (str): An invitation (handshake) id, `h-` and 32 characters of `[0-9a-z]`.
            Example: h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Invitation | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            invitation_id=invitation_id,
            client=client,
            expand=expand,
        )
    ).parsed
