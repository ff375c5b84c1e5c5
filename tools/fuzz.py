"""`make fuzz`: serve the app under uvicorn on a free loopback port and fuzz it with the schemathesis CLI.

Deeper than the in-process run in `make test`: more examples and every phase
(examples, coverage, fuzzing, stateful), over real HTTP. Settings come from
schemathesis.toml; FUZZ_EXAMPLES overrides the examples per operation.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("fuzz: the server exited before it was ready")
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("fuzz: the server was not ready within 30 s")


def main() -> int:
    examples = os.environ.get("FUZZ_EXAMPLES", "100")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="org-invitations-fuzz-") as tmp:
        env = {
            **os.environ,
            "ORG_INVITATIONS_DATABASE_URL": f"sqlite:///{tmp}/fuzz.sqlite3",
            "ORG_INVITATIONS_SERVER_KEY_FILE": f"{tmp}/server.key",
            # Throttles raised so generated requests reach the rules behind them (429 is tested in make test).
            "ORG_INVITATIONS_INVITATIONS_PER_ORG_PER_DAY": "1000000",
            "ORG_INVITATIONS_TOKEN_LOOKUPS_PER_CLIENT_PER_MINUTE": "1000000",
        }
        server = subprocess.Popen(
            [str(BIN / "org-invitations"), "serve", "--port", str(port), "--log-level", "warning"],
            env=env,
            cwd=ROOT,
        )
        try:
            wait_ready(base, server)
            common = [
                "--max-examples",
                examples,
                "--phases",
                "examples,coverage,fuzzing,stateful",
                "--no-color",
            ]
            v1 = subprocess.run(
                [str(BIN / "schemathesis"), "run", f"{base}/v1/openapi.json", "--url", f"{base}/v1", *common],
                cwd=ROOT,
                check=False,
            )
            ops = subprocess.run(
                [str(BIN / "schemathesis"), "run", "generated/ops.yaml", "--url", base, *common],
                cwd=ROOT,
                check=False,
            )
        finally:
            server.terminate()
            server.wait(timeout=10)
    return v1.returncode or ops.returncode


if __name__ == "__main__":
    sys.exit(main())
