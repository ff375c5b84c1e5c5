"""`make bench`: our app and its peers, served in turn by the same uvicorn over copies of the same
database, loaded by wrk, rounds interleaved; requests/s, p50 and p99 per operation, with ratios.

The server runs pinned to core 0 (one worker), wrk to core 1 (one thread, 32 connections), both
on loopback. Before each app's round its database is a fresh copy of the same pristine file, so
writes (create, accept) find the same pending invitations for every app. Every app's bodies are
compared once with ours; a run that answers anything but 2xx is reported, not counted as speed.
"""

from __future__ import annotations

import argparse
import base64
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from bench.data import build
from bench.signing import lines_of
from org_invitations.storage.engine import make_engine

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "bench" / "var"
LUA = ROOT / "bench" / "lines.lua"
BIN = Path(sys.executable).parent
PORT = 18_765

APPS = {
    "ours": "org_invitations.cli:worker_app",
    "fastapi": "bench.peers.fastapi_peer:app",
    "starlette": "bench.peers.starlette_peer:app",
    "floor": "bench.peers.floor_peer:app",
}
DIALECT_OPERATIONS = ("aws_describe_handshake", "huawei_show_handshake", "elastic_get_by_token")
OPERATIONS = ("get_by_id", "get_by_token", "list_page", "create", "accept", *DIALECT_OPERATIONS)
LARGE_OPERATIONS = ("list_large_first_page", "list_deep_page")  # with --large
READS = ("get_by_id", "get_by_token", "list_page", *LARGE_OPERATIONS, *DIALECT_OPERATIONS)
SERVED_BY = {
    "floor": {"get_by_id", "get_by_token", "list_page", *LARGE_OPERATIONS},  # the floor only reads
    "starlette": set(OPERATIONS) - set(DIALECT_OPERATIONS) | set(LARGE_OPERATIONS),  # no dialects
}
HOST = f"127.0.0.1:{PORT}"  # what a signature covers, as wrk and httpx send it


@dataclass(frozen=True)
class Measure:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # non-2xx answers and socket errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench", description=__doc__)
    parser.add_argument(
        "--size", type=int, default=1, help="data size (1: 2,000 accounts, ~14,000 invitations)"
    )
    parser.add_argument("--seconds", type=int, default=8, help="each measurement's duration")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, apps interleaved; medians reported")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--large",
        action="store_true",
        help="add an organization of 1,000,000 invitations and page 10,001 of it",
    )
    parser.add_argument("--apps", default=",".join(APPS), help="which apps, comma-separated")
    parser.add_argument(
        "--operations", default=None, help="which operations, comma-separated (default: all of them)"
    )
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite (a file under bench/var), or a PostgreSQL URL whose server may create databases",
    )
    parser.add_argument(
        "--memory-seconds",
        type=int,
        default=60,
        help="then load our app this long (GET by id) and report its resident memory (0: skip)",
    )
    parser.add_argument("--results", type=Path, default=None, help="write the table to this Markdown file")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("make bench needs wrk: apt-get install wrk", file=sys.stderr)
        return 2
    apps = [name for name in args.apps.split(",") if name]
    VAR.mkdir(parents=True, exist_ok=True)
    server_key = os.urandom(32)
    store = store_for(args.database)
    started = time.monotonic()
    engine = make_engine(store.pristine_url())
    fixtures = build(engine, server_key, args.size, large=args.large)
    engine.dispose()
    print(f"data built in {time.monotonic() - started:.1f} s", file=sys.stderr)
    operations: tuple[str, ...] = (*OPERATIONS, *LARGE_OPERATIONS) if args.large else OPERATIONS
    if args.operations:
        operations = tuple(op for op in operations if op in args.operations.split(","))
    reads = [op for op in READS if op in operations]
    results: dict[tuple[str, str], list[Measure]] = defaultdict(list)
    bodies: dict[str, dict[str, bytes]] = defaultdict(dict)
    for round_number in range(args.rounds):
        order = apps[round_number % len(apps) :] + apps[: round_number % len(apps)]
        for app in order:
            with _served(app, store.fresh_copy(app), server_key) as base:
                served = [op for op in operations if op in SERVED_BY.get(app, operations)]
                if round_number == 0:
                    for op in reads:
                        if op in served:
                            bodies[op][app] = _body(base, lines_of(fixtures, op, HOST)[0])
                for op in served:
                    lines = _lines_file(op, lines_of(fixtures, op, HOST))  # signed now, where signed
                    results[app, op].append(_wrk(base, lines, args.seconds, args.connections))
                    print(f"round {round_number + 1} {app} {op}: {results[app, op][-1]}", file=sys.stderr)
    memory = (
        _memory_under_load(
            store.fresh_copy("ours"), server_key, _lines_file("get_by_id", fixtures.get_by_id), args
        )
        if args.memory_seconds and "ours" in apps
        else None
    )
    store.drop_copies()
    same = {op: all(body == bodies[op].get("ours") for body in bodies[op].values()) for op in reads}
    table = _table(apps, operations, results, same, args, store.name) + (memory or "")
    print(table)
    if args.results:
        args.results.write_text(table)
    return 0


def _lines_file(op: str, lines: list[str]) -> Path:
    path = VAR / f"{op}.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


class _SQLiteStore:
    """Copies of one pristine SQLite file under bench/var."""

    name = "SQLite"

    def __init__(self) -> None:
        self.pristine = VAR / "pristine.sqlite3"
        for leftover in VAR.glob("*.sqlite3*"):
            leftover.unlink()

    def pristine_url(self) -> str:
        return f"sqlite:///{self.pristine}"

    def fresh_copy(self, app: str) -> str:
        target = VAR / f"{app}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.pristine, target)
        return f"sqlite:///{target}"

    def drop_copies(self) -> None:
        """Kept: bench/var is the harness's scratch folder, cleared at the next run."""


class _PostgresStore:
    """Databases made by PostgreSQL from a pristine one (CREATE DATABASE … TEMPLATE), on the
    server of the given URL, whose own database is used only to create and drop them."""

    name = "PostgreSQL"
    PRISTINE = "bench_pristine"

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self._copies: set[str] = set()
        self._run(f"DROP DATABASE IF EXISTS {self.PRISTINE}", f"CREATE DATABASE {self.PRISTINE}")

    def pristine_url(self) -> str:
        return self.url.set(database=self.PRISTINE).render_as_string(hide_password=False)

    def fresh_copy(self, app: str) -> str:
        name = f"bench_{app}"
        self._run(f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name} TEMPLATE {self.PRISTINE}")
        self._copies.add(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_copies(self) -> None:
        # FORCE: an app measured in process (bench.cpu) may still hold pooled connections.
        self._run(*(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in sorted(self._copies)))
        self._run(f"DROP DATABASE IF EXISTS {self.PRISTINE}")

    def _run(self, *statements: str) -> None:
        engine = create_engine(self.url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)
        engine.dispose()


def store_for(database: str) -> _SQLiteStore | _PostgresStore:
    return _SQLiteStore() if database == "sqlite" else _PostgresStore(database)


class _served:
    """One app under uvicorn on core 0, until the block ends."""

    def __init__(self, app: str, database_url: str, server_key: bytes) -> None:
        self.app, self.database_url, self.server_key = app, database_url, server_key

    def __enter__(self) -> str:
        env = {
            **os.environ,
            "ORG_INVITATIONS_DATABASE_URL": self.database_url,
            "ORG_INVITATIONS_SERVER_KEY": base64.b64encode(self.server_key).decode(),
            "ORG_INVITATIONS_MIGRATE_ON_START": "false",
            "ORG_INVITATIONS_DELIVER_IN_SERVER": "false",
            "ORG_INVITATIONS_PURGE_INTERVAL_SECONDS": "0",
            "ORG_INVITATIONS_INVITATIONS_PER_ORG_PER_DAY": "1000000000",
            "ORG_INVITATIONS_TOKEN_LOOKUPS_PER_CLIENT_PER_MINUTE": "1000000000",
            "ORG_INVITATIONS_EMAIL_DIRECTORY": str(VAR / "outbox"),
            "PYTHONPATH": str(ROOT),
        }
        self.log = (VAR / f"{self.app}.log").open("w")
        command = ["taskset", "-c", "0", str(BIN / "uvicorn"), "--factory", APPS[self.app]]
        command += ["--host", "127.0.0.1", "--port", str(PORT), "--no-access-log", "--log-level", "warning"]
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self.log, stderr=self.log)
        base = f"http://127.0.0.1:{PORT}"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/v1/organizations/invitations/oit_warming-up", timeout=2)
                return base
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{self.app} did not start: see {VAR / (self.app + '.log')}") from None
                time.sleep(0.2)

    def __exit__(self, *_: object) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def _body(base: str, line: str) -> bytes:
    method, target, body, *headers = line.split("\t")
    answer = httpx.request(
        method,
        base + target,
        content=None if body == "-" else body.encode(),
        headers=dict(header.split(": ", 1) for header in headers),
    )
    return answer.content if answer.status_code == 200 else f"HTTP {answer.status_code}".encode()


def _memory_under_load(database_url: str, server_key: bytes, lines: Path, args: argparse.Namespace) -> str:
    """Our app's resident memory while it answers GET by id for `--memory-seconds`, sampled every
    5 s after a 5 s warm-up (interpreter, caches and pools settle in it)."""
    served = _served("ours", database_url, server_key)
    with served as base:
        pid = served.process.pid
        _wrk(base, lines, 5, args.connections)
        samples = [_rss_mib(pid)]
        for _ in range(max(1, args.memory_seconds // 5)):
            _wrk(base, lines, 5, args.connections)
            samples.append(_rss_mib(pid))
    growth = max(samples) / samples[0] - 1
    return (
        f"\nResident memory of ours over {args.memory_seconds} s of GET by id at {args.connections} connections, "
        f"every 5 s after a 5 s warm-up (MiB): {', '.join(f'{m:.1f}' for m in samples)}; "
        f"highest {growth:+.1%} over the first.\n"
    )


def _rss_mib(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024  # type: ignore[index]


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _wrk(base: str, lines: Path, seconds: int, connections: int) -> Measure:
    command = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(LUA), base, "--", str(lines), "1"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])  # type: ignore[index]
    latencies = {p: float(v) * UNIT_MS[u] for p, v, u in LATENCY.findall(output)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx[1]) if non_2xx else 0) + (sum(int(n) for n in socket.groups()) if socket else 0)
    return Measure(rps, latencies.get("50", 0.0), latencies.get("99", 0.0), errors)


def _table(
    apps: list[str],
    operations: tuple[str, ...],
    results: dict[tuple[str, str], list[Measure]],
    same: dict[str, bool],
    args: argparse.Namespace,
    database: str,
) -> str:
    lines = [
        f"`make bench` (size {args.size}, {args.rounds} rounds of {args.seconds} s, {args.connections} connections, {database}): "
        "requests/s (p50 / p99 ms), medians of the rounds; ratios are ours over each peer.",
        "",
        "| operation | "
        + " | ".join(apps)
        + " | "
        + " | ".join(f"ours/{a}" for a in apps if a != "ours")
        + " | same bodies | errors |",
        "|---" * (len(apps) * 2 + 2) + "|",
    ]
    for op in operations:
        medians: dict[str, Measure] = {}
        for app in apps:
            runs = results.get((app, op))
            if runs:
                medians[app] = Measure(
                    statistics.median(m.rps for m in runs),
                    statistics.median(m.p50_ms for m in runs),
                    statistics.median(m.p99_ms for m in runs),
                    sum(m.errors for m in runs),
                )
        cells = [
            f"{medians[a].rps:,.0f} ({medians[a].p50_ms:.1f} / {medians[a].p99_ms:.1f})"
            if a in medians
            else "—"
            for a in apps
        ]
        ours = medians.get("ours")
        ratios = [
            f"{ours.rps / medians[a].rps:.2f}" if ours and a in medians and medians[a].rps else "—"
            for a in apps
            if a != "ours"
        ]
        sameness = ("yes" if same[op] else "**no**") if op in same else "—"
        errors = sum(m.errors for m in medians.values())
        lines.append(
            f"| {op} | " + " | ".join(cells) + " | " + " | ".join(ratios) + f" | {sameness} | {errors} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
