from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation_create import InvitationCreate
from ...models.invitation_created import InvitationCreated
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    organization_id: str,
    *,
    body: InvitationCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/organizations/{organization_id}/invitations".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> InvitationCreated | Problem | None:
    if response.status_code == 201:
        response_201 = InvitationCreated.from_dict(response.json())

        return response_201

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

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[InvitationCreated | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: InvitationCreate,
) -> Response[InvitationCreated | Problem]:
    """Invite an account or an email address

     Owners and admins only. The response carries the secret token and the
    invitation link, once. A second live invitation to the same target is
    refused with `duplicate_invitation` naming the existing one.
    Inviting a member is `already_member`; an unknown account is 404
    `account_not_found`. At most `INVITATIONS_PER_ORG_PER_DAY` invitations (and
    resends) per organization per rolling 24 hours (429 with `Retry-After`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (InvitationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationCreated | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: InvitationCreate,
) -> InvitationCreated | Problem | None:
    """Invite an account or an email address

     Owners and admins only. The response carries the secret token and the
    invitation link, once. A second live invitation to the same target is
    refused with `duplicate_invitation` naming the existing one.
    Inviting a member is `already_member`; an unknown account is 404
    `account_not_found`. At most `INVITATIONS_PER_ORG_PER_DAY` invitations (and
    resends) per organization per rolling 24 hours (429 with `Retry-After`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (InvitationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationCreated | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: InvitationCreate,
) -> Response[InvitationCreated | Problem]:
    """Invite an account or an email address

     Owners and admins only. The response carries the secret token and the
    invitation link, once. A second live invitation to the same target is
    refused with `duplicate_invitation` naming the existing one.
    Inviting a member is `already_member`; an unknown account is 404
    `account_not_found`. At most `INVITATIONS_PER_ORG_PER_DAY` invitations (and
    resends) per organization per rolling 24 hours (429 with `Retry-After`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (InvitationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationCreated | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    body: InvitationCreate,
) -> InvitationCreated | Problem | None:
    """Invite an account or an email address

     Owners and admins only. The response carries the secret token and the
    invitation link, once. A second live invitation to the same target is
    refused with `duplicate_invitation` naming the existing one.
    Inviting a member is `already_member`; an unknown account is 404
    `account_not_found`. At most `INVITATIONS_PER_ORG_PER_DAY` invitations (and
    resends) per organization per rolling 24 hours (429 with `Retry-After`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (InvitationCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationCreated | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            body=body,
        )
    ).parsed
