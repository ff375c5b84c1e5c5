"""The README's vendor-SDK examples (```python dialect blocks, in order, as one script) run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, Server

pytestmark = pytest.mark.e2e


def dialect_examples() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python dialect\n(.*?)^```", readme, flags=re.M | re.S)
    assert len(blocks) == 2, "one example per dialect"
    return "\n".join(blocks)


def test_the_readme_runs_both_sdks_against_a_live_server(server: Server, tmp_path: Path) -> None:
    script = tmp_path / "dialects.py"
    script.write_text(dialect_examples(), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        env={**os.environ, "ORG_INVITATIONS_URL": server.base_url},
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == ["aws: ACCEPTED", "aws: already accepted", "huawei: accepted"]
