"""The server's wheel installs one package, org_invitations, and serves from it alone."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.databases import fresh_database, throttle_storage
from tests.e2e.conftest import ROOT, running_server

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("org_invitations-*.whl"))


def test_the_wheel_installs_nothing_but_org_invitations(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")} == {
        "org_invitations"
    }
    for packaged in (
        "org_invitations/generated/openapi.yaml",
        "org_invitations/generated/ops.yaml",
        "org_invitations/generated/models/__init__.py",
        "org_invitations/handlers/invitations.py",
        "org_invitations/storage/migrations/versions/0001_initial_schema.py",
        "org_invitations/storage/migrations/script.py.mako",
        "org_invitations/mail/templates/invitation.html",
        "org_invitations/web/templates/invitation.html",
    ):
        assert packaged in names
    assert not [name for name in names if name.startswith("org_invitations/generated/client/")]


def test_the_installed_wheel_serves_on_its_own(wheel: Path, tmp_path: Path) -> None:
    """A venv with the wheel and the pinned dependencies, without the repository on its path."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # The dependencies, borrowed from the test environment: a path entry, whose own .pth files
    # (the editable install of this repository among them) are not run.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
    )
    found = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.util as u, org_invitations; "
            "print(org_invitations.__file__, u.find_spec('handlers'), u.find_spec('generated'))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.split()
    assert found == [str(site / "org_invitations" / "__init__.py"), "None", "None"]

    with (
        fresh_database(tmp_path / "db") as url,
        running_server(url, python=python, cwd=tmp_path, **throttle_storage()) as server,
    ):
        assert httpx.get(f"{server.base_url}/v1/openapi.json").json()["info"]["title"] == "org-invitations"
        created = httpx.post(f"{server.base_url}/v1/accounts", json={"name": "Ada"})
        assert created.status_code == 201, created.text
        # The page's templates travel in the wheel: an unknown link is the page that says so.
        page = httpx.get(f"{server.base_url}/invitations/oit_unknown")
        assert page.status_code == 404 and "Invitation not found" in page.text
