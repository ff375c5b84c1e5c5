"""Shared fixtures: a fresh SQLite file per test, the real app, and the generated client bound to it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from connexion import AsyncApp
from org_invitations_client import AuthenticatedClient, Client
from org_invitations_client.api.accounts import create_account
from org_invitations_client.models import AccountCreate, AccountCreated
from sqlalchemy import Engine
from starlette.testclient import TestClient

from org_invitations.bootstrap import Services, bootstrap
from org_invitations.settings import Settings
from org_invitations.storage.engine import make_engine
from org_invitations.web.app import V1_BASE_PATH, create_app
from tests.databases import fresh_database, throttle_storage
from tests.fakes import ManualClock as ManualClock  # tests import it from here too

BASE_URL = "http://testserver" + V1_BASE_PATH


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        server_key_file=tmp_path / "var" / "server.key",
        validate_responses=True,
        # The delivery tests switch the worker on; elsewhere it would only add statements to count.
        deliver_in_server=False,
        # Likewise the purge: each lifespan would start it in a thread of its own, whose connection
        # a test counting connections in use might see (the purge tests switch it on).
        purge_interval_seconds=0,
        email_directory=tmp_path / "var" / "outbox",
        **throttle_storage(),  # type: ignore[arg-type]
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def services(settings: Settings, clock: ManualClock) -> Iterator[Services]:
    services = bootstrap(settings, clock)
    yield services
    services.close()


@pytest.fixture
def app_factory(settings: Settings, clock: ManualClock) -> Iterator[Callable[..., AsyncApp]]:
    """More apps on the test's database, with other settings; their connections closed at the end."""
    made: list[Services] = []

    def make(**overrides: Any) -> AsyncApp:
        changed = settings.model_copy(update=overrides)
        made.append(bootstrap(changed, clock))
        return create_app(changed, services=made[-1])

    yield make
    for services in made:
        services.close()


@pytest.fixture
def app(settings: Settings, services: Services) -> AsyncApp:
    return create_app(settings, services=services)


@pytest.fixture
def engine(settings: Settings, app: AsyncApp) -> Iterator[Engine]:
    """A second connection to the app's database, to check what it stored."""
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def http(app: AsyncApp) -> Iterator[TestClient]:
    """Raw HTTP against the in-process app, for what a typed client cannot send."""
    with TestClient(app, base_url="http://testserver", raise_server_exceptions=False) as client:
        yield client


def in_process(app: AsyncApp, **options: Any) -> httpx.Client:
    """An httpx client that calls the app in-process, for the generated client.

    Starlette's TestClient speaks httpx2's interface, which the generated client (typed
    against httpx) uses the same way.
    """
    return cast(httpx.Client, TestClient(app, base_url=BASE_URL, **options))


@pytest.fixture
def anonymous(app: AsyncApp) -> Client:
    client = Client(base_url=BASE_URL, raise_on_unexpected_status=True)
    client.set_httpx_client(in_process(app, raise_server_exceptions=False))
    return client


@dataclass
class Caller:
    """An account created through the API, with a client that authenticates as it."""

    id: str
    name: str
    api_key: str
    client: AuthenticatedClient


@pytest.fixture
def as_key(app: AsyncApp) -> Callable[[str], AuthenticatedClient]:
    def bind(api_key: str) -> AuthenticatedClient:
        client = AuthenticatedClient(base_url=BASE_URL, token=api_key, raise_on_unexpected_status=True)
        http = in_process(app, raise_server_exceptions=False)
        http.headers["Authorization"] = f"Bearer {api_key}"
        client.set_httpx_client(http)
        return client

    return bind


@pytest.fixture
def new_account(anonymous: Client, as_key: Callable[[str], AuthenticatedClient]) -> Callable[[str], Caller]:
    def make(name: str = "Ada Lovelace") -> Caller:
        created = create_account.sync(client=anonymous, body=AccountCreate(name=name))
        assert isinstance(created, AccountCreated)
        return Caller(created.account.id, created.account.name, created.api_key, as_key(created.api_key))

    return make
