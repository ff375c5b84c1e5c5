"""The operator commands: migrate and purge against the configured database; every failure one line."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import inspect

from org_invitations.bootstrap import Services
from org_invitations.cli import _printable_url, main
from org_invitations.domain.model import Role
from org_invitations.secret_box import new_server_key
from org_invitations.services.invitations import InvitationRequest
from org_invitations.settings import Settings, listening_url
from org_invitations.storage.engine import make_engine

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-Passw0rd"


def test_migrate_then_purge_on_the_configured_database(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ORG_INVITATIONS_DATABASE_URL", database_url)
    monkeypatch.setenv("ORG_INVITATIONS_SERVER_KEY_FILE", str(tmp_path / "server.key"))
    assert main(["migrate"]) == 0
    engine = make_engine(database_url)
    assert "invitations" in inspect(engine).get_table_names()
    engine.dispose()
    assert main(["purge"]) == 0
    output = capsys.readouterr().out
    assert "database at head" in output
    assert "purged 0 invitations" in output


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_cli(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    clean = {name: value for name, value in os.environ.items() if not name.startswith("ORG_INVITATIONS_")}
    # A server key of its own unless the test sets one, so no key file is made under the repository.
    key = {"ORG_INVITATIONS_SERVER_KEY": new_server_key()}
    return subprocess.run(
        [sys.executable, "-m", "org_invitations.cli", *args],
        env={**clean, **key, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# Each: the environment that makes the command fail, and a word its one line must contain.
Breakage = Callable[[Path], tuple[dict[str, str], str]]
BREAKAGES: dict[str, Breakage] = {
    "unknown dialect": lambda _: ({"ORG_INVITATIONS_DATABASE_URL": "nosuch://x"}, "cannot open the database"),
    "not a url": lambda _: ({"ORG_INVITATIONS_DATABASE_URL": "no url at all"}, "cannot open the database"),
    "postgresql on a closed port": lambda _: (
        {"ORG_INVITATIONS_DATABASE_URL": f"postgresql+psycopg://app:{SECRET}@127.0.0.1:{closed_port()}/db"},
        "cannot open the database",
    ),
    # A folder that cannot be made: its parent is a file (unwritable even for root).
    "sqlite under a file": lambda tmp: (
        {"ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{tmp / 'a-file' / 'db.sqlite3'}"},
        "cannot open the database",
    ),
    "pool size not a number": lambda tmp: (
        {
            "ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "ORG_INVITATIONS_DATABASE_POOL_SIZE": "abc",
        },
        "ORG_INVITATIONS_DATABASE_POOL_SIZE",
    ),
}


@pytest.mark.parametrize("command", ["migrate", "purge", "serve"])
@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_failing_command_says_why_in_one_line(command: str, breakage: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    env, reason = BREAKAGES[breakage](tmp_path)
    args = [command, "--port", str(closed_port())] if command == "serve" else [command]
    finished = run_cli(*args, env=env)
    assert finished.returncode != 0
    assert len(finished.stderr.splitlines()) == 1, f"not one line:\n{finished.stderr}"
    assert finished.stderr.startswith("org-invitations: error: ")
    assert reason in finished.stderr
    assert "Traceback" not in finished.stderr
    assert SECRET not in finished.stderr + finished.stdout


@pytest.mark.parametrize("args", [["serve", "--port", "x"], ["serve", "--log-level", "loud"], ["nosuch"], []])
def test_a_wrong_command_line_is_one_line_too(args: list[str]) -> None:
    finished = run_cli(*args, env={})
    assert finished.returncode == 2
    assert len(finished.stderr.splitlines()) == 1, f"not one line:\n{finished.stderr}"
    assert finished.stderr.startswith("org-invitations")
    assert "error: " in finished.stderr


def key_file(tmp: Path, content: str, mode: int) -> dict[str, str]:
    path = tmp / "var" / "server.key"
    path.parent.mkdir(exist_ok=True)
    path.write_text(content)
    path.chmod(mode)
    return {"ORG_INVITATIONS_SERVER_KEY": "", "ORG_INVITATIONS_SERVER_KEY_FILE": str(path)}


NOT_A_KEY = "s3cr3t-but-not-base64"
# Each: the server key settings that make a start fail, and a phrase its one line must contain.
KEY_BREAKAGES: dict[str, Callable[[Path], tuple[dict[str, str], str]]] = {
    "key file readable by the group": lambda tmp: (
        key_file(tmp, new_server_key(), 0o640),
        "is accessible by group or others (mode 0640); run: chmod 600 ",
    ),
    "key file readable by all": lambda tmp: (
        key_file(tmp, new_server_key(), 0o644),
        "is accessible by group or others (mode 0644)",
    ),
    "key file not a key": lambda tmp: (key_file(tmp, NOT_A_KEY, 0o600), "is not the base64 of 32 bytes"),
    "key file of 16 bytes": lambda tmp: (
        key_file(tmp, base64.b64encode(bytes(16)).decode(), 0o600),
        "is not the base64 of 32 bytes",
    ),
    "key file under a file": lambda tmp: (
        {
            "ORG_INVITATIONS_SERVER_KEY": "",
            "ORG_INVITATIONS_SERVER_KEY_FILE": str(tmp / "a-file" / "server.key"),
        },
        "a-file/server.key: Not a directory",
    ),
    "key setting not a key": lambda _: (
        {"ORG_INVITATIONS_SERVER_KEY": NOT_A_KEY},
        "ORG_INVITATIONS_SERVER_KEY is not the base64 of 32 bytes",
    ),
}


@pytest.mark.parametrize("command", ["serve", "purge"])
@pytest.mark.parametrize("breakage", list(KEY_BREAKAGES))
def test_an_unusable_server_key_stops_the_start_in_one_line(
    command: str, breakage: str, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    env, reason = KEY_BREAKAGES[breakage](tmp_path)
    database = tmp_path / "db.sqlite3"
    args = [command, "--port", str(closed_port())] if command == "serve" else [command]
    finished = run_cli(*args, env={**env, "ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{database}"})
    assert finished.returncode == 1
    assert len(finished.stderr.splitlines()) == 1, f"not one line:\n{finished.stderr}"
    assert finished.stderr.startswith("org-invitations: error: unusable server key: ")
    assert reason in finished.stderr
    assert NOT_A_KEY not in finished.stderr + finished.stdout
    assert not database.exists()  # stopped before the database was opened, let alone migrated


def test_serve_on_a_taken_port_says_so_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {"ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
        finished = run_cli("serve", "--port", str(port), env=env)
    assert finished.returncode != 0
    assert (
        finished.stderr
        == f"org-invitations: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_migrate_shows_the_database_without_its_password() -> None:
    shown = _printable_url(f"postgresql+psycopg://app:{SECRET}@db.internal:5432/invitations")
    assert shown == "postgresql+psycopg://app:***@db.internal:5432/invitations"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:9000"),
        ("0.0.0.0", "http://127.0.0.1:9000"),
        ("::", "http://localhost:9000"),
        ("::1", "http://[::1]:9000"),
        ("localhost", "http://localhost:9000"),
        ("invitations.internal", "http://invitations.internal:9000"),
    ],
)
def test_links_follow_the_served_address(host: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ORG_INVITATIONS_PUBLIC_BASE_URL", raising=False)
    assert listening_url(host, 9000) == expected
    assert Settings().served_at(host, 9000).public_base_url == expected


def test_a_set_public_base_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ORG_INVITATIONS_PUBLIC_BASE_URL", "https://invitations.example.com")
    assert Settings().served_at("0.0.0.0", 9000).public_base_url == "https://invitations.example.com"
    monkeypatch.setenv("ORG_INVITATIONS_PUBLIC_BASE_URL", "")  # set but empty: as if unset
    assert Settings().served_at("0.0.0.0", 9000).public_base_url == "http://127.0.0.1:9000"


@pytest.mark.e2e
def test_a_server_start_prints_no_warning(tmp_path: Path) -> None:
    """Python prints every UserWarning (StarletteDeprecationWarning is one) to stderr: none at a start."""
    port = closed_port()
    clean = {name: value for name, value in os.environ.items() if not name.startswith("ORG_INVITATIONS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "org_invitations.cli", "serve", "--port", str(port)],
        env={
            **clean,
            "ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "ORG_INVITATIONS_SERVER_KEY_FILE": str(tmp_path / "server.key"),
        },
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    warnings = [line for line in stderr.splitlines() if "Warning" in line]
    # StarletteDeprecationWarning, if it comes back: connexion imports starlette.testclient, which
    # (starlette >= 1.2) warns at import unless httpx2 is installed next to httpx.
    assert not warnings, "the server warns at start:\n" + stderr


def test_migrate_check_says_whether_the_database_needs_migrating(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ORG_INVITATIONS_DATABASE_URL", database_url)
    monkeypatch.setenv("ORG_INVITATIONS_SERVER_KEY_FILE", str(tmp_path / "server.key"))
    assert main(["migrate", "--check"]) == 3  # a new database: nothing migrated yet
    assert "no revision" in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert main(["migrate", "--check"]) == 0
    assert "database at head" in capsys.readouterr().out


def test_stats_counts_invitations_by_state_and_the_outbox(
    services: Services,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    settings: Settings,
) -> None:
    owner = services.accounts.create("Ada", None).account.id
    organization = services.organizations.create(owner, "Counted").id
    for email in ("a@example.com", "b@example.com"):
        request = InvitationRequest(
            "email", email, frozenset({Role.MEMBER}), None, None, None, timedelta(days=30)
        )
        issued = services.invitations.create(owner, organization, request)
    services.invitations.cancel(owner, issued.invitation.id)
    monkeypatch.setenv("ORG_INVITATIONS_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("ORG_INVITATIONS_SERVER_KEY_FILE", str(settings.server_key_file))

    assert main(["stats", "--json"]) == 0
    counted = json.loads(capsys.readouterr().out)
    assert counted["invitations"] == {
        "pending": 1,
        "accepted": 0,
        "declined": 0,
        "cancelled": 1,
        "expired": 0,
    }
    assert counted["outbox"]["pending"] == 2 and counted["oldest_pending_seconds"] >= 0
    assert main(["stats"]) == 0
    assert "invitations: pending 1" in capsys.readouterr().out
