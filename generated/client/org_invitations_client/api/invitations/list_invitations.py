from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.invitation_expansion import InvitationExpansion
from ...models.invitation_list import InvitationList
from ...models.invitation_status import InvitationStatus
from ...models.problem import Problem
from ...models.target_type import TargetType
from ...types import UNSET, Response, Unset


def _get_kwargs(
    organization_id: str,
    *,
    status: InvitationStatus | Unset = UNSET,
    target_type: TargetType | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
    expand: InvitationExpansion | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_target_type: str | Unset = UNSET
    if not isinstance(target_type, Unset):
        json_target_type = target_type.value

    params["target_type"] = json_target_type

    params["email"] = email

    params["limit"] = limit

    params["marker"] = marker

    json_expand: str | Unset = UNSET
    if not isinstance(expand, Unset):
        json_expand = expand.value

    params["expand"] = json_expand

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{organization_id}/invitations".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
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
) -> Response[InvitationList | Problem]:
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
    status: InvitationStatus | Unset = UNSET,
    target_type: TargetType | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
    expand: InvitationExpansion | Unset = UNSET,
) -> Response[InvitationList | Problem]:
    """List an organization's invitations

     Owners and admins only (403 to plain members, 404 to outsiders). Newest first.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        status (InvitationStatus | Unset):  Example: pending.
        target_type (TargetType | Unset): Whom an invitation addresses, an existing account or an
            email address. Example: account.
        email (str | Unset): An email address, compared and stored in one canonical form: Unicode
            NFKC, then case-folded (`ＡＤＡ@Example.com` is `ada@example.com`). Refused: control, format
            (zero-width, soft hyphen, bidirectional marks) and space characters anywhere; an empty
            label (a leading, trailing or doubled dot); a form that NFKC turns into something else
            than one `local@domain` (a full-width `＠`); and a label, of the local part or of the
            domain, that mixes Latin letters with Cyrillic or Greek ones (`pаypal@example.com` with a
            Cyrillic `а`). A label wholly in one script is fine (`иван@пример.рф`). The pattern states
            the part of the rule a regular expression can; the format `canonical-email` names the
            whole rule, and the server checks it as part of the contract (`validation_failed` on this
            field). Example: ada@example.com.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationList | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        status=status,
        target_type=target_type,
        email=email,
        limit=limit,
        marker=marker,
        expand=expand,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    target_type: TargetType | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
    expand: InvitationExpansion | Unset = UNSET,
) -> InvitationList | Problem | None:
    """List an organization's invitations

     Owners and admins only (403 to plain members, 404 to outsiders). Newest first.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        status (InvitationStatus | Unset):  Example: pending.
        target_type (TargetType | Unset): Whom an invitation addresses, an existing account or an
            email address. Example: account.
        email (str | Unset): An email address, compared and stored in one canonical form: Unicode
            NFKC, then case-folded (`ＡＤＡ@Example.com` is `ada@example.com`). Refused: control, format
            (zero-width, soft hyphen, bidirectional marks) and space characters anywhere; an empty
            label (a leading, trailing or doubled dot); a form that NFKC turns into something else
            than one `local@domain` (a full-width `＠`); and a label, of the local part or of the
            domain, that mixes Latin letters with Cyrillic or Greek ones (`pаypal@example.com` with a
            Cyrillic `а`). A label wholly in one script is fine (`иван@пример.рф`). The pattern states
            the part of the rule a regular expression can; the format `canonical-email` names the
            whole rule, and the server checks it as part of the contract (`validation_failed` on this
            field). Example: ada@example.com.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationList | Problem
    """

    return sync_detailed(
        organization_id=organization_id,
        client=client,
        status=status,
        target_type=target_type,
        email=email,
        limit=limit,
        marker=marker,
        expand=expand,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    target_type: TargetType | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
    expand: InvitationExpansion | Unset = UNSET,
) -> Response[InvitationList | Problem]:
    """List an organization's invitations

     Owners and admins only (403 to plain members, 404 to outsiders). Newest first.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        status (InvitationStatus | Unset):  Example: pending.
        target_type (TargetType | Unset): Whom an invitation addresses, an existing account or an
            email address. Example: account.
        email (str | Unset): An email address, compared and stored in one canonical form: Unicode
            NFKC, then case-folded (`ＡＤＡ@Example.com` is `ada@example.com`). Refused: control, format
            (zero-width, soft hyphen, bidirectional marks) and space characters anywhere; an empty
            label (a leading, trailing or doubled dot); a form that NFKC turns into something else
            than one `local@domain` (a full-width `＠`); and a label, of the local part or of the
            domain, that mixes Latin letters with Cyrillic or Greek ones (`pаypal@example.com` with a
            Cyrillic `а`). A label wholly in one script is fine (`иван@пример.рф`). The pattern states
            the part of the rule a regular expression can; the format `canonical-email` names the
            whole rule, and the server checks it as part of the contract (`validation_failed` on this
            field). Example: ada@example.com.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[InvitationList | Problem]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
        status=status,
        target_type=target_type,
        email=email,
        limit=limit,
        marker=marker,
        expand=expand,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    *,
    client: AuthenticatedClient,
    status: InvitationStatus | Unset = UNSET,
    target_type: TargetType | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 50,
    marker: str | Unset = UNSET,
    expand: InvitationExpansion | Unset = UNSET,
) -> InvitationList | Problem | None:
    """List an organization's invitations

     Owners and admins only (403 to plain members, 404 to outsiders). Newest first.

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        status (InvitationStatus | Unset):  Example: pending.
        target_type (TargetType | Unset): Whom an invitation addresses, an existing account or an
            email address. Example: account.
        email (str | Unset): An email address, compared and stored in one canonical form: Unicode
            NFKC, then case-folded (`ＡＤＡ@Example.com` is `ada@example.com`). Refused: control, format
            (zero-width, soft hyphen, bidirectional marks) and space characters anywhere; an empty
            label (a leading, trailing or doubled dot); a form that NFKC turns into something else
            than one `local@domain` (a full-width `＠`); and a label, of the local part or of the
            domain, that mixes Latin letters with Cyrillic or Greek ones (`pаypal@example.com` with a
            Cyrillic `а`). A label wholly in one script is fine (`иван@пример.рф`). The pattern states
            the part of the rule a regular expression can; the format `canonical-email` names the
            whole rule, and the server checks it as part of the contract (`validation_failed` on this
            field). Example: ada@example.com.
        limit (int | Unset):  Default: 50.
        marker (str | Unset):  Example: 1795428000.h-9b1d3f5h7j9l1n3p5r7t9v1x3z5b7d9f.
        expand (InvitationExpansion | Unset): What a read may embed; `roles` fills `role_details`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        InvitationList | Problem
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            status=status,
            target_type=target_type,
            email=email,
            limit=limit,
            marker=marker,
            expand=expand,
        )
    ).parsed
