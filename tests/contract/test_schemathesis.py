"""Schemathesis holds the in-process app to its contract: every operation, every check, then the linked chains.

Settings (seed, no example database, every check, two peers that sign up through
the API) come from schemathesis.toml, shared with `make fuzz`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from connexion import AsyncApp
from hypothesis import HealthCheck, settings
from pydantic import SecretStr

from org_invitations.bootstrap import bootstrap
from org_invitations.secret_box import new_server_key
from org_invitations.settings import Settings
from org_invitations.web.app import V1_BASE_PATH, create_app
from tests.contract import UNDER_LOAD
from tests.databases import fresh_database, throttle_storage

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "schemathesis.toml"


def fuzzing_settings(database_url: str) -> Settings:
    # Throttles are raised so generated requests reach the rules behind them; 429 itself
    # is tested in tests/api/test_invitation_rules.py.
    return Settings(
        database_url=database_url,
        invitations_per_org_per_day=1_000_000,
        token_lookups_per_client_per_minute=1_000_000,
        server_key=SecretStr(new_server_key()),  # nothing written to the repository's var/
        # Generated webhook URLs name hosts anywhere; none is ever posted to (no worker runs).
        webhook_allow_private_addresses=True,
        deliver_in_server=False,
        **throttle_storage(),  # type: ignore[arg-type]
    )


@contextmanager
def app_to_fuzz(directory: Path) -> Iterator[AsyncApp]:
    """The app on a fresh database, with the fuzzing settings."""
    with fresh_database(directory) as url:
        settings = fuzzing_settings(url)
        services = bootstrap(settings)
        try:
            yield create_app(settings, services=services)
        finally:
            services.close()


@pytest.fixture(scope="module")
def fuzzed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AsyncApp]:
    with app_to_fuzz(tmp_path_factory.mktemp("fuzz")) as app:
        yield app


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: AsyncApp) -> schemathesis.BaseSchema:
    config = schemathesis.Config.from_path(CONFIG)
    return schemathesis.openapi.from_asgi(f"{V1_BASE_PATH}/openapi.json", fuzzed_app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@UNDER_LOAD
def test_every_operation_holds_to_the_contract(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate()


# Explicit, so the stateful runs are the same on every machine and every run.
STATEFUL = settings(
    max_examples=40,
    stateful_step_count=12,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_linked_chains_hold_to_the_contract(api_schema: schemathesis.BaseSchema) -> None:
    api_schema.as_state_machine().run(settings=STATEFUL)
