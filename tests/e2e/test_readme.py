"""The README's curl walk-through, run as written with bash against a real server.

Which blocks run: exactly the README's fenced blocks whose info string is ``sh walkthrough``
(GitHub and PyPI take the first word, ``sh``, for highlighting). They run in the order they
appear, as one bash script, after ``http://127.0.0.1:8080`` is replaced by the test server's
address. Other blocks (``make serve``, deployment, the client package) are never run.

What is checked:

* Every curl call carries its expected status as a comment, ``# → 201``, on the command's last
  line. The test puts a ``curl`` shell function in front of the script that records each
  call's ``%{http_code}`` and response body; the recorded statuses must equal the README's,
  call by call, and a call answering anything else fails the test naming the step.
* A comment that is a JSON object (``# {"code": "already_in_state", …}``) shows the body of
  the most recent curl call: the listed fields must be in that body with those values, where
  ``…`` in a string matches anything, ``, …]`` means "more items may follow" and ``, …}``
  "more fields may follow".
* The server runs with ``PUBLIC_BASE_URL`` unset, so every ``invitation_link`` the script
  prints must point at the port it serves on.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from org_invitations.web.validation import bracket_depths
from tests.databases import fresh_database, throttle_storage
from tests.e2e.conftest import ROOT, Server, running_server

pytestmark = pytest.mark.e2e

README = ROOT / "README.md"
README_ADDRESS = "http://127.0.0.1:8080"
FENCE = re.compile(r"^(`{3,})\s*(.*)$")
EXPECTED_STATUS = re.compile(r"#\s*→\s*(\d{3})\b")
CURL_CALL = re.compile(r"(?<![\w./-])curl\s")
STEP_HEADING = re.compile(r"^#\s*(\d+)\.")
ELIDED = "…"

# Put in front of the README's blocks: stop at the first failing command, and record what
# each curl call answered (its status, one line each, and its body, in <call number>.body).
# Its -o and -w come last, so they win over any the README gives.
PRELUDE = r"""
set -euo pipefail
curl() {
    local call status
    call=$(( $(wc -l < "$WALK_STATUSES") ))
    status=$(command curl "$@" -o "$WALK_DIR/$call.body" -w '%{http_code}') || true
    echo "${status:-000}" >> "$WALK_STATUSES"
    cat "$WALK_DIR/$call.body" 2>/dev/null || true
    echo
}
"""


@dataclass(frozen=True)
class Block:
    line: int  # README line of the block's first line of code
    text: str


def walkthrough_blocks(markdown: str) -> list[Block]:
    """The fenced blocks whose info string is exactly `sh walkthrough`, in README order."""
    blocks: list[Block] = []
    fence: str | None = None
    runnable = False
    lines: list[str] = []
    start = 0
    for number, line in enumerate(markdown.splitlines(), start=1):
        if fence is None:
            opened = FENCE.match(line)
            if opened:
                fence, runnable, lines = opened.group(1), opened.group(2).split() == ["sh", "walkthrough"], []
                start = number + 1
        elif line.strip() == fence:
            if runnable:
                blocks.append(Block(start, "\n".join(lines) + "\n"))
            fence = None
        else:
            lines.append(line)
    return blocks


def code_of(line: str) -> str:
    """The line without its comment (the walk-through has no `#` inside quotes)."""
    return re.sub(r"(^|\s)#.*$", "", line)


@dataclass(frozen=True)
class Call:
    where: str  # "README line 47 (step 8)"
    command: str  # the line the curl call starts on
    expected: str


@dataclass(frozen=True)
class Sample:
    call: int  # index of the curl call whose body it shows
    where: str
    text: str


def calls_and_samples(blocks: list[Block]) -> tuple[list[Call], list[Sample]]:
    calls: list[Call] = []
    samples: list[Sample] = []
    for block in blocks:
        step = ""
        curl_line, curl_command = block.line, ""
        sample: list[str] = []
        sample_where = ""
        for number, line in enumerate(block.text.splitlines(), start=block.line):
            code = code_of(line)
            comment = line[len(code) :].strip()
            heading = STEP_HEADING.match(line.strip())
            if heading:
                step = f" (step {heading.group(1)})"
            if CURL_CALL.search(code):
                curl_line, curl_command = number, code.strip()
            expected = EXPECTED_STATUS.search(comment)
            if expected:
                calls.append(Call(f"README line {curl_line}{step}", curl_command, expected.group(1)))
            text = comment.lstrip("#").strip()
            if sample:
                sample.append(text)
            elif text.startswith("{") and not expected:
                sample, sample_where = [text], f"README line {number}{step}"
            if sample and balanced(" ".join(sample)):
                samples.append(Sample(len(calls) - 1, sample_where, " ".join(sample)))
                sample = []
    return calls, samples


def balanced(text: str) -> bool:
    depth = 0
    for depth in bracket_depths(text):  # noqa: B007 (the last one is the answer)
        pass
    return depth == 0


def parse_sample(text: str) -> Any:
    text = re.sub(rf",\s*{ELIDED}\s*}}", "}", text)
    text = re.sub(rf",\s*{ELIDED}\s*]", f', "{ELIDED}"]', text)
    return json.loads(text)


def mismatches(expected: Any, actual: Any, where: str = "body") -> Iterator[str]:
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            yield f"{where}: expected an object, got {actual!r}"
            return
        for key, value in expected.items():
            if key not in actual:
                yield f"{where}.{key}: missing"
            else:
                yield from mismatches(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        more = bool(expected) and expected[-1] == ELIDED
        items = expected[:-1] if more else expected
        if (
            not isinstance(actual, list)
            or len(actual) < len(items)
            or (not more and len(actual) != len(items))
        ):
            yield f"{where}: expected {'at least ' if more else ''}{len(items)} items, got {actual!r}"
            return
        for index, item in enumerate(items):
            yield from mismatches(item, actual[index], f"{where}[{index}]")
    elif isinstance(expected, str) and ELIDED in expected:
        pattern = ".*".join(re.escape(part) for part in expected.split(ELIDED))
        if not isinstance(actual, str) or not re.fullmatch(pattern, actual, re.DOTALL):
            yield f"{where}: expected {expected!r}, got {actual!r}"
    elif expected != actual:
        yield f"{where}: expected {expected!r}, got {actual!r}"


def run_walkthrough(script: str, folder: Path) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    statuses = folder / "statuses"
    statuses.write_text("")
    (folder / "walkthrough.sh").write_text(PRELUDE + script)
    env = {
        **os.environ,
        # `python3` in the README's helper: this interpreter's, whatever the machine has on PATH.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "WALK_DIR": str(folder),
        "WALK_STATUSES": str(statuses),
    }
    finished = subprocess.run(
        ["bash", str(folder / "walkthrough.sh")],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return finished, statuses.read_text().split()


def status_report(calls: list[Call], answered: list[str]) -> str:
    rows = []
    for index in range(max(len(calls), len(answered))):
        call = calls[index] if index < len(calls) else Call("?", "(a curl call without a `# →` comment)", "")
        got = answered[index] if index < len(answered) else "not run"
        flag = "  " if got == call.expected else "✗ "
        rows.append(f"{flag}expected {call.expected or '?':>3}, got {got:>7}  {call.where}: {call.command}")
    return "\n".join(rows)


@pytest.fixture(scope="module")
def walkthrough() -> list[Block]:
    blocks = walkthrough_blocks(README.read_text(encoding="utf-8"))
    assert len(blocks) >= 2, "README.md has lost its ```sh walkthrough blocks"
    return blocks


def test_every_curl_call_of_the_walkthrough_says_what_status_it_expects(walkthrough: list[Block]) -> None:
    calls, _ = calls_and_samples(walkthrough)
    curl_lines = [
        line for block in walkthrough for line in block.text.splitlines() if CURL_CALL.search(code_of(line))
    ]
    assert len(calls) == len(curl_lines), (
        f"{len(curl_lines)} curl calls but {len(calls)} `# → status` comments; put one on the "
        "last line of every curl command:\n" + "\n".join(curl_lines)
    )


def test_the_readme_walkthrough_runs_as_written(
    walkthrough: list[Block], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("curl") is None:
        pytest.skip("the walk-through needs the curl command")
    # The links must follow the served address by themselves, as they do for a new user.
    monkeypatch.delenv("ORG_INVITATIONS_PUBLIC_BASE_URL", raising=False)
    with fresh_database(tmp_path / "var") as url, running_server(url, **throttle_storage()) as server:
        blocks = [
            Block(block.line, block.text.replace(README_ADDRESS, server.base_url)) for block in walkthrough
        ]
        finished, answered = run_walkthrough("".join(block.text for block in blocks), tmp_path)
    calls, samples = calls_and_samples(blocks)

    expected = [call.expected for call in calls]
    wrong = [
        f"{call.where}: `{call.command}` answered {got}, the README says {call.expected}"
        for call, got in zip(calls, answered, strict=False)
        if got != call.expected
    ]
    assert finished.returncode == 0 and answered == expected, (
        "The README walk-through does not run as written"
        + (f" (bash stopped with exit code {finished.returncode})" if finished.returncode else "")
        + ":\n"
        + "\n".join(wrong or [f"{len(answered)} calls answered, {len(expected)} expected"])
        + "\n\nEvery call:\n"
        + status_report(calls, answered)
        + f"\n\nstderr:\n{finished.stderr[-3000:]}"
    )

    shown = []
    for sample in samples:
        body = json.loads((tmp_path / f"{sample.call}.body").read_text())
        problems = list(mismatches(parse_sample(sample.text), body))
        if problems:
            shown.append(f"{sample.where}, `{calls[sample.call].command}`: " + "; ".join(problems))
    assert not shown, "Responses shown in the README differ from the server's:\n" + "\n".join(shown)

    assert_links_follow_the_served_address(finished.stdout, server)


def assert_links_follow_the_served_address(output: str, server: Server) -> None:
    links = re.findall(r'"invitation_link":\s*"([^"]+)"', output)
    assert links, "the walk-through printed no invitation_link"
    for link in links:
        assert link.startswith(f"{server.base_url}/invitations/oit_"), (
            f"invitation_link {link} does not point at the served address {server.base_url}"
        )
