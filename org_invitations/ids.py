"""Resource ids: `o-`/`h-`/`e-`/`wh-` and 32 of [0-9a-z] (organizations, handshakes, audit events,
webhook endpoints), 32 hex digits (accounts, outbox messages), and each account's 12-digit alias."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.digits + string.ascii_lowercase


def _random(length: int = 32) -> str:
    """Uniform over the alphabet's `length`-letter words, from one draw of the system's randomness
    (one `secrets.choice` per letter costs a draw per letter)."""
    n = secrets.randbelow(len(_ALPHABET) ** length)
    letters = []
    for _ in range(length):
        n, digit = divmod(n, len(_ALPHABET))
        letters.append(_ALPHABET[digit])
    return "".join(letters)


def new_account_id() -> str:
    return secrets.token_hex(16)


def new_organization_id() -> str:
    return "o-" + _random()


def new_handshake_id() -> str:
    return "h-" + _random()


def new_event_id() -> str:
    return "e-" + _random()


def new_account_alias() -> str:
    """12 random digits, the first not 0, so that a tool reading it as a number keeps all 12."""
    return str(10**11 + secrets.randbelow(9 * 10**11))


def new_message_id() -> str:
    """An outbox message: 32 hex digits (also the email's Message-ID)."""
    return secrets.token_hex(16)


def new_webhook_id() -> str:
    return "wh-" + _random()
