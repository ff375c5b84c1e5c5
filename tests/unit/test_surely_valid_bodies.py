"""The compiled body check never passes a body jsonschema would refuse, and passes the usual ones,
for every request body of the native API and of the dialects."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from connexion.json_schema import Draft4RequestValidator
from hypothesis import given, settings
from hypothesis import strategies as st

from org_invitations.web.validation import FORMAT_CHECKER, SurelyValid

GENERATED = Path(__file__).parents[2] / "generated"
SPECS = [GENERATED / "openapi.yaml", *sorted(GENERATED.glob("dialects/*/openapi.yaml"))]


def _inlined(node: Any, spec: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inlined(spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]], spec)
        return {key: _inlined(value, spec) for key, value in node.items()}
    if isinstance(node, list):
        return [_inlined(item, spec) for item in node]
    return node


def _bodies() -> dict[str, dict[str, Any]]:
    found = {}
    for path in SPECS:
        spec = yaml.safe_load(path.read_text())
        for item in spec["paths"].values():
            for operation in item.values():
                content = (
                    operation.get("requestBody", {}).get("content", {}) if isinstance(operation, dict) else {}
                )
                for media in content.values():
                    found[f"{path.parent.name}.{operation['operationId']}"] = _inlined(media["schema"], spec)
    return found


BODIES = _bodies()
JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5_000_000)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def shaped(schema: Any) -> st.SearchStrategy[Any]:
    """Values near the schema: mostly of its shape and often valid, with any JSON now and then."""
    if not isinstance(schema, dict):
        return JSON
    if "allOf" in schema:
        near = shaped(schema["allOf"][0])
    elif "oneOf" in schema:
        near = st.one_of([shaped(branch) for branch in schema["oneOf"]])
    elif schema.get("type") == "object":
        properties = schema.get("properties", {})
        required = [name for name in schema.get("required", []) if name in properties]
        optional = [name for name in properties if name not in required]
        near = st.builds(
            lambda fixed, more, extra: {**fixed, **more, **extra},
            st.fixed_dictionaries({name: shaped(properties[name]) for name in required}),
            st.fixed_dictionaries({}, optional={name: shaped(properties[name]) for name in optional}),
            _sometimes(
                st.dictionaries(st.sampled_from(["extra", *required]), JSON, min_size=1, max_size=1), {}
            ),
        )
    elif schema.get("type") == "array":
        items = shaped(schema.get("items", {}))
        near = st.lists(items, min_size=schema.get("minItems", 0), max_size=schema.get("maxItems", 3) + 1)
    elif schema.get("type") == "string":
        options = [*schema.get("enum", []), *([schema["example"]] if "example" in schema else [])]
        near = st.text(max_size=schema.get("maxLength", 40) + 2)
        if "pattern" in schema:
            near = st.from_regex(schema["pattern"]) | near
        if options:
            near = _sometimes(near, st.sampled_from(options))
    elif schema.get("type") == "integer":
        low, high = schema.get("minimum", -10), schema.get("maximum", 10_000)
        near = st.integers(low - 1, high + 1) | st.sampled_from([low, high, True])
    else:
        near = JSON
    return _sometimes(JSON, near)


def _sometimes(rare: st.SearchStrategy[Any], usual: Any) -> st.SearchStrategy[Any]:
    """`usual` (a strategy or a value) about eleven times in twelve, `rare` otherwise."""
    common = usual if isinstance(usual, st.SearchStrategy) else st.just(usual)
    return st.one_of(*[common] * 11, rare)


@pytest.mark.parametrize("name", sorted(BODIES))
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_a_body_the_check_passes_is_valid_for_jsonschema(name: str, data: st.DataObject) -> None:
    schema = BODIES[name]
    body = data.draw(shaped(schema))
    if SurelyValid(schema)(body):
        assert not list(Draft4RequestValidator(schema, format_checker=FORMAT_CHECKER).iter_errors(body))


@pytest.mark.parametrize(
    ("name", "body"),
    [
        (
            "generated.create_invitation",
            {"target": {"type": "email", "entity": "ada@example.com"}, "roles": ["member"]},
        ),
        (
            "generated.create_invitation",
            {
                "target": {"type": "account", "entity": "0" * 32},
                "roles": ["admin", "member"],
                "given_name": "Ada",
                "notes": "Welcome.",
                "expires_in": 3600,
            },
        ),
        ("aws.describe_handshake", {"HandshakeId": "h-" + "a" * 32}),
    ],
)
def test_the_usual_bodies_need_no_jsonschema(name: str, body: dict[str, Any]) -> None:
    schema = BODIES[name]
    assert not list(Draft4RequestValidator(schema, format_checker=FORMAT_CHECKER).iter_errors(body))
    assert SurelyValid(schema)(body)


@pytest.mark.parametrize(
    "body",
    [
        {"target": {"type": "email", "entity": "ada@example.com"}, "roles": ["member", "member"]},
        {"target": {"type": "email", "entity": "0" * 32}, "roles": ["member"]},
        {"target": {"type": "account", "entity": "ada@example.com"}, "roles": ["member"]},
        {"target": {"type": "email", "entity": "ada@example.com"}, "roles": ["member"], "extra": 1},
        {"target": {"type": "email", "entity": "p\u0430ypal@example.com"}, "roles": ["member"]},  # Cyrillic
        {"target": {"type": "email", "entity": "ada@example.com"}, "roles": ["member"], "expires_in": 60},
    ],
)
def test_what_the_check_does_not_pass_goes_to_jsonschema_which_refuses_it(body: dict[str, Any]) -> None:
    schema = BODIES["generated.create_invitation"]
    assert not SurelyValid(schema)(body)
    assert list(Draft4RequestValidator(schema, format_checker=FORMAT_CHECKER).iter_errors(body))
