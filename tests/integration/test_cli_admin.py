"""The operator's administration: create-account, create-organization, and invite from a CSV file.

The commands run in-process (`main([...])`) against the test's database, as the operator runs
them: on the real clock, with the settings read from ORG_INVITATIONS_* variables.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from org_invitations.bootstrap import Services, bootstrap, server_key
from org_invitations.cli import DESCRIPTIONS, main
from org_invitations.credentials import InvitationTokens
from org_invitations.domain.errors import SignupDisabled
from org_invitations.domain.invitations import Status
from org_invitations.domain.model import Role
from org_invitations.domain.outbox import Delivery
from org_invitations.services.accounts import AccountService
from org_invitations.services.invitations import InvitationRequest, ListFilter
from org_invitations.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["email", "given_name", "family_name", "roles", "notes"]


@pytest.fixture
def operator(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Services]:
    """The commands' environment (the test's database, server key and throttle storage), and the
    services over the same database on the real clock, as the commands see it."""
    for name in list(os.environ):
        if name.startswith("ORG_INVITATIONS_") and not name.startswith("ORG_INVITATIONS_TEST_"):
            monkeypatch.delenv(name)
    for name, value in environment(settings).items():
        monkeypatch.setenv(name, value)
    services = bootstrap(settings)
    yield services
    services.close()


def environment(settings: Settings) -> dict[str, str]:
    return {
        "ORG_INVITATIONS_DATABASE_URL": settings.database_url,
        "ORG_INVITATIONS_SERVER_KEY_FILE": str(settings.server_key_file),
        "ORG_INVITATIONS_EMAIL_DIRECTORY": str(settings.email_directory),
        "ORG_INVITATIONS_RATE_LIMIT_STORAGE_URL": settings.rate_limit_storage_url,
        "ORG_INVITATIONS_RATE_LIMIT_KEY_PREFIX": settings.rate_limit_key_prefix,
    }


def one_error_line(err: str) -> str:
    assert len(err.splitlines()) == 1, f"not one line:\n{err}"
    assert err.startswith("org-invitations: error: ")
    assert "Traceback" not in err
    return err


# --- create-account and create-organization --------------------------------------------------------


@pytest.mark.parametrize("signup", ["true", "false"])
def test_create_account_prints_a_key_that_works_shown_once(
    signup: str, operator: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ORG_INVITATIONS_ALLOW_SIGNUP", signup)
    assert main(["create-account", "--name", "Ada Lovelace", "--email", "ADA@Example.com"]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(" ", 1) for line in out.splitlines()[:2])
    assert "will not be shown again" in out
    assert operator.accounts.authenticate_api_key(lines["api_key"]) == lines["account_id"]
    account = operator.accounts.get(lines["account_id"])
    assert (account.name, account.email) == ("Ada Lovelace", "ada@example.com")  # canonical, as the API

    assert main(["create-account", "--name", "Grace", "--json"]) == 0
    shown, err = capsys.readouterr()
    created = json.loads(shown)  # the body POST /v1/accounts answers
    assert operator.accounts.authenticate_api_key(created["api_key"]) == created["account"]["id"]
    assert created["account"]["name"] == "Grace"
    assert "will not be shown again" in err  # stdout stays one JSON document


def test_sign_up_switched_off_still_refuses_the_public(settings: Settings, operator: Services) -> None:
    accounts = AccountService(operator.uow, operator.clock, operator.box, allow_signup=False)
    with pytest.raises(SignupDisabled):
        accounts.create("Mallory", None)
    assert accounts.create("Ada", None, by_operator=True).api_key.startswith("oik_")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--name", ""], "invalid name: "),
        (["--name", "Ada\x07"], "invalid name: has a control character"),
        (["--name", "x" * 201], "invalid name: String should have at most 200 characters"),
        (["--name", "Ada", "--email", "not-an-email"], "invalid email: is not one local part"),
        (["--name", "Ada", "--email", "p\u0430ypal@example.com"], "invalid email: mixes Latin with Cyrillic"),
    ],
)
def test_create_account_refuses_what_the_api_refuses_in_one_line(
    args: list[str], reason: str, operator: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-account", *args]) == 1
    out, err = capsys.readouterr()
    assert reason in one_error_line(err)
    assert out == ""


def test_create_organization_prints_its_id(operator: Services, capsys: pytest.CaptureFixture[str]) -> None:
    owner = operator.accounts.create("Ada", None).account.id
    assert main(["create-organization", "--name", "Analytical Engines", "--owner", owner]) == 0
    organization_id = capsys.readouterr().out.strip()
    organization = operator.organizations.get(owner, organization_id)
    assert (organization.name, organization.management_account_id) == ("Analytical Engines", owner)
    member = operator.organizations.member(owner, organization_id, owner)
    assert member is not None and member.roles == {Role.OWNER}

    assert main(["create-organization", "--name", "Second", "--owner", owner, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["name"] == "Second" and shown["management_account_id"] == owner


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--name", "Engines", "--owner", "0" * 32], "account_not_found: No account 00000000"),
        (["--name", " ", "--owner", "0" * 32], "invalid name: has a control character, or no visible one"),
    ],
)
def test_create_organization_refusals_are_one_line(
    args: list[str], reason: str, operator: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["create-organization", *args]) == 1
    assert reason in one_error_line(capsys.readouterr().err)


# --- invite from a CSV file ---------------------------------------------------------------------------


@dataclass
class Expected:
    """What the import must say of one line of the file."""

    outcome: str
    invitation_id: str | None = None  # the existing one, for a duplicate
    same_as_line: int | None = None  # a duplicate of an earlier row: the id that row created
    code: str | None = None
    says: str | None = None  # a fragment of the message


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def organization_with_owner(services: Services) -> tuple[str, str]:
    owner = services.accounts.create("Ada", "ada@example.com").account.id
    return services.organizations.create(owner, "Analytical Engines").id, owner


def invite_by_service(services: Services, owner: str, organization_id: str, email: str) -> str:
    request = InvitationRequest(
        "email", email, frozenset({Role.MEMBER}), None, None, None, timedelta(days=14)
    )
    return services.invitations.create(owner, organization_id, request).invitation.id


BAD_LINES: list[tuple[list[str], str, str]] = [
    # cells, the code, a fragment of the message
    (["not-an-email", "", "", "", ""], "validation_failed", "email: is not one local part"),
    (["a@b@example.com", "", "", "", ""], "validation_failed", "email: is not one local part"),
    (["p\u0430ypal@example.com", "", "", "", ""], "validation_failed", "email: mixes Latin with Cyrillic"),
    (["trailing.dot@example.com.", "", "", "", ""], "validation_failed", "email: has an empty label"),
    (["zoe@example.com", "", "", "owner", ""], "validation_failed", "roles: Input should be 'admin' or"),
    (["yan@example.com", "", "", "guest", ""], "validation_failed", "roles: Input should be"),
    (["xia@example.com", "", "", "admin;superuser", ""], "validation_failed", "roles: Input should be"),
    (["wes@example.com", "", "", "admin;admin", ""], "validation_failed", "roles: has non-unique elements"),
    (
        ["vic@example.com", "", "", "member", "n" * 1025],
        "validation_failed",
        "notes: String should have at most 1024",
    ),
    (
        ["uma@example.com", "", "", "", "é" * 1030],
        "validation_failed",
        "notes: String should have at most 1024",
    ),
    (
        ["tom@example.com", "T" * 101, "", "", ""],
        "validation_failed",
        "given_name: String should have at most 100",
    ),
    (
        ["sam@example.com", "", "S" * 101, "", ""],
        "validation_failed",
        "family_name: String should have at most 100",
    ),
    (["rob@example.com", "Rob", "", "member", "", "extra"], "malformed_row", "has 6 cells; the header has 5"),
    (["qin@example.com", "Qin", "", "member", "", "", ""], "malformed_row", "has 7 cells; the header has 5"),
    (["pat@example.com", "Pat", "Doe", "member", "hi", "x", "y"], "malformed_row", "has 7 cells"),
    (["oli@example.com", "Oli"], "malformed_row", "has 2 cells; the header has 5"),
    (["", "No", "Email", "member", ""], "validation_failed", "email: is required"),
    (["", "", "", "admin", "no address"], "validation_failed", "email: is required"),
    (["", "Nobody", "", "", ""], "validation_failed", "email: is required"),
    (["", "", "", "", "only notes"], "validation_failed", "email: is required"),
]


def good_row(n: int) -> list[str]:
    roles = ["", "member", "admin", "admin;member", " member "]
    given, family = f"Given{n}" if n % 3 else "", f"Family{n}" if n % 5 else ""
    return [f"person{n}@example.com", given, family, roles[n % 5], f"note {n}" if n % 7 == 0 else ""]


def thousand_rows(
    services: Services, owner: str, organization_id: str
) -> tuple[list[list[str]], dict[int, Expected]]:
    """950 good rows, 20 repeats of earlier rows, 10 rows addressing invitations made beforehand
    through the service, and 20 bad lines, mixed; with what the import must say of each line."""
    emails = [f"existing{n}@example.com" for n in range(10)]
    existing = [(email, invite_by_service(services, owner, organization_id, email)) for email in emails]
    extras = [
        *(
            ([email.upper() if n % 2 else email, "", "", "", ""], Expected("duplicate", invitation_id))
            for n, (email, invitation_id) in enumerate(existing)
        ),
        *(([*cells], Expected("refused", code=code, says=says)) for cells, code, says in BAD_LINES),
    ]
    rows: list[list[str]] = []
    expected: dict[int, Expected] = {}

    def add(cells: list[str], want: Expected) -> int:
        rows.append(cells)
        expected[len(rows) + 1] = want  # the header is line 1
        return len(rows) + 1

    line_of: dict[int, int] = {}
    for n in range(950):
        line_of[n] = add(good_row(n), Expected("created"))
        if n % 19 == 18:  # 50 slots, one after every 19 good rows
            if (n // 19) % 5 in (1, 3):  # 20 of them: an earlier row again, its email in capitals
                again = [f"PERSON{n - 7}@EXAMPLE.COM", "Again", "", "member", ""]
                add(again, Expected("duplicate", same_as_line=line_of[n - 7]))
            else:  # the 30 others
                add(*extras.pop(0))
    assert not extras and len(rows) == 1000
    return rows, expected


def line_of_person(report: dict[str, Any], n: int) -> int:
    return next(int(row["line"]) for row in report["rows"] if row["email"] == f"person{n}@example.com")


def refusal_line(row: dict[str, Any]) -> str:
    """What stderr says of a refused row of the report: its email quoted (it may hold anything)."""
    email = f" ({json.dumps(row['email'])})" if row["email"] else ""
    return f"line {row['line']}{email}: refused, {row['code']}: {row['message']}"


def check_report(
    report: dict[str, Any], expected: dict[int, Expected], first: dict[int, str] | None
) -> dict[int, str]:
    """Every line as expected; the ids created, by line. `first`: the ids a first run created."""
    by_line = {row["line"]: row for row in report["rows"]}
    assert sorted(by_line) == sorted(expected)
    created: dict[int, str] = {}
    for line, want in expected.items():
        row = by_line[line]
        outcome = "duplicate" if first is not None and want.outcome == "created" else want.outcome
        assert row["outcome"] == outcome, (line, row)
        if outcome == "created":
            assert row["invitation_id"].startswith("h-") and "code" not in row
            created[line] = row["invitation_id"]
        elif outcome == "duplicate":
            ids = first if first is not None else created
            existing = want.invitation_id or ids[want.same_as_line or line]
            assert row["existing_invitation_id"] == existing, (line, row)
            assert row["code"] == "duplicate_invitation" and "invitation_id" not in row
        else:
            assert (row["code"], "invitation_id" in row) == (want.code, False), (line, row)
            assert want.says and want.says in row["message"], (line, row)
    return created


def assert_no_token(settings: Settings, ids: list[str], *texts: str) -> None:
    tokens = InvitationTokens(server_key(settings))
    for text in texts:
        assert "oit_" not in text
        assert not any(tokens.of(invitation_id, 1) in text for invitation_id in ids)


def test_a_thousand_rows_with_duplicates_and_bad_lines(
    operator: Services,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    organization_id, owner = organization_with_owner(operator)
    rows, expected = thousand_rows(operator, owner, organization_id)
    path = write_csv(tmp_path / "people.csv", rows)
    report_path = tmp_path / "report.json"
    # The API's throttle is set far below the file: the operator's import is not held to it.
    monkeypatch.setenv("ORG_INVITATIONS_INVITATIONS_PER_ORG_PER_DAY", "5")

    assert main(["invite", organization_id, str(path), "--report", str(report_path)]) == 4
    out, err = capsys.readouterr()

    assert out == "created 950, duplicate 30, refused 20\n"
    report_text = report_path.read_text()
    report = json.loads(report_text)
    assert report["organization_id"] == organization_id
    assert report["summary"] == {"created": 950, "duplicate": 30, "refused": 20}
    created = check_report(report, expected, first=None)
    refused = [row for row in report["rows"] if row["outcome"] == "refused"]
    assert len(refused) == 20
    assert [line for line in err.splitlines() if " refused, " in line] == [
        refusal_line(row) for row in refused
    ]

    # In the database: 950 made by the import and the 10 made before, each with its email owed.
    stats = operator.stats.snapshot()
    assert stats.invitations[Status.PENDING] == 960
    assert sum(stats.invitations.values()) == 960
    listed: set[str] = set()
    marker = None
    while True:
        page = operator.invitations.list(owner, organization_id, ListFilter(), 100, marker)
        listed |= {invitation.id for invitation in page.items}
        if not (marker := page.next_marker):
            break
    assert set(created.values()) <= listed and len(listed) == 960
    assert stats.outbox[Delivery.PENDING] == 960
    first = operator.invitations.get(owner, organization_id, created[2])
    assert (first.email, first.given_name, first.family_name, first.notes) == (
        "person0@example.com",
        None,
        None,
        "note 0",
    )
    assert (first.roles, first.created_by) == (frozenset({Role.MEMBER}), owner)
    both = operator.invitations.get(owner, organization_id, created[line_of_person(report, 8)])
    assert (both.given_name, both.family_name) == ("Given8", "Family8")
    assert both.roles == frozenset({Role.ADMIN, Role.MEMBER})
    assert_no_token(settings, list(listed), out, err, report_text)
    # The servers' window was not used up: the API may still invite into the organization.
    invite_by_service(operator, owner, organization_id, "after-the-import@example.com")


def test_importing_the_same_file_again_makes_nothing_new(
    operator: Services, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    organization_id, owner = organization_with_owner(operator)
    made_before = invite_by_service(operator, owner, organization_id, "known@example.com")
    rows = [
        ["ada.b@example.com", "Ada", "Byron", "admin", ""],
        ["known@example.com", "", "", "", ""],
        ["bad@@example.com", "", "", "", ""],
        ["grace@example.com", "Grace", "", "admin;member", "Welcome"],
        ["Grace@Example.com", "", "", "", ""],
    ]
    expected = {
        2: Expected("created"),
        3: Expected("duplicate", made_before),
        4: Expected("refused", code="validation_failed", says="email: is not one local part"),
        5: Expected("created"),
        6: Expected("duplicate", same_as_line=5),
    }
    path = write_csv(tmp_path / "people.csv", rows)
    first_report, second_report = tmp_path / "first.json", tmp_path / "second.json"
    assert main(["invite", organization_id, str(path), "--report", str(first_report)]) == 4
    assert capsys.readouterr().out == "created 2, duplicate 2, refused 1\n"
    first = check_report(json.loads(first_report.read_text()), expected, first=None)

    assert main(["invite", organization_id, str(path), "--report", str(second_report)]) == 4
    out, err = capsys.readouterr()
    assert out == "created 0, duplicate 4, refused 1\n"
    check_report(json.loads(second_report.read_text()), expected, first=first)
    assert operator.stats.snapshot().invitations[Status.PENDING] == 3
    # The token its email will carry is the servers' own: the link works.
    token = InvitationTokens(server_key(settings)).of(first[5], 1)
    assert operator.invitations.preview(token, "test").email == "grace@example.com"
    assert_no_token(settings, [*first.values(), made_before], out, err, second_report.read_text())


def test_quiet_says_nothing_when_every_row_is_made(
    operator: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    organization_id, _ = organization_with_owner(operator)
    path = write_csv(tmp_path / "people.csv", [["a@example.com"], ["b@example.com"]], header=["email"])
    assert main(["invite", organization_id, str(path), "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["invite", organization_id, str(path), "--quiet"]) == 0  # duplicates are no failure
    assert capsys.readouterr() == ("", "")

    refusing = write_csv(tmp_path / "refusing.csv", [["c@example.com"], ["no-at-sign"]], header=["email"])
    assert main(["invite", organization_id, str(refusing), "--quiet"]) == 4
    out, err = capsys.readouterr()
    assert out == "created 1, duplicate 0, refused 1\n"
    assert err.startswith('line 3 ("no-at-sign"): refused, validation_failed: email: ')


def test_lines_are_numbered_as_in_the_file(
    operator: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A spreadsheet's export: a byte order mark, CRLF, a header in capitals, a quoted cell over two
    lines, blank lines (skipped); each row named by the line it starts on."""
    organization_id, owner = organization_with_owner(operator)
    path = tmp_path / "export.csv"
    path.write_bytes(
        "\ufeffEmail , Notes\r\n"
        'a@example.com,"two\r\nlines"\r\n'
        "\r\n"
        ",\r\n"
        "bad,\r\n"
        " b@example.com , x \r\n".encode()
    )
    report = tmp_path / "report.json"
    assert main(["invite", organization_id, str(path), "--report", str(report), "--quiet"]) == 4
    rows = json.loads(report.read_text())["rows"]
    assert [(row["line"], row["email"], row["outcome"]) for row in rows] == [
        (2, "a@example.com", "created"),
        (6, "bad", "refused"),
        (7, "b@example.com", "created"),
    ]
    made = operator.invitations.get(owner, organization_id, rows[0]["invitation_id"])
    assert made.notes == "two\r\nlines"
    assert operator.invitations.get(owner, organization_id, rows[2]["invitation_id"]).notes == "x"
    assert capsys.readouterr().out == "created 2, duplicate 0, refused 1\n"


def test_an_admin_may_import_and_a_plain_member_may_not(
    operator: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    organization_id, owner = organization_with_owner(operator)
    path = write_csv(tmp_path / "people.csv", [["admin@example.com", "", "", "admin", ""]])
    admin, member, outsider = (operator.accounts.create(name, None).account.id for name in "ABC")
    for account, role in ((admin, Role.ADMIN), (member, Role.MEMBER)):
        request = InvitationRequest(
            "account", account, frozenset({role}), None, None, None, timedelta(days=1)
        )
        operator.invitations.accept(
            account, operator.invitations.create(owner, organization_id, request).invitation.id
        )

    report = tmp_path / "report.json"
    assert main(["invite", organization_id, str(path), "--as", admin, "--report", str(report)]) == 0
    made = json.loads(report.read_text())["rows"][0]["invitation_id"]
    assert operator.invitations.get(owner, organization_id, made).created_by == admin
    capsys.readouterr()
    for refused in (member, outsider):
        assert main(["invite", organization_id, str(path), "--as", refused]) == 1
        assert f"account {refused} may not invite into {organization_id}" in one_error_line(
            capsys.readouterr().err
        )


def test_a_command_that_cannot_start_says_why_in_one_line_and_makes_nothing(
    operator: Services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    organization_id, _ = organization_with_owner(operator)
    good = write_csv(tmp_path / "people.csv", [["a@example.com", "", "", "", ""]])
    (tmp_path / "latin1.csv").write_bytes(b"email\nj\xf6rg@example.com\n")
    (tmp_path / "empty.csv").write_text("")
    write_csv(tmp_path / "unknown.csv", [["a@example.com", "x"]], header=["email", "team"])
    write_csv(tmp_path / "no-email.csv", [["Ada"]], header=["given_name"])
    cases = [
        (["o-" + "0" * 32, str(good)], "no organization o-000"),
        ([organization_id, str(tmp_path / "nosuch.csv")], "cannot read "),
        ([organization_id, str(tmp_path)], "cannot read "),
        ([organization_id, str(tmp_path / "latin1.csv")], "is not UTF-8 text (byte 7)"),
        ([organization_id, str(tmp_path / "empty.csv")], "is empty: it needs a header row"),
        ([organization_id, str(tmp_path / "unknown.csv")], "unknown column 'team' in the header row"),
        ([organization_id, str(tmp_path / "no-email.csv")], "no email column in the header row"),
        (
            [organization_id, str(good), "--report", str(tmp_path / "no" / "such" / "r.json")],
            "cannot write the report",
        ),
    ]
    for args, reason in cases:
        assert main(["invite", *args]) == 1, args
        out, err = capsys.readouterr()
        assert reason in one_error_line(err), args
        assert out == ""
    assert operator.stats.snapshot().invitations[Status.PENDING] == 0


def test_a_wrong_command_line_is_exit_2_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["invite"], ["invite", "o-x"], ["create-account"], ["create-organization", "--name", "x"]):
        with pytest.raises(SystemExit) as stopped:
            main(args)
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "error: " in err, err


def test_every_command_explains_itself_and_the_help_lists_the_exit_codes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    for code in ("0", "1", "2", "3", "4"):
        assert f"\n  {code}  " in top
    for command in (
        "serve",
        "migrate",
        "stats",
        "purge",
        "deliver",
        "create-account",
        "create-organization",
        "invite",
    ):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        shown = capsys.readouterr().out
        first_sentence = DESCRIPTIONS[command].split(".")[0]
        assert first_sentence.splitlines()[0] in shown, command
    assert "INVITATIONS_PER_ORG_PER_DAY" in DESCRIPTIONS["invite"]


def test_the_installed_command_keeps_stdout_for_the_summary(
    operator: Services, settings: Settings, tmp_path: Path
) -> None:
    """A real process (no terminal): the progress bar and the refusals on stderr, the summary alone on stdout."""
    organization_id, _ = organization_with_owner(operator)
    path = write_csv(
        tmp_path / "people.csv", [["a@example.com", "Ada", "", "", ""], ["nope", "", "", "", ""]]
    )
    clean = {name: value for name, value in os.environ.items() if not name.startswith("ORG_INVITATIONS_")}
    finished = subprocess.run(
        [sys.executable, "-m", "org_invitations.cli", "invite", organization_id, str(path)],
        env={**clean, **environment(settings)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 4, finished.stderr
    assert finished.stdout == "created 1, duplicate 0, refused 1\n"
    assert 'line 3 ("nope"): refused, validation_failed: email: ' in finished.stderr
    assert "2/2" in finished.stderr  # the progress bar's last state
    assert "\x1b[" not in finished.stderr + finished.stdout  # no terminal: no escape sequences
