"""`org-invitations serve|migrate|purge`: run the server, update the schema, or apply retention."""

from __future__ import annotations

import argparse
import sys

from org_invitations.settings import Settings


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from org_invitations.web.app import create_app

    app = create_app(Settings())
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


def _migrate(_args: argparse.Namespace) -> int:
    from org_invitations.storage.engine import make_engine
    from org_invitations.storage.migrate import upgrade

    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print(f"database at head: {settings.database_url}")
    return 0


def _purge(_args: argparse.Namespace) -> int:
    from org_invitations.bootstrap import bootstrap

    services = bootstrap(Settings())
    try:
        deleted = services.retention.purge()
    finally:
        services.close()
    print(f"purged {deleted} invitations finished more than 30 days ago")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="org-invitations", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="proxies whose X-Forwarded-For is trusted for the client address (throttling counts by it)",
    )
    serve.set_defaults(run=_serve)
    migrate = commands.add_parser("migrate", help="upgrade the database schema to the newest revision")
    migrate.set_defaults(run=_migrate)
    purge = commands.add_parser("purge", help="delete invitations finished more than 30 days ago")
    purge.set_defaults(run=_purge)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
