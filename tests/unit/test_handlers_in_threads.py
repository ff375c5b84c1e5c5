"""Synchronous handlers run on the event loop's executor, as many at once as the setting says, in
the context of the request that called them; an asynchronous one is awaited as it is."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import threading
from collections.abc import Callable
from typing import Any

import pytest
from starlette.testclient import TestClient

from org_invitations.web.compiled import _in_a_thread, _with_handler_threads, in_handler_thread

REQUEST = contextvars.ContextVar[str]("REQUEST")


def test_a_sync_handler_runs_in_another_thread_with_the_request_context_and_its_arguments() -> None:
    def handler(a: int, *, b: int) -> tuple[str, int, str]:
        return threading.current_thread().name, a + b, REQUEST.get()

    async def served() -> tuple[str, int, str]:
        REQUEST.set("request-1")
        result: tuple[str, int, str] = await _in_a_thread(handler)(1, b=2)
        return result

    thread, total, request = asyncio.run(served())
    assert (total, request) == (3, "request-1")
    assert thread != threading.current_thread().name


def test_a_refusal_raised_in_the_thread_reaches_the_caller() -> None:
    def handler() -> None:
        raise LookupError("not here")

    with pytest.raises(LookupError, match="not here"):
        asyncio.run(_in_a_thread(handler)())


def test_an_async_handler_is_awaited_as_it_is() -> None:
    async def handler() -> str:
        return "awaited"

    assert _in_a_thread(handler) is handler


THREADS = 3


def test_the_apps_lifespan_gives_the_loop_as_many_handler_threads_as_set() -> None:
    entered = threading.Barrier(THREADS, timeout=10)  # passed only when that many run at once
    running, most = 0, 0
    counting = threading.Lock()
    seen: dict[str, Any] = {}

    def lifespan(_app: Any) -> Any:
        class Inner:
            async def __aenter__(self) -> None:
                seen["entered"] = True

            async def __aexit__(self, *_: object) -> None:
                seen["left"] = True

        return Inner()

    def handler() -> str:
        nonlocal running, most
        with counting:
            running += 1
            most = max(most, running)
        try:
            entered.wait()
        finally:
            with counting:
                running -= 1
        return threading.current_thread().name

    async def serve() -> list[str]:
        async with _with_handler_threads(lifespan, THREADS, None)(None):
            return list(await asyncio.gather(*(_in_a_thread(handler)() for _ in range(4 * THREADS))))

    names = asyncio.run(serve())
    assert seen == {"entered": True, "left": True}  # the app's own lifespan still runs
    assert len(set(names)) == THREADS and most == THREADS  # all of them, and never more at once
    assert all(name.startswith("handler") for name in names)


def test_a_lookup_handed_over_runs_on_a_handler_thread_in_the_callers_context() -> None:
    def lookup(key: str) -> tuple[str, str, str]:
        return threading.current_thread().name, REQUEST.get(), key

    async def serve() -> tuple[str, str, str]:
        async with _with_handler_threads(None, THREADS, None)(None):
            REQUEST.set("request-2")
            return await in_handler_thread(lookup, "oik_key")

    name, request, key = asyncio.run(serve())
    assert name.startswith("handler") and (request, key) == ("request-2", "oik_key")


@pytest.mark.parametrize("setting", [None, 2])
def test_the_app_runs_its_handlers_on_as_many_threads_as_the_setting_says(
    app_factory: Callable[..., Any], setting: int | None
) -> None:
    app = app_factory() if setting is None else app_factory(handler_threads=setting)
    with TestClient(app) as client:
        assert client.portal is not None
        executor = client.portal.call(_default_executor)
    assert executor._max_workers == (setting or 4)
    assert executor._thread_name_prefix == "handler"


async def _default_executor() -> Any:
    return asyncio.get_running_loop()._default_executor  # type: ignore[attr-defined]


def test_each_handler_thread_asks_to_keep_its_connections_and_they_are_released_at_the_end() -> None:
    class Recorded:
        def __init__(self) -> None:
            self.keeping: set[str] = set()
            self.released_after: set[str] | None = None

        def keep_connections_in_this_thread(self) -> None:
            self.keeping.add(threading.current_thread().name)

        def release_kept_connections(self) -> None:
            self.released_after = set(self.keeping)

    recorded = Recorded()
    entered = threading.Barrier(THREADS, timeout=10)

    def handler() -> str:
        entered.wait()
        return threading.current_thread().name

    async def serve() -> set[str]:
        async with _with_handler_threads(None, THREADS, recorded)(None):
            names = set(await asyncio.gather(*(in_handler_thread(handler) for _ in range(THREADS))))
            assert recorded.released_after is None  # not while serving
            return names

    names = asyncio.run(serve())
    assert recorded.keeping == names and len(names) == THREADS  # every handler thread, as it started
    assert recorded.released_after == names  # and all given back when the lifespan ended


def test_what_startup_made_is_left_out_of_garbage_collections_while_the_app_runs() -> None:
    class Made:
        """Stands for what an app makes as it starts (its spec, models, validators)."""

    def lifespan(_app: Any) -> Any:
        class Starting:
            async def __aenter__(self) -> None:
                seen["made"] = Made()

            async def __aexit__(self, *_: object) -> None:
                pass

        return Starting()

    seen: dict[str, Made] = {}

    def collected() -> bool:
        return any(each is seen["made"] for each in gc.get_objects())  # in the collector's generations

    async def serve() -> tuple[bool, int]:
        async with _with_handler_threads(lifespan, THREADS, None)(None):
            return collected(), gc.get_freeze_count()

    try:
        while_serving, frozen = asyncio.run(serve())
        assert not while_serving and frozen > 0
        assert collected() and gc.get_freeze_count() == 0  # collectable again once the app has stopped
    finally:
        gc.unfreeze()
