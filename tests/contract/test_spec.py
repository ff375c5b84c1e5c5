"""The contract itself: valid, consistently shaped, and generated/ in step with it."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from org_invitations.web.app import HANDLER_GROUPS, OPS_SPEC, V1_SPEC
from org_invitations.web.operations import operation_table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import bundle_spec  # noqa: E402
import generate  # noqa: E402

SPEC: dict[str, Any] = yaml.safe_load(V1_SPEC.read_text())
METHODS = ("get", "put", "post", "delete", "patch")
OPERATIONS = [
    (path, method, item[method])
    for path, item in SPEC["paths"].items()
    for method in METHODS
    if method in item
]


@pytest.mark.parametrize("document", [ROOT / "openapi" / "openapi.yaml", V1_SPEC, OPS_SPEC])
def test_the_spec_documents_are_valid_openapi_3_0_3(document: Path) -> None:
    spec, url = read_from_filename(str(document))
    validate(spec, base_uri=url)
    assert spec["openapi"] == "3.0.3"


def test_every_operation_id_reads_as_a_python_function_name() -> None:
    ids = [operation["operationId"] for _, _, operation in OPERATIONS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", operation_id) for operation_id in ids)


def test_every_operation_has_exactly_one_handler_method() -> None:
    table = operation_table(group(None) for group in HANDLER_GROUPS)  # type: ignore[arg-type]
    assert {operation["operationId"] for _, _, operation in OPERATIONS} == set(table)


def test_every_error_is_problem_json_with_the_error_code_header() -> None:
    for path, method, operation in OPERATIONS:
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                target = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                assert list(target["content"]) == ["application/problem+json"], (path, method, status)
                assert "X-Error-Code" in target["headers"], (path, method, status)


def test_every_operation_documents_400_authenticated_ones_401_and_bodies_413_415() -> None:
    for path, method, operation in OPERATIONS:
        responses = set(operation["responses"])
        if operation.get("security") != []:
            assert "401" in responses, (path, method)
        if "requestBody" in operation:
            assert {"400", "413", "415"} <= responses, (path, method)
        # strict validation refuses unknown query parameters on every operation
        assert "400" in responses, (path, method)


def test_every_operation_has_a_tag_summary_and_success_response() -> None:
    for path, method, operation in OPERATIONS:
        assert operation.get("tags") and operation.get("summary"), (path, method)
        assert any(status.startswith("2") for status in operation["responses"]), (path, method)


def test_the_bundle_keeps_component_names() -> None:
    assert "Invitation" in SPEC["components"]["schemas"]
    text = V1_SPEC.read_text()
    assert "$ref: '#/components/schemas/Invitation'" in text
    assert ".yaml'" not in text.replace("openapi.yaml", "")


def test_an_unused_component_fails_the_bundle(tmp_path: Path) -> None:
    copy = tmp_path / "openapi"
    shutil.copytree(ROOT / "openapi", copy)
    (copy / "components" / "schemas" / "Orphan.yaml").write_text("type: string\n")
    with pytest.raises(bundle_spec.BundleError, match="Orphan"):
        bundle_spec.bundle(copy / "openapi.yaml")


def test_generated_is_exactly_what_make_generate_writes_and_a_hand_edit_is_caught(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    generate.generate(fresh)
    assert generate.differences(fresh, generate.GENERATED) == []

    edited = tmp_path / "edited"
    shutil.copytree(generate.GENERATED, edited, ignore=shutil.ignore_patterns("__pycache__"))
    model = edited / "models" / "__init__.py"
    model.write_text(model.read_text() + "# a hand edit\n")
    report = generate.differences(fresh, edited)
    assert len(report) == 1 and "a hand edit" in report[0]


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for value in node for p in _patterns(value)]
    return []


CONTRACT_PATTERNS = sorted(
    {
        pattern
        for document in (ROOT / "openapi").rglob("*.yaml")
        if "released" not in document.parts
        for pattern in _patterns(yaml.safe_load(document.read_text(encoding="utf-8")))
    }
)


@pytest.mark.parametrize("pattern", CONTRACT_PATTERNS)
def test_every_pattern_ends_where_ecma_and_python_agree(pattern: str) -> None:
    """Python's `$` also matches before a final newline, ECMA's only at the end: every `$` is `$(?!\\n)`."""
    assert re.sub(r"\$\(\?!\\n\)", "", pattern).count("$") == 0, pattern


def test_the_sweep_found_the_patterns() -> None:
    assert len(CONTRACT_PATTERNS) >= 10
