"""Access-key secrets sealed under the server key: only that key opens them, for that key id only."""

from __future__ import annotations

import base64
import os

import pytest

from org_invitations.secret_box import (
    KEY_BYTES,
    NONCE_BYTES,
    SecretBox,
    ServerKeyError,
    UnreadableSecret,
    decode_server_key,
    new_server_key,
)

SECRET = "h4Rk9TzW2qLm7Xc0Vb5Nf8Jd3Gs6Ya1Pe4Uo9Ki2"
KEY_ID = "OIAKV7Q2M9X4L1P8R3T6"


@pytest.fixture
def box() -> SecretBox:
    return SecretBox(os.urandom(KEY_BYTES))


def test_a_sealed_secret_opens_with_the_same_key_and_id(box: SecretBox) -> None:
    assert box.open(box.seal(SECRET, KEY_ID), KEY_ID) == SECRET


def test_the_sealed_form_holds_no_plaintext_and_differs_each_time(box: SecretBox) -> None:
    first, second = box.seal(SECRET, KEY_ID), box.seal(SECRET, KEY_ID)

    assert SECRET.encode() not in first
    assert first != second  # a fresh nonce each time
    assert len(first) == NONCE_BYTES + len(SECRET) + 16  # nonce, ciphertext, tag


def test_another_server_key_cannot_open_it(box: SecretBox) -> None:
    sealed = box.seal(SECRET, KEY_ID)

    with pytest.raises(UnreadableSecret):
        SecretBox(os.urandom(KEY_BYTES)).open(sealed, KEY_ID)


@pytest.mark.parametrize(
    "where", [0, NONCE_BYTES, NONCE_BYTES + 20, -1], ids=["nonce", "ciphertext", "mid", "tag"]
)
def test_a_changed_byte_anywhere_is_refused(box: SecretBox, where: int) -> None:
    sealed = bytearray(box.seal(SECRET, KEY_ID))
    sealed[where] ^= 0x01

    with pytest.raises(UnreadableSecret):
        box.open(bytes(sealed), KEY_ID)


def test_a_truncated_seal_is_refused(box: SecretBox) -> None:
    with pytest.raises(UnreadableSecret):
        box.open(box.seal(SECRET, KEY_ID)[:-1], KEY_ID)
    with pytest.raises(UnreadableSecret):
        box.open(b"", KEY_ID)


def test_the_access_key_id_is_bound_to_its_secret(box: SecretBox) -> None:
    """A sealed secret copied onto another key's row does not open there."""
    sealed = box.seal(SECRET, KEY_ID)

    with pytest.raises(UnreadableSecret) as refused:
        box.open(sealed, "OIAKAAAAAAAAAAAAAAAA")
    assert SECRET not in str(refused.value)


def test_a_server_key_is_the_base64_of_32_bytes() -> None:
    key = new_server_key()

    assert len(decode_server_key(key, "the setting")) == KEY_BYTES
    assert decode_server_key(f"  {key}\n", "the setting") == base64.b64decode(key)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not base64 at all!",
        base64.b64encode(os.urandom(31)).decode(),
        base64.b64encode(os.urandom(33)).decode(),
        base64.urlsafe_b64encode(b"\xfb" * 32).decode(),  # the URL-safe alphabet is not the one
    ],
    ids=["empty", "not-base64", "31-bytes", "33-bytes", "urlsafe"],
)
def test_anything_else_is_refused_without_repeating_it(text: str) -> None:
    with pytest.raises(ServerKeyError) as refused:
        decode_server_key(text, "ORG_INVITATIONS_SERVER_KEY")

    message = str(refused.value)
    assert message == "ORG_INVITATIONS_SERVER_KEY is not the base64 of 32 bytes"
    assert not text or text not in message


def test_a_box_takes_only_a_32_byte_key_and_never_shows_it() -> None:
    with pytest.raises(ServerKeyError):
        SecretBox(os.urandom(16))
    key = os.urandom(KEY_BYTES)
    assert key.hex() not in repr(SecretBox(key)) and str(key) not in repr(SecretBox(key))
