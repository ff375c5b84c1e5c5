"""The published client, used like a real dependency: its wheel in a fresh virtual environment that
has nothing of the server, running the code of its own README against a live server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.databases import fresh_database, throttle_storage
from tests.e2e.conftest import ROOT, running_server

pytestmark = pytest.mark.e2e

CLIENT = ROOT / "generated" / "client"


def readme_code() -> str:
    """Every ```python block of the client's README, in order: the examples build on each other."""
    blocks = re.findall(r"```python\n(.*?)```", (CLIENT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 6, "the README lost its examples"
    return "\n".join(blocks)


def test_readme_examples_run_from_the_installed_wheel(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(CLIENT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("org_invitations_client-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "requirements.lock"),
            str(wheel),
        ],
        check=True,
    )
    isolated = subprocess.run(
        [
            str(python),
            "-c",
            "import org_invitations_client, importlib.util as u; "
            "print(u.find_spec('org_invitations'), u.find_spec('generated'))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert isolated.stdout.strip() == "None None", "the client venv must not see the server"

    script = tmp_path / "readme_examples.py"
    script.write_text(readme_code(), encoding="utf-8")
    with fresh_database(tmp_path / "db") as url, running_server(url, **throttle_storage()) as server:
        run = subprocess.run(
            [str(python), str(script)],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={"ORG_INVITATIONS_URL": f"{server.base_url}/v1", "PATH": str(venv / "bin")},
            timeout=120,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "409 already_in_state already_in_state" in run.stdout
    assert "5 invitations, newest first" in run.stdout
    assert "members: ['Ada Lovelace', 'Grace Hopper']" in run.stdout
