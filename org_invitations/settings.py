"""Settings, read from `ORG_INVITATIONS_*` environment variables when asked for, never at import."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_PATH = Path("var") / "org_invitations.sqlite3"
DEFAULT_SERVER_KEY_PATH = Path("var") / "server.key"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ORG_INVITATIONS_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{DEFAULT_DATABASE_PATH}",
        description="SQLAlchemy URL; SQLite under var/ by default, postgresql+psycopg://… for PostgreSQL.",
    )
    database_pool_size: int = Field(default=10, ge=1, le=500)
    database_max_overflow: int = Field(default=10, ge=0, le=500)
    migrate_on_start: bool = True
    allow_signup: bool = Field(default=True, description="Whether anyone may call create_account.")
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
    validate_responses: bool = Field(
        default=False, description="Check every response against the spec (tests switch this on)."
    )

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
