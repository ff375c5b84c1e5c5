from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    access_key_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/accounts/me/access-keys/{access_key_id}".format(
            access_key_id=quote(str(access_key_id), safe=""),
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
    access_key_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Delete an access key

     Deletes one of the calling account's permanent access keys: requests signed with it are refused from
    then on. Another account's key, an unknown key and a temporary key (it expires with its security
    token) are all 404 `access_key_not_found`.

    Args:
        access_key_id (str): An access key id: 20 characters of `[0-9A-Z]`, `OIAK` and 16 more for
            a permanent key, `OIAS` and 16 more for a temporary one (issued with a security token). It
            fits what the AWS SDKs (16 to 128 word characters) and the Huawei Cloud SDKs expect of an
            access key id. Example: OIAKV7Q2M9X4L1P8R3T6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        access_key_id=access_key_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    access_key_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Delete an access key

     Deletes one of the calling account's permanent access keys: requests signed with it are refused from
    then on. Another account's key, an unknown key and a temporary key (it expires with its security
    token) are all 404 `access_key_not_found`.

    Args:
        access_key_id (str): An access key id: 20 characters of `[0-9A-Z]`, `OIAK` and 16 more for
            a permanent key, `OIAS` and 16 more for a temporary one (issued with a security token). It
            fits what the AWS SDKs (16 to 128 word characters) and the Huawei Cloud SDKs expect of an
            access key id. Example: OIAKV7Q2M9X4L1P8R3T6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        access_key_id=access_key_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    access_key_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | Problem]:
    """Delete an access key

     Deletes one of the calling account's permanent access keys: requests signed with it are refused from
    then on. Another account's key, an unknown key and a temporary key (it expires with its security
    token) are all 404 `access_key_not_found`.

    Args:
        access_key_id (str): An access key id: 20 characters of `[0-9A-Z]`, `OIAK` and 16 more for
            a permanent key, `OIAS` and 16 more for a temporary one (issued with a security token). It
            fits what the AWS SDKs (16 to 128 word characters) and the Huawei Cloud SDKs expect of an
            access key id. Example: OIAKV7Q2M9X4L1P8R3T6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        access_key_id=access_key_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    access_key_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | Problem | None:
    """Delete an access key

     Deletes one of the calling account's permanent access keys: requests signed with it are refused from
    then on. Another account's key, an unknown key and a temporary key (it expires with its security
    token) are all 404 `access_key_not_found`.

    Args:
        access_key_id (str): An access key id: 20 characters of `[0-9A-Z]`, `OIAK` and 16 more for
            a permanent key, `OIAS` and 16 more for a temporary one (issued with a security token). It
            fits what the AWS SDKs (16 to 128 word characters) and the Huawei Cloud SDKs expect of an
            access key id. Example: OIAKV7Q2M9X4L1P8R3T6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            access_key_id=access_key_id,
            client=client,
        )
    ).parsed
