"""Invitation tokens are derived from the server key: shown again to admins, never stored readable."""

from __future__ import annotations

import dataclasses
import re

from org_invitations.credentials import InvitationTokens, hash_secret
from tests.unit.conftest import Cast

TOKEN = re.compile(r"oit_[A-Za-z0-9_-]{43}")


def test_a_token_is_the_invitations_id_and_version_under_the_key() -> None:
    tokens, other_server = InvitationTokens(b"k" * 32), InvitationTokens(b"K" * 32)

    assert TOKEN.fullmatch(tokens.of("h-" + "a" * 32, 1))
    assert tokens.of("h-" + "a" * 32, 1) == InvitationTokens(b"k" * 32).of("h-" + "a" * 32, 1)
    assert tokens.of("h-" + "a" * 32, 1) != tokens.of("h-" + "a" * 32, 2)
    assert tokens.of("h-" + "a" * 32, 1) != tokens.of("h-" + "b" * 32, 1)
    assert tokens.of("h-" + "a" * 32, 1) != other_server.of("h-" + "a" * 32, 1)
    assert "kkkk" not in repr(tokens)


def test_the_token_shown_once_can_be_shown_again_and_only_its_hash_is_stored(cast: Cast) -> None:
    issued = cast.invite()

    assert issued.invitation.token_version == 1
    assert cast.core.invitations.token_of(issued.invitation) == issued.invitation_token
    stored = cast.core.storage.store.committed
    assert issued.invitation_token not in repr(stored)
    assert cast.core.invitations.preview(issued.invitation_token, "client").id == issued.invitation.id
    with cast.core.storage.reading() as uow:
        assert uow.invitations.by_token(hash_secret(issued.invitation_token)) is not None


def test_a_resend_moves_to_the_next_version_and_kills_the_old_token(cast: Cast) -> None:
    first = cast.invite()
    again = cast.core.invitations.resend(cast.admin, cast.org, first.invitation.id)

    assert again.invitation.token_version == 2
    assert again.invitation_token != first.invitation_token
    assert cast.core.invitations.token_of(again.invitation) == again.invitation_token
    with cast.core.storage.reading() as uow:
        assert uow.invitations.by_token(hash_secret(first.invitation_token)) is None


def test_an_invitation_from_before_derived_tokens_has_no_token_to_show(cast: Cast) -> None:
    legacy = dataclasses.replace(cast.invite().invitation, token_version=0)

    assert cast.core.invitations.token_of(legacy) is None
