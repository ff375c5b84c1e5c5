"""Access-key secrets sealed under the server key: AES-256-GCM, so only the server can recover them.

Signatures (AWS SigV4, Huawei SDK-HMAC-SHA256) are HMACs keyed by the secret, so unlike an
API key it cannot be kept as a hash. Each secret is sealed with a random 96-bit nonce and
the access key id as associated data: a sealed secret copied onto another key's row does
not open. What is stored is the nonce followed by the ciphertext and its 16-byte tag.

The server key is 32 random bytes, given base64-encoded in a setting or kept in a key file
that the first start creates with mode 0600. Whoever holds it and a copy of the database
holds every access key; whoever loses it loses them all (each must be created anew).
Nothing here puts a secret or a key into an exception message or a log line.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_BYTES = 32
NONCE_BYTES = 12


class ServerKeyError(Exception):
    """The server key cannot be used; the message is one line and never holds the key."""


class UnreadableSecret(Exception):
    """A sealed secret does not open: another server key sealed it, or it was altered."""


class SecretBox:
    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ServerKeyError(f"the server key must be {KEY_BYTES} bytes")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "SecretBox(<server key>)"

    def seal(self, secret: str, access_key_id: str) -> bytes:
        nonce = secrets.token_bytes(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, secret.encode(), access_key_id.encode())

    def open(self, sealed: bytes, access_key_id: str) -> str:
        nonce, ciphertext = sealed[:NONCE_BYTES], sealed[NONCE_BYTES:]
        try:
            return self._aead.decrypt(nonce, ciphertext, access_key_id.encode()).decode()
        except (InvalidTag, ValueError):
            raise UnreadableSecret(f"the secret of access key {access_key_id} does not open") from None


def new_server_key() -> str:
    """A fresh server key, base64-encoded as the setting and the key file hold it."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def decode_server_key(text: str, where: str) -> bytes:
    """The key `text` encodes (base64 of 32 bytes, surrounding whitespace ignored); `where` names its source."""
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ServerKeyError(f"{where} is not the base64 of {KEY_BYTES} bytes")
    return key


def server_key_from_file(path: Path) -> bytes:
    """The key in `path`, created (mode 0600, with its folder) when there is none.

    An existing file any group or other user may access, or one that does not hold a key,
    is refused. Servers starting together on one machine agree on one key: the file
    appears whole (written aside, then linked into place) or not at all.
    """
    try:
        return _read_key_file(path)
    except FileNotFoundError:
        pass
    try:
        _create_key_file(path)
    except OSError as exc:
        raise ServerKeyError(f"cannot create the server key file {path}: {exc.strerror or exc}") from None
    try:
        return _read_key_file(path)
    except FileNotFoundError:  # a dangling link, or removed at once
        raise ServerKeyError(f"cannot read the server key file {path}: it vanished") from None


def _read_key_file(path: Path) -> bytes:
    try:
        with path.open("rb") as file:
            mode = os.fstat(file.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise ServerKeyError(f"the server key file {path} is not a regular file")
            if mode & 0o077:
                raise ServerKeyError(
                    f"the server key file {path} is accessible by group or others "
                    f"(mode {stat.S_IMODE(mode):04o}); run: chmod 600 {path}"
                )
            content = file.read(1024)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ServerKeyError(f"cannot read the server key file {path}: {exc.strerror or exc}") from None
    try:
        text = content.decode("ascii")
    except UnicodeDecodeError:
        text = ""
    return decode_server_key(text, f"the server key file {path}")


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    # Owner-only from its first byte: a umask can only take permissions away from 0600.
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(new_server_key() + "\n")
            file.flush()
            os.fsync(file.fileno())
        with contextlib.suppress(FileExistsError):  # another server created it first: theirs it is
            os.link(aside, path)  # atomic: the file appears whole
    finally:
        aside.unlink(missing_ok=True)
