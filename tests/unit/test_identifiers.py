import re
from collections import Counter
from datetime import UTC, datetime

from org_invitations.credentials import SecretKind, hash_secret, new_secret
from org_invitations.ids import new_account_id, new_handshake_id, new_organization_id
from org_invitations.storage.paging import decode_marker, encode_marker


def test_ids_have_the_documented_shapes() -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", new_account_id())
    assert re.fullmatch(r"o-[0-9a-z]{32}", new_organization_id())
    assert re.fullmatch(r"h-[0-9a-z]{32}", new_handshake_id())


def test_secrets_are_random_prefixed_and_hashed_one_way() -> None:
    first, second = new_secret(SecretKind.API_KEY), new_secret(SecretKind.API_KEY)
    assert first != second
    assert first.startswith("oik_") and len(first) > 40
    assert hash_secret(first) != first
    assert re.fullmatch(r"[0-9a-f]{64}", hash_secret(first))
    assert hash_secret(first) == hash_secret(first)


def test_marker_round_trips_and_fits_the_documented_pattern() -> None:
    at = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    marker = encode_marker(at, "h-abc")
    assert re.fullmatch(r"[0-9]{1,11}\.[0-9a-z-]{1,64}", marker)
    assert decode_marker(marker) == (at, "h-abc")


def test_the_largest_marker_the_spec_allows_is_a_valid_position() -> None:
    at, key = decode_marker("99999999999." + "z" * 64)
    assert at.year == 5138 and key == "z" * 64


def test_id_letters_are_drawn_evenly_at_every_position() -> None:
    """Every one of the 36 letters turns up at each of the 32 positions, none far more than its share."""
    ids = [new_handshake_id()[2:] for _ in range(3600)]
    for position in range(32):
        counts = Counter(identifier[position] for identifier in ids)
        assert len(counts) == 36, position
        assert max(counts.values()) < 3 * 100, position  # 100 of each expected
