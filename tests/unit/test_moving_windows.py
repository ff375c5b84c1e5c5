"""The in-process throttle counts exactly the last window's hits, per namespace and key, in
constant time per hit, forgets idle keys, and never lets more than the limit through at once."""

from __future__ import annotations

import threading

from limits import RateLimitItemPerDay, RateLimitItemPerMinute

from org_invitations.throttling import MovingWindows

THREE_A_MINUTE = RateLimitItemPerMinute(3)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_holds_over_exactly_the_last_window() -> None:
    clock = Clock()
    windows = MovingWindows(clock)
    for _ in range(3):
        assert windows.hit(THREE_A_MINUTE, "lookups", "client") is None
        clock.now += 10
    assert windows.hit(THREE_A_MINUTE, "lookups", "client") == 30  # the first hit leaves in 30 s
    clock.now += 29.5
    assert windows.hit(THREE_A_MINUTE, "lookups", "client") == 0.5
    clock.now += 0.5
    assert windows.hit(THREE_A_MINUTE, "lookups", "client") is None  # 60 s after the first
    assert windows.hit(THREE_A_MINUTE, "lookups", "client") == 10  # the second leaves next


def test_keys_and_namespaces_are_counted_apart() -> None:
    windows = MovingWindows(Clock())
    for _ in range(3):
        assert windows.hit(THREE_A_MINUTE, "lookups", "a") is None
    assert windows.hit(THREE_A_MINUTE, "lookups", "a") is not None
    assert windows.hit(THREE_A_MINUTE, "lookups", "b") is None
    assert windows.hit(THREE_A_MINUTE, "invitations", "a") is None


def test_a_refused_hit_is_not_counted() -> None:
    clock = Clock()
    windows = MovingWindows(clock)
    for _ in range(3):
        windows.hit(THREE_A_MINUTE, "lookups", "client")
    for _ in range(100):
        assert windows.hit(THREE_A_MINUTE, "lookups", "client") is not None
    clock.now += 60
    after = [windows.hit(THREE_A_MINUTE, "lookups", "client") for _ in range(4)]
    assert after[:3] == [None, None, None] and after[3] is not None  # only the 3 counted had to leave


def test_idle_keys_are_forgotten_as_others_are_hit() -> None:
    clock = Clock()
    windows = MovingWindows(clock)
    for n in range(100):
        windows.hit(THREE_A_MINUTE, "lookups", f"passer-by-{n}")
    windows.hit(RateLimitItemPerDay(10), "invitations", "an-organization")
    clock.now += 61
    for _ in range(60):
        windows.hit(RateLimitItemPerMinute(10**9), "lookups", "regular")
    assert len(windows) == 2  # the regular client, and the organization whose day is not over
    assert windows.hit(THREE_A_MINUTE, "lookups", "passer-by-0") is None  # a fresh window


def test_racing_threads_get_exactly_the_limit() -> None:
    windows = MovingWindows()
    limit = RateLimitItemPerMinute(1_000)
    allowed: list[int] = []
    start = threading.Barrier(8)

    def client() -> None:
        start.wait()
        allowed.append(sum(windows.hit(limit, "lookups", "shared") is None for _ in range(500)))

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 1_000
