"""What the core reports for metrics: a step once it is committed (never one rolled back), a
refused transition by its code, a throttle refusal, each delivery attempt's outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest

from org_invitations.domain.errors import (
    AlreadyInState,
    DuplicateInvitation,
    InvitationExpired,
    InvitationNotFound,
    RateLimited,
)
from org_invitations.domain.invitations import Action, Status, TargetType
from tests.fakes import ManualClock, RecordingTelemetry
from tests.unit.conftest import VALIDITY, Cast, build_core, request, sign_up, throttle


def test_each_committed_step_is_reported_once(cast: Cast) -> None:
    telemetry = cast.core.telemetry
    telemetry.steps.clear()  # the cast's own joins
    by_email = cast.invite("ada@example.com", target_type=TargetType.EMAIL).invitation
    by_account = cast.invite().invitation
    cast.core.invitations.resend(cast.admin, cast.org, by_email.id)
    cast.core.invitations.accept(cast.invitee, by_account.id)
    cast.core.invitations.cancel(cast.admin, by_email.id)

    assert telemetry.steps == [
        Action.CREATED,
        Action.CREATED,
        Action.RESENT,
        Action.ACCEPTED,
        Action.CANCELLED,
    ]
    assert telemetry.refusals == []


def test_a_batch_rolled_back_reports_no_creation(cast: Cast) -> None:
    cast.invite("taken@example.com", target_type=TargetType.EMAIL)
    cast.core.telemetry.steps.clear()
    batch = [request(e, target_type=TargetType.EMAIL) for e in ("new@example.com", "taken@example.com")]

    with pytest.raises(DuplicateInvitation):
        cast.core.invitations.create_many(cast.admin, cast.org, batch)

    assert cast.core.telemetry.steps == []


def test_a_refused_transition_is_reported_by_its_code(cast: Cast) -> None:
    invitation = cast.invite().invitation
    cast.core.invitations.accept(cast.invitee, invitation.id)

    with pytest.raises(AlreadyInState):
        cast.core.invitations.accept(cast.invitee, invitation.id)

    assert cast.core.telemetry.refusals == [(Status.ACCEPTED, "already_in_state")]


def test_an_expiry_found_by_a_refused_accept_is_reported_with_the_refusal(
    cast: Cast, clock: ManualClock
) -> None:
    issued = cast.invite("late@example.com", target_type=TargetType.EMAIL)
    cast.core.telemetry.steps.clear()
    clock.advance(VALIDITY + timedelta(seconds=1))

    with pytest.raises(InvitationExpired):
        cast.core.invitations.accept_by_token(cast.outsider, issued.invitation_token, "10.0.0.1")

    assert cast.core.telemetry.steps == [Action.EXPIRED]  # the expiry is committed with the refusal
    assert cast.core.telemetry.refusals == [(Status.ACCEPTED, "invitation_expired")]


def test_a_throttle_refusal_is_reported_by_its_limit(clock: ManualClock) -> None:
    telemetry = RecordingTelemetry()
    core = build_core(clock, limits=throttle(token_lookups_per_minute=1, telemetry=telemetry))
    core.accounts.create("Ada", None)
    with pytest.raises(InvitationNotFound):
        core.invitations.preview("oit_guess", "10.0.0.1")

    with pytest.raises(RateLimited):
        core.invitations.accept_by_token(sign_up(core, "Grace"), "oit_guess", "10.0.0.1")

    assert telemetry.throttles == ["token-lookups"]
    assert core.telemetry.refusals == [(Status.ACCEPTED, "rate_limited")]
