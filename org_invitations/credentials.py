"""Secrets (API keys, security tokens, invitation tokens): random, shown once, stored as SHA-256.

The secrets carry 256 bits of entropy, so a fast unsalted hash is enough to make
a stolen table useless, and it lets a presented secret be found by an index lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from enum import StrEnum


class SecretKind(StrEnum):
    API_KEY = "oik_"
    SECURITY_TOKEN = "ost_"
    INVITATION_TOKEN = "oit_"


def new_secret(kind: SecretKind) -> str:
    return kind.value + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
