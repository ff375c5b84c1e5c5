"""`org-invitations serve|migrate|purge|deliver|stats`: run the server, update (or check) the
schema, apply retention, send the outbox, or count what the service holds.
`create-account|create-organization|invite`: the operator's administration, without the API:
an account (its API key shown once), an organization, invitations by email from a CSV file.

Every failure ends the command with one line on stderr, `org-invitations: error: …`, and exit
code 1 (2 for a wrong command line, as argparse does; 3 for `migrate --check` on a database
that needs migrating; 4 for `invite` when some rows were refused): never a traceback, never a
password.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError
from pydantic_settings import SettingsError

from org_invitations.logs import configure_logging
from org_invitations.settings import METRICS_FOLDER, Settings

PROG = "org-invitations"
BEHIND = 3  # the exit code of `migrate --check` when the database needs migrating
REFUSED_ROWS = 4  # the exit code of `invite` when some rows were refused
ENV_PREFIX = "ORG_INVITATIONS_"
WORKER_LOGS = "_ORG_INVITATIONS_WORKER_LOGS"  # how `serve --workers` tells its workers to log


class CommandError(Exception):
    """A failure the command reports as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """A wrong command line, in one line too (argparse would print the usage first)."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        # Name the variable and the rule, never the value: it may be a URL with a password.
        problems = "; ".join(
            f"{ENV_PREFIX}{'_'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
            for error in exc.errors(include_url=False, include_input=False)
        )
        raise CommandError(f"invalid settings: {problems}") from None
    except SettingsError as exc:
        raise CommandError(f"invalid settings: {_one_line(str(exc))}") from None


def _redact(text: str) -> str:
    """The text without the passwords of the URLs the settings may hold."""
    for name in ("DATABASE_URL", "RATE_LIMIT_STORAGE_URL"):
        try:
            password = urlsplit(os.environ.get(ENV_PREFIX + name, "")).password
        except ValueError:
            continue
        for secret in {password, unquote(password or "")} - {None, ""}:
            text = text.replace(str(secret), "***")
    return text


def _printable_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def _database() -> Iterator[None]:
    """Turn what opening or migrating the database (or reading the server key) raises into one
    line without secrets."""
    from alembic.util.exc import CommandError as AlembicError
    from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

    from org_invitations.secret_box import ServerKeyError

    try:
        yield
    except ServerKeyError as exc:
        raise CommandError(f"unusable server key: {_one_line(str(exc))}") from None
    except (ArgumentError, ValueError, ImportError) as exc:  # not a URL, an unknown dialect or driver
        reason, what = f"{exc}", "cannot open the database"
    except DBAPIError as exc:
        reason = str(exc.orig) or type(exc.orig).__name__
        # No statement: the driver failed to connect. Otherwise a statement was refused.
        what = "cannot open the database" if exc.statement is None else "database error"
    except OSError as exc:  # the SQLite file or its folder cannot be created
        reason = f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
        what = "cannot open the database"
    except (SQLAlchemyError, AlembicError) as exc:
        reason, what = str(exc), "cannot migrate the database"
    else:
        return
    raise CommandError(f"{what}: {_one_line(reason) or 'unknown error'}") from None


def _check_can_listen(host: str, port: int) -> None:
    """Fail before migrating when the address is taken or unknown (uvicorn would log several lines)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _serve(args: argparse.Namespace) -> int:
    own_folder = _metrics_folder(args.workers)
    try:
        from org_invitations.bootstrap import bootstrap

        # After the imports: what they log as they load (Alembic's plugins) is not ours to show.
        configure_logging(args.log_format, args.log_level, write_behind=True)
        settings = _settings().served_at(args.host, args.port)
        _check_can_listen(args.host, args.port)
        with _database():
            services = bootstrap(settings)
        if args.workers == 1:
            from org_invitations.web.app import create_app

            _run_uvicorn(create_app(settings, services=services), args)
            return 0
        # Migrated, and the server key usable, before any worker starts; each builds its own app
        # (`worker_app`) from the environment set here.
        services.close()
        os.environ[ENV_PREFIX + "PUBLIC_BASE_URL"] = settings.public_base_url
        os.environ[ENV_PREFIX + "MIGRATE_ON_START"] = "false"
        os.environ[WORKER_LOGS] = f"{args.log_format}:{args.log_level}"
        _run_uvicorn(f"{__name__}:worker_app", args, factory=True, workers=args.workers)
        return 0
    finally:
        if own_folder:
            shutil.rmtree(own_folder, ignore_errors=True)


def _metrics_folder(workers: int) -> str | None:
    """Where the processes' metrics meet: PROMETHEUS_MULTIPROC_DIR when set (made if missing),
    else, for several workers, a new folder for this run (returned, to be removed at the end).
    Before anything imports the Prometheus client, which reads the variable once."""
    if os.environ.get(METRICS_FOLDER):
        Path(os.environ[METRICS_FOLDER]).mkdir(parents=True, exist_ok=True)
        return None
    if workers == 1:
        return None
    os.environ[METRICS_FOLDER] = tempfile.mkdtemp(prefix="org-invitations-metrics-")
    return os.environ[METRICS_FOLDER]


def worker_app() -> Any:
    """The app of one of `serve --workers N`'s processes, configured by the environment it set."""
    from org_invitations.web.app import create_app

    log_format, _, log_level = os.environ.get(WORKER_LOGS, "json:info").partition(":")
    configure_logging("text" if log_format == "text" else "json", log_level, write_behind=True)
    return create_app(Settings())


def _run_uvicorn(app: Any, args: argparse.Namespace, **options: Any) -> None:
    import uvicorn

    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        log_config=None,  # ours (configure_logging), not uvicorn's
        access_log=False,  # one line per request comes from RequestLog, with what it knows
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        **options,
    )


def _migrate(args: argparse.Namespace) -> int:
    from org_invitations.storage.engine import make_engine
    from org_invitations.storage.migrate import current_revision, head_revision, upgrade

    settings = _settings()
    with _database():
        where = _printable_url(settings.database_url)
        engine = make_engine(settings.database_url)
        try:
            if args.check:
                with engine.connect() as connection:
                    current, head = current_revision(connection), head_revision()
                if current != head:
                    print(f"database at {current or 'no revision'}, this version needs {head}: {where}")
                    return BEHIND
            else:
                upgrade(engine)
        finally:
            engine.dispose()
    print(f"database at head: {where}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from org_invitations.bootstrap import bootstrap

    settings = _settings().model_copy(update={"migrate_on_start": False})
    with _database():
        services = bootstrap(settings)
        try:
            stats = services.stats.snapshot()
        finally:
            services.close()
    waited = None if stats.oldest_pending is None else int(stats.oldest_pending.total_seconds())
    if args.json:
        print(
            json.dumps(
                {
                    "invitations": {status.value: count for status, count in stats.invitations.items()},
                    "outbox": {state.value: count for state, count in stats.outbox.items()},
                    "oldest_pending_seconds": waited,
                }
            )
        )
        return 0
    print(
        "invitations: " + ", ".join(f"{status.value} {count}" for status, count in stats.invitations.items())
    )
    print("outbox: " + ", ".join(f"{state.value} {count}" for state, count in stats.outbox.items()))
    print(f"oldest pending message: {'none' if waited is None else f'{waited} s old'}")
    return 0


def _purge(_args: argparse.Namespace) -> int:
    from org_invitations.bootstrap import bootstrap

    settings = _settings()
    with _database():
        services = bootstrap(settings)
        try:
            deleted = services.retention.purge()
        finally:
            services.close()
    print(f"purged {deleted} invitations finished more than 30 days ago")
    return 0


def _deliver(args: argparse.Namespace) -> int:
    from org_invitations.bootstrap import bootstrap
    from org_invitations.metrics import process_ended
    from org_invitations.services.delivery import worker_name

    configure_logging(args.log_format, "info")
    settings = _settings()
    with _database():
        services = bootstrap(settings)
    worker, batch = worker_name(), settings.delivery_batch_size
    sent = retried = failed = dropped = 0
    try:
        while True:
            report = services.delivery.deliver_due(worker, batch)
            sent, retried = sent + report.sent, retried + report.retried
            failed, dropped = failed + report.failed, dropped + report.dropped
            if report.claimed < batch:
                if args.once:
                    break
                time.sleep(settings.delivery_interval_seconds)
    except KeyboardInterrupt:  # Ctrl-C: what was claimed and not marked is freed when its lease ends
        pass
    finally:
        services.close()
        process_ended()  # its live gauges leave the metrics folder it may share with the servers
    print(f"sent {sent}, to retry {retried}, failed {failed}, not needed {dropped}")
    return 0


ONCE = "This API key is shown once and will not be shown again: the service keeps only its hash."


@contextmanager
def _refused() -> Iterator[None]:
    """What the contract or the core refuses, as the command's one line."""
    from org_invitations.admin_requests import Invalid
    from org_invitations.domain.errors import DomainError

    try:
        yield
    except Invalid as exc:
        raise CommandError(f"invalid {exc}") from None
    except DomainError as exc:
        raise CommandError(f"{exc.code}: {exc.detail}") from None


def _create_account(args: argparse.Namespace) -> int:
    from org_invitations.admin_requests import account_create
    from org_invitations.bootstrap import bootstrap
    from org_invitations.generated import models
    from org_invitations.handlers.views import view

    with _refused():
        request = account_create(args.name, args.email)
    settings = _settings()
    with _database():
        services = bootstrap(settings)
        try:
            created = services.accounts.create(request.name, request.email, by_operator=True)
        finally:
            services.close()
    if args.json:  # what POST /v1/accounts answers
        print(view(models.AccountCreated, created).model_dump_json(exclude_unset=True))
        print(ONCE, file=sys.stderr)
    else:
        print(f"account_id {created.account.id}")
        print(f"api_key {created.api_key}")
        print(ONCE)
    return 0


def _create_organization(args: argparse.Namespace) -> int:
    from org_invitations.admin_requests import organization_create
    from org_invitations.bootstrap import bootstrap
    from org_invitations.generated import models
    from org_invitations.handlers.views import view

    with _refused():
        request = organization_create(args.name)
    settings = _settings()
    with _database():
        services = bootstrap(settings)
        try:
            with _refused():
                services.accounts.get(args.owner)  # an unknown owner said so, not as a caller's refusal
                organization = services.organizations.create(args.owner, request.name)
        finally:
            services.close()
    if args.json:  # what POST /v1/organizations answers
        print(view(models.Organization, organization).model_dump_json(exclude_unset=True))
    else:
        print(organization.id)
    return 0


@contextmanager
def _report_file(path: Path | None) -> Iterator[Callable[[dict[str, Any]], None]]:
    """How to write `--report`: opened before any row is made, so that a path that cannot be
    written stops the import before it starts."""
    if path is None:
        yield lambda _report: None
        return
    try:
        file = path.open("w", encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot write the report {path}: {exc.strerror or exc}") from None
    with file:
        yield lambda report: print(json.dumps(report, indent=2, ensure_ascii=False), file=file)


@contextmanager
def _progress(total: int, *, hidden: bool) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr (stdout is for the summary), hidden with --quiet; yields `advance`."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("inviting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), disable=hidden) as progress:
        task = progress.add_task("inviting", total=total)
        yield lambda: progress.advance(task)


def _invite(args: argparse.Namespace) -> int:
    from org_invitations.bootstrap import bootstrap
    from org_invitations.bulk_invitations import BulkInvitations, CannotImport, Outcome, RowResult, read_rows

    settings = _settings()
    try:
        rows = read_rows(args.csv_file)
        with _database():
            services = bootstrap(settings)
            try:
                bulk = BulkInvitations.prepare(services, args.organization_id, args.inviter, len(rows))
                with (
                    _report_file(args.report) as write_report,
                    _progress(len(rows), hidden=args.quiet) as advance,
                ):

                    def done(row: RowResult) -> None:
                        advance()
                        if row.outcome is Outcome.REFUSED:  # on stderr, under --quiet too
                            print(row.in_one_line(), file=sys.stderr)

                    report = bulk.run(rows, done)
                    write_report(report.as_json())
            finally:
                services.close()
    except CannotImport as exc:
        raise CommandError(str(exc)) from None
    summary = report.summary()
    refused = summary[Outcome.REFUSED]
    if refused or not args.quiet:
        print(", ".join(f"{outcome} {count}" for outcome, count in summary.items()))
    return REFUSED_ROWS if refused else 0


EXIT_CODES = f"""\
exit codes:
  0  done (invite: every row was created or a duplicate)
  1  the command failed; one line on stderr says why
  2  a wrong command line
  {BEHIND}  migrate --check: the database needs migrating
  {REFUSED_ROWS}  invite: some rows were refused (listed on stderr, and in --report)

Settings come from ORG_INVITATIONS_* environment variables (README.md, Configuration).
"""

# Each command's --help, set after the parsers are made (one place for all of them).
DESCRIPTIONS = {
    "serve": """\
Run the HTTP server: the native API under /v1, the vendors' dialects, the invitation
page, the probes (/healthz, /readyz) and /metrics. It migrates the database first
unless MIGRATE_ON_START=false, sends the outbox itself unless DELIVER_IN_SERVER=false,
and purges finished invitations every PURGE_INTERVAL_SECONDS. --workers N runs N
processes on the port; their metrics meet in PROMETHEUS_MULTIPROC_DIR (a new folder
for the run when unset), so /metrics of any of them counts for all.""",
    "migrate": f"""\
Upgrade the configured database (DATABASE_URL) to this version's newest schema
revision, then say where it is (its password hidden). With --check, change nothing
and exit {BEHIND} when the database is not at that revision: for a deployment script
that must not start a release on an old schema.""",
    "stats": """\
Count the invitations by state (as of now: one past its expiry counts as expired)
and the outbox's messages by state, with the age of the oldest one not yet sent: a
growing age means delivery is stuck. --json prints one object, for scripts and
monitoring.""",
    "purge": """\
Apply the retention once: delete the invitations that finished (accepted, declined,
cancelled or expired) more than 30 days ago, with their audit trail. The server does
it by itself every PURGE_INTERVAL_SECONDS; run this from cron when that is 0.""",
    "deliver": """\
Send the outbox, the invitation emails and webhook events owed, retrying failures
with backoff, until stopped (Ctrl-C); --once sends what is due now and exits, for
cron. Set DELIVER_IN_SERVER=false on the servers when this runs apart; several of
these may run at once (each message is leased to one of them).""",
    "create-account": """\
Create an account, and print its id and its API key. The key is shown this once:
the service keeps only its hash. The name and the email are checked as
POST /v1/accounts checks them. This works when ALLOW_SIGNUP=false too: that closes
sign-up to the public, not to the operator. --json prints what POST /v1/accounts
answers.""",
    "create-organization": """\
Create an organization owned by an existing account, as if that account had called
POST /v1/organizations, and print the organization's id (--json: the organization
as the API shows it).""",
    "invite": f"""\
Invite people by email into an organization, from a CSV file with a header row.

Columns, in any order: email (required), given_name, family_name, roles (member,
admin, or both as admin;member; member when empty) and notes. Cells are trimmed, an
empty cell is an absent value, and a line with no value at all is skipped. Each row
is checked as POST /v1/organizations/{{id}}/invitations checks its body (the
invitation is valid 14 days), then made in a transaction of its own: a bad row loses
nothing else.

A row ends created; duplicate, when a pending invitation already addresses its
email (made before, by an earlier row, or by an earlier run: running the same file
again is safe); or refused, with a code: malformed_row (not as many cells as the
header has columns), validation_failed (what the API would refuse) or the core's
refusal. Refused rows are listed on stderr; stdout ends with "created N, duplicate
N, refused N". The invitation emails go out through the outbox as usual; no
invitation token is ever printed or reported.

The inviter is the organization's owner, unless --as names another of its owners or
admins. The import is not held to INVITATIONS_PER_ORG_PER_DAY, the throttle that
guards the service from its API callers: the operator is trusted, so these
invitations are counted by a throttle of this process alone, never in the window
the servers share.

Exit 0 when every row was created or a duplicate, {REFUSED_ROWS} when some row was refused, 1
when the command failed (the file, the organization, the inviter, the database): one
line on stderr says why. The file, the organization, the inviter and the --report
path are checked before the first row is made.""",
}


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog=PROG,
        description=__doc__,
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="server processes sharing the port (default 1); /metrics of any one counts for all",
    )
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug", "trace"]
    )
    serve.add_argument(
        "--log-format",
        default="json",
        choices=["json", "text"],
        help="json: one JSON object per line (default); text: for a terminal",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose X-Forwarded-For is trusted for the client address (throttling counts by it)",
    )
    serve.set_defaults(run=_serve)
    migrate = commands.add_parser("migrate", help="upgrade the database schema to the newest revision")
    migrate.add_argument(
        "--check",
        action="store_true",
        help=f"change nothing; exit {BEHIND} when the database is not at this version's revision",
    )
    migrate.set_defaults(run=_migrate)
    stats = commands.add_parser("stats", help="invitations by state, and the outbox's backlog and its age")
    stats.add_argument("--json", action="store_true", help="one JSON object, for scripts")
    stats.set_defaults(run=_stats)
    purge = commands.add_parser("purge", help="delete invitations finished more than 30 days ago")
    purge.set_defaults(run=_purge)
    deliver = commands.add_parser(
        "deliver",
        help="send the outbox (invitation emails) until stopped; set DELIVER_IN_SERVER=false on the servers",
    )
    deliver.add_argument("--once", action="store_true", help="send what is due now, then exit (for cron)")
    deliver.add_argument("--log-format", default="json", choices=["json", "text"])
    deliver.set_defaults(run=_deliver)
    account = commands.add_parser("create-account", help="create an account; its API key is shown once")
    account.add_argument("--name", required=True, help="its display name")
    account.add_argument("--email", help="its email (optional, unverified: it grants nothing)")
    account.add_argument("--json", action="store_true", help="what POST /v1/accounts answers, for scripts")
    account.set_defaults(run=_create_account)
    organization = commands.add_parser(
        "create-organization", help="create an organization owned by an existing account"
    )
    organization.add_argument("--name", required=True, help="its display name")
    organization.add_argument("--owner", required=True, metavar="ACCOUNT_ID", help="the account that owns it")
    organization.add_argument("--json", action="store_true", help="the organization as the API shows it")
    organization.set_defaults(run=_create_organization)
    invite = commands.add_parser("invite", help="invite people by email from a CSV file, with a report")
    invite.add_argument("organization_id", metavar="ORGANIZATION_ID")
    invite.add_argument("csv_file", metavar="CSV_FILE", type=Path)
    invite.add_argument(
        "--as",
        dest="inviter",
        metavar="ACCOUNT_ID",
        help="who invites: an owner or admin of the organization (default: its owner)",
    )
    invite.add_argument(
        "--report",
        type=Path,
        metavar="OUT.json",
        help="also write a JSON report: organization_id, summary, and each row's line, email, "
        "outcome, invitation_id or existing_invitation_id, code and message",
    )
    invite.add_argument(
        "--quiet",
        action="store_true",
        help="no progress bar, and nothing on stdout unless a row was refused (for cron)",
    )
    invite.set_defaults(run=_invite)
    for name, command in commands.choices.items():
        command.description = DESCRIPTIONS.get(name, command.description)
        command.formatter_class = argparse.RawDescriptionHelpFormatter
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except CommandError as exc:
        message = str(exc)
    except Exception as exc:  # a bug: still one line, naming what was raised
        message = f"unexpected {type(exc).__name__}: {_one_line(str(exc))}"
    print(f"{PROG}: error: {_redact(message)}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
