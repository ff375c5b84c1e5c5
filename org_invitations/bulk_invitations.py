"""Invitations by email in bulk, from a CSV file: the admin command line's `invite`.

The file has a header row naming its columns, in any order: `email` (required), `given_name`,
`family_name`, `roles` (`member`, `admin` or `admin;member`; `member` when empty) and `notes`.
Cells are trimmed; an empty cell is an absent value; a line with no value at all is skipped.

Each row is validated as the API validates an invitation-create body (admin_requests), then made
in a transaction of its own, so a bad row loses nothing else and running the same file again is
safe: what it already made ends as a duplicate. A row ends as one of three outcomes:

- `created`, with `invitation_id`;
- `duplicate`: a pending invitation already addresses that email (made earlier, or by an
  earlier row of the file), named by `existing_invitation_id`;
- `refused`, with a stable `code` and a `message`: `malformed_row` (not as many cells as
  the header has columns, or not CSV), `validation_failed` (what the API would refuse), or the
  code of the core's refusal.

The operator's import is not held to the per-organization daily throttle, which protects the
service from its API callers: its invitations are counted by a throttle of this process alone,
with room for every row, and never in the window the servers share.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from org_invitations.admin_requests import Invalid, email_invitation
from org_invitations.bootstrap import Services, server_key
from org_invitations.credentials import InvitationTokens
from org_invitations.domain.errors import DomainError, DuplicateInvitation, OrganizationNotFound
from org_invitations.domain.permissions import can_manage
from org_invitations.handlers.requests import invitation_request
from org_invitations.services.invitations import InvitationRequest, InvitationService
from org_invitations.throttling import Throttle

if TYPE_CHECKING:
    from _csv import Reader

COLUMNS = ("email", "given_name", "family_name", "roles", "notes")
DEFAULT_ROLES = ["member"]
MALFORMED = "malformed_row"


class CannotImport(Exception):
    """The import cannot start: the file, the organization or the inviter; one line, no row made."""


class Outcome(StrEnum):
    CREATED = "created"
    DUPLICATE = "duplicate"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the file: its request, or why it has none."""

    line: int  # where the row starts in the file, from 1 (the header is line 1)
    email: str | None
    request: InvitationRequest | None = None
    code: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class RowResult:
    line: int
    email: str | None
    outcome: Outcome
    invitation_id: str | None = None
    existing_invitation_id: str | None = None
    code: str | None = None
    message: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The row in the report, with only the fields its outcome has (never a token)."""
        fields = {
            "line": self.line,
            "email": self.email,
            "outcome": self.outcome.value,
            "invitation_id": self.invitation_id,
            "existing_invitation_id": self.existing_invitation_id,
            "code": self.code,
            "message": self.message,
        }
        return {name: value for name, value in fields.items() if value is not None or name == "email"}

    def in_one_line(self) -> str:
        """The row as the command tells it, its email quoted and escaped (it may hold anything)."""
        email = f" ({json.dumps(self.email)})" if self.email else ""
        detail = f", {self.code}: {self.message}" if self.code else ""
        return f"line {self.line}{email}: {self.outcome.value}{detail}"


@dataclass
class Report:
    organization_id: str
    rows: list[RowResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome is outcome)

    def summary(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in Outcome}

    def as_json(self) -> dict[str, Any]:
        return {
            "organization_id": self.organization_id,
            "summary": self.summary(),
            "rows": [row.as_json() for row in self.rows],
        }


def read_rows(path: Path) -> list[Row]:
    """Every row of the file, validated; CannotImport when the file itself cannot be used."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise CannotImport(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise CannotImport(f"{path} is not UTF-8 text (byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise CannotImport(f"{path} is empty: it needs a header row ({', '.join(COLUMNS)})") from None
    except csv.Error as exc:
        raise CannotImport(f"{path}: the header row is not CSV: {exc}") from None
    _check_header(path, header)
    return list(_rows(reader, header, start=reader.line_num + 1))


def _check_header(path: Path, header: list[str]) -> None:
    unknown = [name for name in header if name not in COLUMNS]
    twice = sorted({name for name in header if header.count(name) > 1})
    problem = (
        f"unknown column {unknown[0]!r}"
        if unknown
        else f"column {twice[0]!r} is named twice"
        if twice
        else "no email column"
        if "email" not in header
        else None
    )
    if problem:
        raise CannotImport(f"{path}: {problem} in the header row (columns: {', '.join(COLUMNS)})")


def _rows(reader: Reader, header: list[str], start: int) -> Iterator[Row]:
    line = start  # where the next row starts
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Row(line, None, code=MALFORMED, message=f"not CSV: {exc}")
        else:
            if any(cell.strip() for cell in cells):
                yield _row(line, header, [cell.strip() for cell in cells])
        line = reader.line_num + 1


def _row(line: int, header: list[str], cells: list[str]) -> Row:
    values = dict(zip(header, cells, strict=False))
    email = values.get("email") or None
    if len(cells) != len(header):
        message = f"has {len(cells)} cells; the header has {len(header)} columns"
        return Row(line, email, code=MALFORMED, message=message)
    if email is None:
        return Row(line, None, code=Invalid.code, message="email: is required")
    roles = [role.strip() for role in values["roles"].split(";")] if values.get("roles") else DEFAULT_ROLES
    try:
        body = email_invitation(
            email,
            roles,
            given_name=values.get("given_name") or None,
            family_name=values.get("family_name") or None,
            notes=values.get("notes") or None,
        )
    except Invalid as refused:
        return Row(line, email, code=refused.code, message=str(refused))
    return Row(line, email, request=invitation_request(body))


class BulkInvitations:
    """Makes a file's invitations, one transaction per row, as `inviter`."""

    def __init__(self, invitations: InvitationService, organization_id: str, inviter: str) -> None:
        self._invitations = invitations
        self._organization_id = organization_id
        self.inviter = inviter

    @classmethod
    def prepare(
        cls, services: Services, organization_id: str, inviter: str | None, rows: int
    ) -> BulkInvitations:
        """For the organization, as `inviter` (by default its owner), who must be its owner or an
        admin; with room for `rows` invitations in the throttle of this process (see above)."""
        try:
            organization = services.organizations.for_operator(organization_id)
        except OrganizationNotFound:
            raise CannotImport(f"no organization {organization_id}") from None
        inviter = inviter or organization.management_account_id
        try:
            member = services.organizations.member(inviter, organization_id, inviter)
        except OrganizationNotFound:  # not a member: the organization is hidden from it
            member = None
        if member is None or not can_manage(member.roles):
            raise CannotImport(
                f"account {inviter} may not invite into {organization_id}: only its owner and admins may"
            )
        settings = services.settings
        unshared = Throttle(
            "memory://",
            key_prefix=settings.rate_limit_key_prefix,
            invitations_per_day=max(rows, 1),
            token_lookups_per_minute=settings.token_lookups_per_client_per_minute,
        )
        tokens = InvitationTokens(server_key(settings))  # the servers' key: the emails' links work
        invitations = InvitationService(services.uow, services.clock, unshared, tokens)
        return cls(invitations, organization_id, inviter)

    def run(self, rows: Iterable[Row], done: Callable[[RowResult], None] = lambda _: None) -> Report:
        """Each row in its own transaction, in order; `done` is told of each as it ends."""
        report = Report(self._organization_id)
        for row in rows:
            result = self._one(row)
            report.rows.append(result)
            done(result)
        return report

    def _one(self, row: Row) -> RowResult:
        if row.request is None:
            return RowResult(row.line, row.email, Outcome.REFUSED, code=row.code, message=row.message)
        try:
            issued = self._invitations.create(self.inviter, self._organization_id, row.request)
        except DuplicateInvitation as duplicate:
            return RowResult(
                row.line,
                row.email,
                Outcome.DUPLICATE,
                existing_invitation_id=duplicate.existing_invitation_id,
                code=duplicate.code,
                message=duplicate.detail,
            )
        except DomainError as refusal:
            return RowResult(row.line, row.email, Outcome.REFUSED, code=refusal.code, message=refusal.detail)
        return RowResult(row.line, row.email, Outcome.CREATED, invitation_id=issued.invitation.id)
