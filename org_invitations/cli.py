"""`org-invitations serve|migrate|purge|deliver|stats`: run the server, update (or check) the
schema, apply retention, send the outbox, or count what the service holds.

Every failure ends the command with one line on stderr, `org-invitations: error: …`, and exit
code 1 (2 for a wrong command line, as argparse does; 3 for `migrate --check` on a database
that needs migrating): never a traceback, never a password.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn
from urllib.parse import unquote, urlsplit

from pydantic import ValidationError
from pydantic_settings import SettingsError

from org_invitations.logs import configure_logging
from org_invitations.settings import Settings

PROG = "org-invitations"
BEHIND = 3  # the exit code of `migrate --check` when the database needs migrating
ENV_PREFIX = "ORG_INVITATIONS_"


class CommandError(Exception):
    """A failure the command reports as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """A wrong command line, in one line too (argparse would print the usage first)."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


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
    from org_invitations.bootstrap import bootstrap

    configure_logging(args.log_format, args.log_level)
    settings = _settings().served_at(args.host, args.port)
    _check_can_listen(args.host, args.port)
    with _database():
        services = bootstrap(settings)

    import uvicorn

    from org_invitations.web.app import create_app

    app = create_app(settings, services=services)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        log_config=None,  # ours (configure_logging), not uvicorn's
        access_log=False,  # one line per request comes from RequestLog, with what it knows
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


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
    print(f"sent {sent}, to retry {retried}, failed {failed}, not needed {dropped}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog=PROG, description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
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
