"""Does the current contract break clients built from the last released one?

Breaking, for a generated client: a removed or renamed operation; a new required
parameter or request field, or a request field or parameter taken away; a response
field removed, retyped, made optional or nullable; a new value in a response enum or a
new variant in a response union (the client's models reject what they do not know).
Such a change needs a major bump of `info.version` over the released one.

`python tools/compat.py` compares generated/openapi.yaml with the newest spec in
openapi/released/ and exits 1 on an unannounced break.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
RELEASED = ROOT / "openapi" / "released"
CURRENT = ROOT / "generated" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "patch")

Spec = dict[str, Any]


def major(version: str) -> int:
    return int(version.split(".", 1)[0])


def resolve(spec: Spec, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    if isinstance(node, dict) and len(node.get("allOf", [])) == 1:  # `allOf: [$ref]` + description
        merged = {**resolve(spec, node["allOf"][0]), **{k: v for k, v in node.items() if k != "allOf"}}
        return merged
    return node


def _variants(node: dict[str, Any]) -> set[str]:
    return {ref["$ref"].rsplit("/", 1)[-1] for ref in node.get("oneOf", []) if "$ref" in ref}


class _Comparison:
    def __init__(self, old: Spec, new: Spec) -> None:
        self.old, self.new = old, new
        self.found: list[str] = []

    def breaks(self, message: str) -> None:
        self.found.append(message)

    def operations(self) -> None:
        for path, old_item in self.old.get("paths", {}).items():
            new_item = self.new.get("paths", {}).get(path, {})
            for method in METHODS:
                if method not in old_item:
                    continue
                where = f"{method.upper()} {path}"
                old_op = old_item[method]
                new_op = new_item.get(method)
                if new_op is None:
                    self.breaks(f"{where}: operation removed")
                    continue
                if new_op.get("operationId") != old_op.get("operationId"):
                    self.breaks(f"{where}: operationId renamed (client functions are named after it)")
                self.parameters(where, old_item, old_op, new_item, new_op)
                self.request_body(where, old_op, new_op)
                self.responses(where, old_op, new_op)

    def _params(self, spec: Spec, item: dict[str, Any], op: dict[str, Any]) -> dict[tuple[str, str], Any]:
        params = [resolve(spec, p) for p in item.get("parameters", []) + op.get("parameters", [])]
        return {(p["in"], p["name"]): p for p in params}

    def parameters(self, where: str, old_item: Any, old_op: Any, new_item: Any, new_op: Any) -> None:
        old, new = self._params(self.old, old_item, old_op), self._params(self.new, new_item, new_op)
        for key in old.keys() - new.keys():
            self.breaks(f"{where}: parameter {key[0]}.{key[1]} removed")
        for key, param in new.items():
            if param.get("required") and not old.get(key, {}).get("required"):
                self.breaks(f"{where}: parameter {key[0]}.{key[1]} is now required")
            if key in old:
                self.request_schema(
                    f"{where} {key[0]}.{key[1]}", old[key].get("schema", {}), param.get("schema", {})
                )

    def request_body(self, where: str, old_op: Any, new_op: Any) -> None:
        old_body, new_body = old_op.get("requestBody"), new_op.get("requestBody")
        if new_body is None:
            if old_body is not None:
                self.breaks(f"{where}: request body removed")
            return
        if new_body.get("required") and not (old_body or {}).get("required"):
            self.breaks(f"{where}: request body is now required")
        if old_body is not None:
            old_schema = old_body["content"].get("application/json", {}).get("schema", {})
            new_schema = new_body["content"].get("application/json", {}).get("schema", {})
            self.request_schema(f"{where} body", old_schema, new_schema)

    def request_schema(self, where: str, old: Any, new: Any) -> None:
        old, new = resolve(self.old, old), resolve(self.new, new)
        if old.get("type") != new.get("type"):
            self.breaks(f"{where}: type {old.get('type')} became {new.get('type')}")
            return
        if set(old.get("enum", [])) - set(new.get("enum", old.get("enum", []))):
            self.breaks(f"{where}: enum values no longer accepted")
        for name in set(new.get("required", [])) - set(old.get("required", [])):
            self.breaks(f"{where}.{name}: new required field")
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        if new.get("additionalProperties") is False:
            for name in old_props.keys() - new_props.keys():
                self.breaks(f"{where}.{name}: field no longer accepted")
        for name in old_props.keys() & new_props.keys():
            self.request_schema(f"{where}.{name}", old_props[name], new_props[name])
        if "items" in old and "items" in new:
            self.request_schema(f"{where}[]", old["items"], new["items"])
        for variant in _variants(old) - _variants(new):
            self.breaks(f"{where}: variant {variant} no longer accepted")

    def responses(self, where: str, old_op: Any, new_op: Any) -> None:
        for status, old_response in old_op.get("responses", {}).items():
            if not status.startswith("2"):
                continue
            new_response = new_op.get("responses", {}).get(status)
            if new_response is None:
                self.breaks(f"{where}: success response {status} removed")
                continue
            old_content = resolve(self.old, old_response).get("content", {}).get("application/json")
            new_content = resolve(self.new, new_response).get("content", {}).get("application/json")
            if old_content and not new_content:
                self.breaks(f"{where} {status}: JSON body removed")
            elif old_content and new_content:
                self.response_schema(f"{where} {status}", old_content["schema"], new_content["schema"])

    def response_schema(self, where: str, old: Any, new: Any) -> None:
        old, new = resolve(self.old, old), resolve(self.new, new)
        if old.get("type") != new.get("type"):
            self.breaks(f"{where}: type {old.get('type')} became {new.get('type')}")
            return
        if new.get("nullable") and not old.get("nullable"):
            self.breaks(f"{where}: may now be null")
        if set(new.get("enum", [])) - set(old.get("enum", new.get("enum", []))):
            self.breaks(f"{where}: new enum values old clients cannot parse")
        for variant in _variants(new) - _variants(old):
            self.breaks(f"{where}: new variant {variant} old clients cannot parse")
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        for name in old_props.keys() - new_props.keys():
            self.breaks(f"{where}.{name}: field removed")
        for name in set(old.get("required", [])) - set(new.get("required", [])):
            if name in new_props:
                self.breaks(f"{where}.{name}: no longer always present")
        for name in old_props.keys() & new_props.keys():
            self.response_schema(f"{where}.{name}", old_props[name], new_props[name])
        if "items" in old and "items" in new:
            self.response_schema(f"{where}[]", old["items"], new["items"])


def breaking_changes(old: Spec, new: Spec) -> list[str]:
    comparison = _Comparison(old, new)
    comparison.operations()
    return comparison.found


def unannounced_breaks(old: Spec, new: Spec) -> list[str]:
    """The breaking changes, unless the new version's major number says clients must expect them."""
    if major(new["info"]["version"]) > major(old["info"]["version"]):
        return []
    return breaking_changes(old, new)


def latest_release(folder: Path = RELEASED) -> Path:
    releases = sorted(folder.glob("*.yaml"), key=lambda p: tuple(int(n) for n in p.stem.split(".")))
    if not releases:
        raise SystemExit(f"compat: no released spec in {folder}")
    return releases[-1]


def load(path: Path) -> Spec:
    spec: Spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    return spec


def main() -> int:
    released = latest_release()
    found = unannounced_breaks(load(released), load(CURRENT))
    if found:
        print(
            f"compat: breaking changes against {released.name} without a major version bump:", file=sys.stderr
        )
        print("\n".join(f"  - {line}" for line in found), file=sys.stderr)
        return 1
    print(f"compat: no unannounced breaking change against {released.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
