"""Settings, read from `ORG_INVITATIONS_*` environment variables when asked for, never at import."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_PATH = Path("var") / "org_invitations.sqlite3"
DEFAULT_SERVER_KEY_PATH = Path("var") / "server.key"
DEFAULT_EMAIL_DIRECTORY = Path("var") / "outbox"
INVITATION_PATH = "/invitations/"  # the invitation page (openapi/ops.yaml)
# The Prometheus client's own variable: the folder where several processes' metrics meet.
METRICS_FOLDER = "PROMETHEUS_MULTIPROC_DIR"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORG_INVITATIONS_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATABASE_PATH}",
        description="SQLAlchemy URL; SQLite under var/ by default, postgresql+psycopg://… for PostgreSQL.",
    )
    database_pool_size: int = Field(default=10, ge=1, le=500)
    database_max_overflow: int = Field(default=10, ge=0, le=500)
    handler_threads: int = Field(
        default=4,
        ge=1,
        le=256,
        description=(
            "Threads per server process that run the handlers' database work. They share one "
            "interpreter lock, so more only overlap more waits on the database, and each costs lock "
            "hand-offs: under 32 connections 4 served lookups 20-45 % faster than 40 on PostgreSQL, and "
            "on SQLite 4 served lookups, creates and accepts 5-20 % faster than 40 (bench/RESULTS.md)."
        ),
    )
    migrate_on_start: bool = True
    allow_signup: bool = Field(default=True, description="Whether anyone may call create_account.")
    api_key_cache_seconds: int = Field(
        default=60,
        ge=0,
        le=3600,
        description="How long a process remembers an API key or access key it has checked (0: always ask the database).",
    )
    api_key_cache_size: int = Field(
        default=10_000, ge=0, description="How many API keys, and how many access keys, a process remembers."
    )
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    body_read_timeout_seconds: float = Field(
        default=5.0, gt=0, le=300, description="A request body not received in this time gets 408."
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8080",
        description=(
            "Where invitation links point (scheme, host, port); "
            "when not set, `serve` points them at the address it listens on."
        ),
    )
    invitation_link_template: str | None = Field(
        default=None,
        description=(
            "Where invitation links point instead of this service: a URL with {token}, such as "
            "https://app.example.com/join?token={token}, for an application with its own page."
        ),
    )
    invitations_per_org_per_day: int = Field(default=50, ge=1, description="Invitations and resends.")
    token_lookups_per_client_per_minute: int = Field(default=30, ge=1)
    rate_limit_storage_url: str = Field(
        default="memory://",
        description="Where throttle counters live: memory:// (one process) or redis://host:6379 (shared).",
    )
    rate_limit_key_prefix: str = Field(
        default="org-invitations", description="Prefix of the throttle keys in shared storage."
    )
    purge_interval_seconds: int = Field(
        default=3600, ge=0, description="How often the server purges old invitations; 0 switches it off."
    )
    server_key: SecretStr | None = Field(
        default=None,
        description=(
            "The key access-key secrets are encrypted under: base64 of 32 bytes. "
            "Unset (or empty), the key is kept in server_key_file."
        ),
    )
    server_key_file: Path = Field(
        default=DEFAULT_SERVER_KEY_PATH,
        description="Where the server key is kept when server_key is not set; created (mode 0600) on first start.",
    )
    metrics_allow_from: str = Field(
        default="127.0.0.0/8,::1/128",
        description=(
            "Addresses or networks (comma-separated) that may read /metrics without a token; "
            "empty: none. Behind a proxy, the client address is the one it forwards."
        ),
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="A bearer token that lets a scraper read /metrics from any address.",
    )
    validate_responses: bool = Field(
        default=False, description="Check every response against the spec (tests switch this on)."
    )
    # --- delivery -------------------------------------------------------------------------------
    email_transport: Literal["eml", "smtp"] = Field(
        default="eml",
        description="eml: each email a .eml file in email_directory (the default, for development); smtp: mailed.",
    )
    email_directory: Path = Field(
        default=DEFAULT_EMAIL_DIRECTORY, description="Where the eml transport writes."
    )
    email_from: str = Field(
        default="org-invitations <invitations@localhost>", description="The From of every email."
    )
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_security: Literal["none", "starttls", "tls"] = Field(
        default="none",
        description="starttls: upgrade a plain connection (port 587); tls: implicit TLS (465).",
    )
    smtp_username: str | None = Field(default=None, description="Log in when set (with smtp_password).")
    smtp_password: SecretStr | None = None
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    deliver_in_server: bool = Field(
        default=True,
        description="Run a delivery worker inside the server; off when `org-invitations deliver` runs apart.",
    )
    delivery_interval_seconds: float = Field(
        default=2.0, gt=0, le=3600, description="How often a worker looks for due messages when idle."
    )
    delivery_batch_size: int = Field(
        default=20, ge=1, le=1000, description="Messages a worker claims at once."
    )
    delivery_max_attempts: int = Field(
        default=8, ge=1, le=100, description="Attempts before a message fails."
    )
    delivery_retry_seconds: float = Field(
        default=30.0, gt=0, description="The wait after a first failure; it doubles after each next one."
    )
    delivery_retry_cap_seconds: float = Field(
        default=3600.0, gt=0, description="The longest wait between attempts."
    )
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, le=60, description="Per webhook request.")
    webhook_allow_private_addresses: bool = Field(
        default=False,
        description=(
            "Let webhook URLs reach loopback, private and link-local addresses "
            "(development and tests; never where untrusted users register webhooks)."
        ),
    )
    delivery_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a claimed message is a worker's; past it (a worker killed), another may send it.",
    )

    @field_validator("invitation_link_template")
    @classmethod
    def _a_url_with_the_token(cls, template: str | None) -> str | None:
        if not template:
            return None
        if "{token}" not in template or urlsplit(template).scheme not in ("http", "https"):
            raise ValueError("must be an http(s) URL containing {token}")
        return template

    @field_validator("metrics_allow_from")
    @classmethod
    def _networks(cls, networks: str) -> str:
        for network in networks.split(","):
            if network.strip():
                try:
                    ipaddress.ip_network(network.strip(), strict=False)
                except ValueError:
                    raise ValueError(f"{network.strip()!r} is not an address or network") from None
        return networks

    def metrics_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The networks whose clients may read /metrics without the token."""
        return tuple(
            ipaddress.ip_network(network.strip(), strict=False)
            for network in self.metrics_allow_from.split(",")
            if network.strip()
        )

    def invitation_link(self, token: str) -> str:
        """Where an invitation's holder opens it: the link of emails and of create's answer."""
        if self.invitation_link_template:
            return self.invitation_link_template.replace("{token}", token)
        return f"{self.public_base_url.rstrip('/')}{INVITATION_PATH}{token}"

    def served_at(self, host: str, port: int) -> Settings:
        """These settings for a server listening on host:port: links follow it unless PUBLIC_BASE_URL is set."""
        if "public_base_url" in self.model_fields_set and self.public_base_url.strip():
            return self
        return self.model_copy(update={"public_base_url": listening_url(host, port)})


def listening_url(host: str, port: int) -> str:
    """The http URL that reaches a server bound to host:port from this machine."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:  # a name such as localhost, or "" (every address)
        return f"http://{host or '127.0.0.1'}:{port}"
    if address.is_unspecified:  # 0.0.0.0 or ::, every address: loopback is one of them
        return f"http://{'127.0.0.1' if address.version == 4 else 'localhost'}:{port}"
    if address.version == 6:
        return f"http://[{address.compressed}]:{port}"
    return f"http://{address}:{port}"
