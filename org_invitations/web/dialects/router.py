"""Recognize a dialect's request, check its credentials on the bytes as sent, route it to its contract.

Runs before connexion routes anything, so a signature covers the original path, query,
headers and body; an operation its contract marks `security: []` needs no credentials. The
request then continues at `/_dialects/<name>/<its path>`, where the
dialect's contract validates it and its handlers answer. Nothing reaches that prefix any
other way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from connexion.lifecycle import ConnexionResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from org_invitations.signing.request import SignatureError, SignedRequest
from org_invitations.tracing import new_request_id
from org_invitations.web.compiled import in_handler_thread
from org_invitations.web.dialects import CONTEXT_KEY, MOUNT_PREFIX, Dialect, DialectRequest, identified
from org_invitations.web.dialects.credentials import Keyring
from org_invitations.web.operations import AllowedMethods
from org_invitations.web.problems import HttpProblem
from org_invitations.web.validation import read_body, replayed


class DialectRouter:
    def __init__(
        self,
        app: ASGIApp,
        *,
        dialects: Sequence[Dialect],
        native: AllowedMethods,
        keyring: Keyring,
        now: Callable[[], datetime],
        max_body_bytes: int,
        body_read_timeout: float,
    ) -> None:
        self.app = app
        self.dialects = dialects
        self.native = native
        self.keyring = keyring
        self.now = now
        self.max_body_bytes = max_body_bytes
        self.body_read_timeout = body_read_timeout
        self.claimed = {d.name: AllowedMethods.of(d.spec, "") for d in dialects if d.claims_unsigned}
        self.public = {d.name: AllowedMethods.of(d.spec, "", public_only=True) for d in dialects}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(MOUNT_PREFIX):
            raise HTTPException(404)  # only the router routes there
        headers = Headers(scope=scope)
        dialect = self._dialect_of(scope["method"], path, headers)
        if dialect is None:
            await self.app(scope, receive, send)
            return
        request_id = new_request_id()
        if dialect.errors.request_id_header:
            send = _with_header(send, dialect.errors.request_id_header, request_id)
        own_path = dialect.internal_path(path, headers)
        try:
            body = await read_body(receive, max_bytes=self.max_body_bytes, timeout=self.body_read_timeout)
            account_id = (
                None
                if self.public[dialect.name].serves(scope["method"], own_path)
                else await self._authenticate(dialect, scope, headers, body)
            )
        except SignatureError as refused:
            await _send(
                identified(dialect.errors, dialect.errors.signature(refused), request_id),
                scope,
                receive,
                send,
            )
            return
        except HttpProblem as refused:  # a body too large or too slow
            response = dialect.errors.http(refused.status, refused.ext["code"], refused.detail)
            await _send(identified(dialect.errors, response, request_id), scope, receive, send)
            return
        internal = dialect.mount + own_path
        # In place, not a copy: connexion's exception middleware, outside this one, renders
        # refusals from this very scope and must know the dialect.
        scope.update(
            path=internal,
            raw_path=internal.encode(),
            **{CONTEXT_KEY: DialectRequest(dialect, account_id, request_id)},
        )
        await self.app(scope, replayed(body, receive), send)

    def _dialect_of(self, method: str, path: str, headers: Headers) -> Dialect | None:
        recognized = next((d for d in self.dialects if d.recognizes(method, path, headers)), None)
        if recognized is not None or self.native.serves(method, path):
            return recognized
        return next(
            (
                d
                for d in self.dialects
                if d.name in self.claimed and self.claimed[d.name].serves(method, path)
            ),
            None,
        )

    async def _authenticate(self, dialect: Dialect, scope: Scope, headers: Headers, body: bytes) -> str:
        request = SignedRequest(
            method=scope["method"],
            path=(scope.get("raw_path") or scope["path"].encode()).decode("latin-1"),
            query=scope.get("query_string", b"").decode("latin-1"),
            headers={name.lower(): value for name, value in headers.items()},
            body=body,
        )
        now = self.now()
        remembered = dialect.credentials.remembered(request, self.keyring, now)  # a credential proved lately
        if remembered is not None:
            return remembered
        return await in_handler_thread(dialect.credentials.authenticate, request, self.keyring, now)


def _with_header(send: Send, name: str, value: str) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message)[name] = value
        await send(message)

    return sending


async def _send(response: ConnexionResponse, scope: Scope, receive: Receive, send: Send) -> None:
    starlette = Response(
        response.body,
        status_code=response.status_code,
        media_type=response.mimetype,
        headers=response.headers,
    )
    await starlette(scope, receive, send)
