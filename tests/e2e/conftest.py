"""A real uvicorn process on a free loopback port, over a file-backed SQLite database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from org_invitations.secret_box import new_server_key
from org_invitations.settings import METRICS_FOLDER
from tests.databases import fresh_database, throttle_storage

ROOT = Path(__file__).resolve().parents[2]
SERVER_KEY = new_server_key()


@dataclass(frozen=True)
class Server:
    base_url: str
    database_url: str


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(database_url: str, **settings: str) -> dict[str, str]:
    """This process's environment with the settings as ORG_INVITATIONS_* variables."""
    env = {**os.environ, "ORG_INVITATIONS_DATABASE_URL": database_url}
    # One server key for every process of the run (they may share a database), none written to var/.
    env.setdefault("ORG_INVITATIONS_SERVER_KEY", SERVER_KEY)
    env.update({f"ORG_INVITATIONS_{name.upper()}": value for name, value in settings.items()})
    return env


@contextmanager
def running_server(
    database_url: str,
    *,
    log_level: str = "warning",
    log_file: Path | str | None = None,
    python: Path | str = sys.executable,
    cwd: Path | str = ROOT,
    workers: int | str = 1,
    metrics_folder: Path | str | None = None,
    **settings: str,
) -> Iterator[Server]:
    """`org-invitations serve` in a process of its own; settings as ORG_INVITATIONS_* variables.

    `log_file` collects what the server logs (its stderr and stdout); `python` and `cwd`
    run another installation of the server (a wheel installed elsewhere); `workers` runs it
    as that many processes, their metrics meeting in `metrics_folder` when given.
    """
    port = free_port()
    # Emails as files in a folder of the test's, never under the checkout's var/.
    outbox = tempfile.mkdtemp(prefix="org-invitations-outbox-")
    env = environment(database_url, **({"email_directory": outbox} | settings))
    if metrics_folder:
        env[METRICS_FOLDER] = str(metrics_folder)
    log = Path(log_file).open("w") if log_file else None  # noqa: SIM115 (closed when the server stops)
    options = ["--port", str(port), "--log-level", log_level, "--workers", str(workers)]
    process = subprocess.Popen(
        [str(python), "-m", "org_invitations.cli", "serve", *options],
        env=env,
        cwd=cwd,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start")
            time.sleep(0.1)
        yield Server(base, database_url)
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(outbox, ignore_errors=True)
        if log:
            log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("e2e")
    with fresh_database(folder / "var") as url, running_server(url, **throttle_storage()) as running:
        yield running
