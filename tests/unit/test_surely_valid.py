"""The compiled parameter check never passes a value jsonschema would refuse, and passes the usual ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator

from org_invitations.web.validation import FORMAT_CHECKER, SurelyValid

SPEC = yaml.safe_load((Path(__file__).parents[2] / "generated" / "openapi.yaml").read_text())


def _resolved(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SPEC["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


PARAMETER_SCHEMAS = {
    name: _resolved(parameter["schema"]) for name, parameter in SPEC["components"]["parameters"].items()
}
VALUES = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"[a-z]-[0-9a-z]{30,34}", fullmatch=True),
    st.integers(min_value=-5, max_value=2_000),
    st.booleans(),
    st.none(),
)


@pytest.mark.parametrize("name", sorted(PARAMETER_SCHEMAS))
@settings(max_examples=300, deadline=None)
@given(value=VALUES)
def test_a_value_the_check_passes_is_valid_for_jsonschema(name: str, value: Any) -> None:
    schema = PARAMETER_SCHEMAS[name]
    if SurelyValid(schema)(value):
        assert not list(Draft4Validator(schema, format_checker=FORMAT_CHECKER).iter_errors(value))


def test_the_usual_values_need_no_jsonschema() -> None:
    handshake_id = SurelyValid(PARAMETER_SCHEMAS["HandshakeId"])
    assert handshake_id("h-" + "a" * 32)
    assert not handshake_id("h-" + "a" * 32 + "\n")
    assert not handshake_id("h-" + "A" * 32)
    limit = SurelyValid(PARAMETER_SCHEMAS["Limit"])
    assert limit(50)
    assert not limit(True)
    assert not limit("50")


def test_a_schema_with_other_keywords_is_left_to_jsonschema() -> None:
    assert not SurelyValid({"type": "string", "not": {"enum": ["x"]}})("2026-12-03T10:00:00Z")
    assert not SurelyValid({"type": "number", "minimum": 0})(1)
    assert not SurelyValid({"type": "integer", "exclusiveMinimum": True, "minimum": 0})(1)
    assert not SurelyValid({"type": "object", "additionalProperties": {"type": "string"}})({})
    assert not SurelyValid({"type": "array", "items": {"type": "integer"}, "uniqueItems": True})([1, 2])
