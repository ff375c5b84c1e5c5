"""Prometheus metrics: what the service does, counted where it happens, exposed at `/metrics`.

Counters and histograms live in the official client. Under several worker processes
(`serve --workers N`) the client's multiprocess mode keeps each process's values in files of
a shared folder (`PROMETHEUS_MULTIPROC_DIR`, set before any worker imports the client), and
a scrape of any worker sums them all. What the database holds (the outbox's backlog) is read
from it at scrape time, by whichever worker is scraped, so every worker tells the same.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as multiprocess_mode
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from sqlalchemy import Engine, event

from org_invitations.domain.invitations import Action, Status
from org_invitations.domain.outbox import Delivery, MessageKind
from org_invitations.services.stats import StatsService
from org_invitations.settings import METRICS_FOLDER

logger = logging.getLogger(__name__)

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4  # the text format every Prometheus version reads
UNROUTED = "unrouted"  # the operation of a request that matched none (bounded label values)

REQUESTS = Counter(
    "org_invitations_http_requests",
    "HTTP requests by API (v1, ops, or a dialect: aws, huawei, elastic, infodeck, vmware), "
    "operation (its operationId) and status code.",
    ["api", "operation", "status"],
)
LATENCY = Histogram(
    "org_invitations_http_request_duration_seconds",
    "Time from a request's arrival to its response's end, by API and operation.",
    ["api", "operation"],
)
CREATED = Counter("org_invitations_invitations_created", "Invitations created, from every API.")
RESENT = Counter("org_invitations_invitations_resent", "Invitations resent (a new token and expiry).")
TRANSITIONS = Counter(
    "org_invitations_invitation_transitions",
    "Transitions of invitations by the state asked for and outcome: `done`, or the refusal's code "
    "(already_in_state, invalid_transition, invitation_expired, ...). Expiry is always done.",
    ["to", "outcome"],
)
THROTTLED = Counter(
    "org_invitations_throttled_requests",
    "Requests refused by a throttle: `invitations` (per organization per 24 h) or "
    "`token-lookups` (per client per minute).",
    ["limit"],
)
DELIVERY_ATTEMPTS = Counter(
    "org_invitations_delivery_attempts",
    "Delivery attempts of outbox messages by kind (invitation_email, webhook) and outcome: "
    "sent, retry (failed, tried again later), failed (for good), skipped, superseded.",
    ["kind", "outcome"],
)
CONNECTIONS_IN_USE = Gauge(
    "org_invitations_database_connections_in_use",
    "Database connections checked out of the pools, summed over the live worker processes.",
    multiprocess_mode="livesum",
)

DONE = "done"
DELIVERY_OUTCOME = {Delivery.PENDING: "retry"}  # the others by their own name


class PrometheusTelemetry:
    """The core's telemetry (services.ports.Telemetry) as Prometheus counters."""

    def stepped(self, action: Action) -> None:
        if action is Action.CREATED:
            CREATED.inc()
        elif action is Action.RESENT:
            RESENT.inc()
        else:
            TRANSITIONS.labels(action.value, DONE).inc()

    def transition_refused(self, wanted: Status, code: str) -> None:
        TRANSITIONS.labels(wanted.value, code).inc()

    def throttled(self, limit: str) -> None:
        THROTTLED.labels(limit).inc()

    def delivered(self, kind: MessageKind, outcome: Delivery) -> None:
        DELIVERY_ATTEMPTS.labels(kind.value, DELIVERY_OUTCOME.get(outcome, outcome.value)).inc()


_REQUEST_SERIES: dict[tuple[str, str | None, int], tuple[Any, Any]] = {}


def observe_request(api: str, operation: str | None, status: int, seconds: float) -> None:
    """One request, counted and timed (from the measurement its log line reports).

    Each series is looked up by its labels once per process and kept: the label values are
    bounded (the APIs, their operationIds, the statuses the server sends)."""
    key = (api, operation, status)
    series = _REQUEST_SERIES.get(key)
    if series is None:
        labelled = operation or UNROUTED
        series = _REQUEST_SERIES[key] = (
            REQUESTS.labels(api, labelled, str(status)),
            LATENCY.labels(api, labelled),
        )
    count, latency = series
    count.inc()
    latency.observe(seconds)


def count_connections_in_use(engine: Engine) -> None:
    """Keep CONNECTIONS_IN_USE by the pool's own checkouts and checkins."""
    event.listen(engine, "checkout", _checked_out)
    event.listen(engine, "checkin", _checked_in)


def _checked_out(*_: Any) -> None:
    CONNECTIONS_IN_USE.inc()


def _checked_in(*_: Any) -> None:
    CONNECTIONS_IN_USE.dec()


class OutboxBacklog:
    """The outbox by status and the age of its oldest unsent message, read at scrape time."""

    def __init__(self, stats: StatsService) -> None:
        self._stats = stats

    def collect(self) -> Iterator[Metric]:
        try:
            backlog = self._stats.backlog()
        except Exception:  # the database is away: /readyz says so; the scrape still answers
            logger.warning("metrics: the outbox backlog could not be read", exc_info=True)
            return
        messages = GaugeMetricFamily(
            "org_invitations_outbox_messages",
            "Outbox messages (invitation emails, webhook events) by status, as stored now.",
            labels=["status"],
        )
        for status, count in backlog.outbox.items():
            messages.add_metric([status.value], count)
        yield messages
        waited = backlog.oldest_pending.total_seconds() if backlog.oldest_pending else 0.0
        yield GaugeMetricFamily(
            "org_invitations_outbox_oldest_pending_age_seconds",
            "How long the oldest message still to be sent has waited (0 when none waits).",
            value=waited,
        )


def is_multiprocess() -> bool:
    return bool(os.environ.get(METRICS_FOLDER))


class Exposition:
    """The text a scrape reads: every process's counts, then what the database holds."""

    def __init__(self, stats: StatsService) -> None:
        self._database = CollectorRegistry(auto_describe=False)
        self._database.register(OutboxBacklog(stats))

    def render(self) -> bytes:
        if is_multiprocess():
            processes = CollectorRegistry()
            multiprocess_mode.MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
        else:
            processes = REGISTRY
        return generate_latest(processes) + generate_latest(self._database)


def process_ended() -> None:
    """Drop this process's live gauges from the shared folder (its counters stay counted)."""
    if is_multiprocess():
        multiprocess_mode.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
