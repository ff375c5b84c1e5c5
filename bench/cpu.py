"""CPU per request of one app, in process: its ASGI callable driven one request at a time.

For profiling between `make bench` runs: no sockets, no load generator, so what it reports is the
app's own work (event loop and worker threads together, as `time.process_time` counts them), best
of three passes, with far less noise than requests/s on a shared machine; and the event loop's
part of it (`time.thread_time`), the part that the handler threads do not share.

    .venv/bin/python -m bench.cpu ours get_by_id [--requests 1500] [--profile out.pstats]
        [--database postgresql+psycopg://postgres@127.0.0.1:5432/test]

`--profile` writes a cProfile of the event loop's side (worker threads are not profiled).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import cProfile
import importlib
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.data import build
from bench.run import APPS, HOST, OPERATIONS, VAR, store_for
from bench.signing import lines_of
from org_invitations.storage.engine import make_engine

Message = dict[str, Any]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu", description=__doc__)
    parser.add_argument("app", choices=sorted(APPS))
    parser.add_argument("operation", choices=OPERATIONS)
    parser.add_argument("--requests", type=int, default=1500, help="requests per pass (three passes)")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument(
        "--database", default="sqlite", help="sqlite (default) or a PostgreSQL URL, as make bench takes"
    )
    args = parser.parse_args(argv)
    VAR.mkdir(parents=True, exist_ok=True)
    store = store_for(args.database)
    server_key = os.urandom(32)
    engine = make_engine(store.pristine_url())
    lines = lines_of(build(engine, server_key), args.operation, HOST)
    engine.dispose()
    database_url = store.fresh_copy("cpu")
    os.environ.update(
        ORG_INVITATIONS_DATABASE_URL=database_url,
        ORG_INVITATIONS_SERVER_KEY=base64.b64encode(server_key).decode(),
        ORG_INVITATIONS_MIGRATE_ON_START="false",
        ORG_INVITATIONS_DELIVER_IN_SERVER="false",
        ORG_INVITATIONS_PURGE_INTERVAL_SECONDS="0",
        ORG_INVITATIONS_INVITATIONS_PER_ORG_PER_DAY="1000000000",
        ORG_INVITATIONS_TOKEN_LOOKUPS_PER_CLIENT_PER_MINUTE="1000000000",
        ORG_INVITATIONS_EMAIL_DIRECTORY=str(VAR / "outbox"),
    )
    module, _, factory = APPS[args.app].partition(":")
    app = getattr(importlib.import_module(module), factory)()
    try:
        microseconds, on_loop, statuses = asyncio.run(_measure(app, lines, args.requests, args.profile))
    finally:
        store.drop_copies()
    print(
        f"{args.app} {args.operation}: {microseconds:,.0f} us of CPU per request (best of 3),"
        f" {on_loop:,.0f} of them on the event loop; {dict(statuses)}"
    )
    return 0


async def _measure(
    app: Any, lines: list[str], requests: int, profile: Path | None
) -> tuple[float, float, Counter[int]]:
    startup: asyncio.Queue[Message] = asyncio.Queue()
    started: asyncio.Queue[Message] = asyncio.Queue()
    await startup.put({"type": "lifespan.startup"})
    lifespan = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, startup.get, started.put)
    )
    await started.get()
    statuses: Counter[int] = Counter()
    for line in lines[:50]:  # warm: caches, pools, the first compile of every statement
        await _request(app, line, Counter())
    profiler = cProfile.Profile() if profile else None
    best, on_loop = float("inf"), 0.0
    for sweep in range(3):
        if profiler:
            profiler.enable()
        began = time.process_time()
        loop_began = time.thread_time()
        for n in range(requests):
            # Each pass takes lines of its own: a write repeated would measure its refusal instead.
            await _request(app, lines[(50 + sweep * requests + n) % len(lines)], statuses)
        if time.process_time() - began < best:
            best = time.process_time() - began
            on_loop = time.thread_time() - loop_began
        if profiler:
            profiler.disable()
    if profiler and profile:
        profiler.dump_stats(profile)
    lifespan.cancel()
    return best / requests * 1e6, on_loop / requests * 1e6, statuses


async def _request(app: Any, line: str, statuses: Counter[int]) -> None:
    method, target, body, *header_lines = line.split("\t")
    path, _, query = target.partition("?")
    content = b"" if body == "-" else body.encode()
    headers = [
        (name.lower().encode(), value.encode()) for name, value in (h.split(": ", 1) for h in header_lines)
    ]
    if not any(name == b"host" for name, _ in headers):
        headers.insert(0, (b"host", HOST.encode()))
    if content:
        headers.append((b"content-length", str(len(content)).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    messages = [{"type": "http.request", "body": content, "more_body": False}]

    async def receive() -> Message:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # the client stays connected
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses[message["status"]] += 1

    await app(scope, receive, send)


if __name__ == "__main__":
    sys.exit(main())
