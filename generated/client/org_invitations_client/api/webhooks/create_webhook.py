from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.webhook_create import WebhookCreate
from ...models.webhook_created import WebhookCreated
from ...types import Response


def _get_kwargs(
    organization_id: str,
    *,
    body: WebhookCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/organizations/{organization_id}/webhooks".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookCreated | None:
    if response.status_code == 201:
        response_201 = WebhookCreated.from_dict(response.json())

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | WebhookCreated]:
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
    body: WebhookCreate,
) -> Response[Problem | WebhookCreated]:
    """Register a webhook endpoint

     Owners and admins only. From now on, every step of the organization's invitations that
    the endpoint wants (`events`, all by default) is posted to `url`, whichever API made the
    step: one JSON document per event, signed as the Standard Webhooks specification says
    (headers `webhook-id`, `webhook-timestamp`, `webhook-signature`; verify them with a
    Standard Webhooks library and `signing_secret`):

    ```json
    {"type": "invitation.accepted", "timestamp": "2026-11-23T10:00:00Z",
     "data": {"invitation_id": "h-…", "organization_id": "o-…", "status": "accepted",
              "target": {"type": "email", "entity": "grace@example.com"},
              "roles": ["member"], "actor_account_id": "7c9e…",
              "created_at": "2026-11-22T09:00:00Z", "expires_at": "2026-12-06T09:00:00Z"}}
    ```

    An event never carries an invitation's token. Events are written with the step they
    report (none is lost), delivered with retries and exponential backoff until the endpoint
    answers 2xx, and, for one invitation, in the order of its steps. `webhook-id` is the same
    on every attempt of an event: deduplicate by it. An organization has at most 10
    endpoints (409 `webhook_limit_exceeded`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookCreated]
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
    body: WebhookCreate,
) -> Problem | WebhookCreated | None:
    """Register a webhook endpoint

     Owners and admins only. From now on, every step of the organization's invitations that
    the endpoint wants (`events`, all by default) is posted to `url`, whichever API made the
    step: one JSON document per event, signed as the Standard Webhooks specification says
    (headers `webhook-id`, `webhook-timestamp`, `webhook-signature`; verify them with a
    Standard Webhooks library and `signing_secret`):

    ```json
    {"type": "invitation.accepted", "timestamp": "2026-11-23T10:00:00Z",
     "data": {"invitation_id": "h-…", "organization_id": "o-…", "status": "accepted",
              "target": {"type": "email", "entity": "grace@example.com"},
              "roles": ["member"], "actor_account_id": "7c9e…",
              "created_at": "2026-11-22T09:00:00Z", "expires_at": "2026-12-06T09:00:00Z"}}
    ```

    An event never carries an invitation's token. Events are written with the step they
    report (none is lost), delivered with retries and exponential backoff until the endpoint
    answers 2xx, and, for one invitation, in the order of its steps. `webhook-id` is the same
    on every attempt of an event: deduplicate by it. An organization has at most 10
    endpoints (409 `webhook_limit_exceeded`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookCreated
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
    body: WebhookCreate,
) -> Response[Problem | WebhookCreated]:
    """Register a webhook endpoint

     Owners and admins only. From now on, every step of the organization's invitations that
    the endpoint wants (`events`, all by default) is posted to `url`, whichever API made the
    step: one JSON document per event, signed as the Standard Webhooks specification says
    (headers `webhook-id`, `webhook-timestamp`, `webhook-signature`; verify them with a
    Standard Webhooks library and `signing_secret`):

    ```json
    {"type": "invitation.accepted", "timestamp": "2026-11-23T10:00:00Z",
     "data": {"invitation_id": "h-…", "organization_id": "o-…", "status": "accepted",
              "target": {"type": "email", "entity": "grace@example.com"},
              "roles": ["member"], "actor_account_id": "7c9e…",
              "created_at": "2026-11-22T09:00:00Z", "expires_at": "2026-12-06T09:00:00Z"}}
    ```

    An event never carries an invitation's token. Events are written with the step they
    report (none is lost), delivered with retries and exponential backoff until the endpoint
    answers 2xx, and, for one invitation, in the order of its steps. `webhook-id` is the same
    on every attempt of an event: deduplicate by it. An organization has at most 10
    endpoints (409 `webhook_limit_exceeded`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookCreated]
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
    body: WebhookCreate,
) -> Problem | WebhookCreated | None:
    """Register a webhook endpoint

     Owners and admins only. From now on, every step of the organization's invitations that
    the endpoint wants (`events`, all by default) is posted to `url`, whichever API made the
    step: one JSON document per event, signed as the Standard Webhooks specification says
    (headers `webhook-id`, `webhook-timestamp`, `webhook-signature`; verify them with a
    Standard Webhooks library and `signing_secret`):

    ```json
    {"type": "invitation.accepted", "timestamp": "2026-11-23T10:00:00Z",
     "data": {"invitation_id": "h-…", "organization_id": "o-…", "status": "accepted",
              "target": {"type": "email", "entity": "grace@example.com"},
              "roles": ["member"], "actor_account_id": "7c9e…",
              "created_at": "2026-11-22T09:00:00Z", "expires_at": "2026-12-06T09:00:00Z"}}
    ```

    An event never carries an invitation's token. Events are written with the step they
    report (none is lost), delivered with retries and exponential backoff until the endpoint
    answers 2xx, and, for one invitation, in the order of its steps. `webhook-id` is the same
    on every attempt of an event: deduplicate by it. An organization has at most 10
    endpoints (409 `webhook_limit_exceeded`).

    Args:
        organization_id (str): An organization id, `o-` and 32 characters of `[0-9a-z]`. Example:
            o-2fz8v0t6x4k9m1q3r5s7u9w0y2a4c6e8.
        body (WebhookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookCreated
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
            body=body,
        )
    ).parsed
