"""Request validation that reports every invalid field, refuses oversized or non-UTF-8 bodies, never 500s.

Stock connexion reports only the first error as free text and answers 500 to a
body that is not UTF-8; these validators replace its JSON body and parameter
validators.
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from connexion.datastructures import MediaTypeDict
from connexion.json_schema import Draft4RequestValidator
from connexion.lifecycle import ConnexionRequest
from connexion.validators import VALIDATOR_MAP as STOCK_VALIDATORS
from connexion.validators import JSONRequestBodyValidator, ParameterValidator
from jsonschema import Draft4Validator, FormatChecker, ValidationError
from pydantic import BaseModel
from pydantic import ValidationError as ModelValidationError
from starlette.datastructures import Headers
from starlette.types import Message, Receive, Scope

from org_invitations.domain.emails import email_problem
from org_invitations.web.problems import HttpProblem, clip

MAX_JSON_DEPTH = 32
"""Deeper bodies are refused before parsing: no operation nests deeper than a few levels."""


def _format_checker() -> FormatChecker:
    """The standard formats plus ours: `canonical-email` (see openapi/components/schemas/Email.yaml)."""
    checker = FormatChecker(Draft4Validator.FORMAT_CHECKER.checkers)

    @checker.checks("canonical-email", raises=ValueError)
    def _canonical_email(instance: object) -> bool:
        problem = email_problem(instance) if isinstance(instance, str) else None
        if problem:
            raise ValueError(problem)
        return True

    return checker


FORMAT_CHECKER = _format_checker()

EXPLICIT_NULL = object()
"""A body that is the JSON literal `null`, which no operation accepts, unlike an absent optional body."""

VALIDATED_BODY = "org_invitations.validated_body"
"""Where in the scope's extensions the body validator leaves the JSON it decoded and validated."""


def validated_body(scope: Scope) -> tuple[Any] | None:
    """The request's JSON body as its validator decoded it (None for an empty body), in a 1-tuple; None
    when no validator read it. The handler is given this value rather than the body decoded again."""
    found: tuple[Any] | None = scope.get("extensions", {}).get(VALIDATED_BODY)
    return found


def _field(prefix: str, error: ValidationError) -> str:
    return ".".join([prefix, *(str(part) for part in error.absolute_path)])


def field_errors(prefix: str, errors: Iterable[ValidationError]) -> list[dict[str, str]]:
    """One entry per offending field, with required and unexpected properties named precisely."""
    found: list[dict[str, str]] = []
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        where = _field(prefix, error)
        branch = _discriminated_branch(prefix, error)
        if branch is not None:
            found += branch
        elif error.validator == "required" and isinstance(error.instance, dict):
            required: list[str] = list(error.validator_value)  # type: ignore[arg-type]
            missing = [name for name in required if name not in error.instance]
            found += [{"field": f"{where}.{name}", "message": "is required"} for name in missing]
        elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
            schema = error.schema if isinstance(error.schema, dict) else {}
            allowed = set(schema.get("properties", {}))
            found += [
                {"field": f"{where}.{clip(str(name))}", "message": "is not a known field"}
                for name in sorted(error.instance)
                if name not in allowed
            ]
        elif error.validator == "format" and error.cause is not None:
            found.append({"field": where, "message": clip(str(error.cause))})
        else:
            found.append({"field": where, "message": clip(error.message)})
    return found


def _too_large(limit: int) -> HttpProblem:
    return HttpProblem(413, "payload_too_large", f"Request bodies are limited to {limit} bytes.")


def _unstorable_string(value: Any, where: str) -> str | None:
    """The path of the first string no database can store faithfully (NUL, lone surrogates), if any."""
    if isinstance(value, str):
        if "\x00" in value:
            return where
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return where
        return None
    if isinstance(value, dict):
        items: Iterable[tuple[Any, Any]] = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = _unstorable_string(key, where) if isinstance(key, str) else None
        found = found or _unstorable_string(item, f"{where}.{key}")
        if found:
            return found
    return None


def _discriminated_branch(prefix: str, error: ValidationError) -> list[dict[str, str]] | None:
    """For a `oneOf` with a discriminator, the errors of the branch the discriminator picks."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    name = (schema.get("discriminator") or {}).get("propertyName")
    if error.validator != "oneOf" or not name or not isinstance(error.instance, dict):
        return None
    value = error.instance.get(name)
    for index, branch in enumerate(schema.get("oneOf", [])):
        if value in branch.get("properties", {}).get(name, {}).get("enum", []):
            return field_errors(prefix, (e for e in error.context or [] if e.schema_path[0] == index))
    choices = ", ".join(
        str(v)
        for branch in schema.get("oneOf", [])
        for v in branch.get("properties", {}).get(name, {}).get("enum", [])
    )
    return [{"field": f"{_field(prefix, error)}.{name}", "message": f"must be one of: {choices}"}]


def bracket_depths(text: str) -> Iterator[int]:
    """The nesting depth after each bracket of JSON text (outside strings), without parsing it."""
    depth = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            yield depth
        elif character in "]}":
            depth -= 1
            yield depth


def _nested_deeper_than(text: str, limit: int) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit` (no recursion involved)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    return any(depth > limit for depth in bracket_depths(text))


M = TypeVar("M", bound=BaseModel)


def request_model(model: type[M], body: Any, prefix: str = "body") -> M:
    """The typed request; should the model refuse what the contract let through, a 400 all the same."""
    try:
        return model.model_validate(body)
    except ModelValidationError as exc:
        raise validation_problem(
            [
                {"field": ".".join([prefix, *(str(part) for part in error["loc"])]), "message": error["msg"]}
                for error in exc.errors()
            ]
        ) from exc


def validation_problem(errors: list[dict[str, str]]) -> HttpProblem:
    return HttpProblem(
        400, "validation_failed", "The request does not match the API contract.", errors=errors
    )


async def read_body(receive: Receive, *, max_bytes: int, timeout: float) -> bytes:
    """The whole body, sized or chunked: 413 past `max_bytes`, 408 when it has not all arrived in `timeout`."""
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            more_body = True
            while more_body:
                message = await receive()
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > max_bytes:
                    raise _too_large(max_bytes)
                chunks.append(chunk)
                more_body = message.get("more_body", False)
    except TimeoutError:
        raise HttpProblem(
            408, "request_timeout", f"The request body did not arrive within {timeout:g} seconds."
        ) from None
    return b"".join(chunks)


def replayed(body: bytes, then: Receive) -> Receive:
    """A `receive` that gives the body already read, then whatever the client sends next (its disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await then()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


class JsonBodyValidator(JSONRequestBodyValidator):  # type: ignore[misc]
    def __init__(self, *, max_bytes: int, read_timeout: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._max_bytes = max_bytes
        self._read_timeout = read_timeout
        self._schema_validator = Draft4RequestValidator(self._schema, format_checker=FORMAT_CHECKER)
        self._surely_valid = SurelyValid(self._schema)

    def _decode(self, raw: bytes) -> Any:
        try:
            text = raw.decode(self._encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise HttpProblem(400, "invalid_encoding", f"The body is not valid {self._encoding}.") from exc
        if not text:
            return None
        if _nested_deeper_than(text, MAX_JSON_DEPTH):
            raise HttpProblem(
                400, "too_deeply_nested", f"JSON nested deeper than {MAX_JSON_DEPTH} levels is refused."
            )
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise HttpProblem(400, "malformed_json", f"The body is not JSON: {exc}") from exc
        if body is None:
            return EXPLICIT_NULL
        bad = _unstorable_string(body, "body")
        if bad:
            raise validation_problem(
                [{"field": bad, "message": "contains a NUL character or an unpaired surrogate"}]
            )
        return body

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """Read the whole body (sized or chunked), validate it, and replay it to the handler."""
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        if length is not None and not length.isdigit():
            raise HttpProblem(400, "bad_request", "The Content-Length header is not a number.")
        if length is not None and int(length) > self._max_bytes:
            raise _too_large(self._max_bytes)
        has_body = int(length or 0) > 0 or "chunked" in headers.get("transfer-encoding", "").lower()
        if has_body and "content-type" not in headers:
            raise HttpProblem(
                415, "unsupported_media_type", "Send the body with Content-Type: application/json."
            )
        raw = await read_body(receive, max_bytes=self._max_bytes, timeout=self._read_timeout)
        body = self._decode(raw)
        self._validate(body)
        scope.setdefault("extensions", {})[VALIDATED_BODY] = (body,)
        replay: Message = {"type": "http.request", "body": raw, "more_body": False}
        return self._insert_messages(receive, messages=[replay]), scope

    def _validate(self, body: Any) -> None:
        if body is EXPLICIT_NULL:
            raise validation_problem([{"field": "body", "message": "null is not an object"}])
        if body is None:
            if self._required:
                raise validation_problem([{"field": "body", "message": "a JSON body is required"}])
            return
        if self._surely_valid(body):
            return
        errors = field_errors("body", self._schema_validator.iter_errors(body))
        if errors:
            raise validation_problem(errors)


SOURCES = (("query", "query_params"), ("path", "path_params"), ("header", "headers"), ("cookie", "cookies"))


class _Parameters:
    """A request's parameters as connexion's request gives them, the path's read from the scope:
    most operations have path parameters only, and building a request for them cost a lookup a
    twentieth of its work. The request is built when another kind of parameter is asked for."""

    def __init__(self, scope: Scope, uri_parser: Any) -> None:
        self.scope = scope
        self._uri_parser = uri_parser

    @property
    def path_params(self) -> dict[str, Any]:
        resolved: dict[str, Any] = self._uri_parser.resolve_path(self.scope.get("path_params", {}))
        return resolved

    @functools.cached_property
    def _request(self) -> ConnexionRequest:
        return ConnexionRequest(self.scope, uri_parser=self._uri_parser)

    @property
    def query_params(self) -> Any:
        return self._request.query_params

    @property
    def headers(self) -> Any:
        return self._request.headers

    @property
    def cookies(self) -> Any:
        return self._request.cookies


class AllErrorsParameterValidator(ParameterValidator):  # type: ignore[misc]
    parameters: dict[str, list[dict[str, Any]]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # connexion merges a path item's parameters into the operation's once per middleware
        # that reads the spec, so they arrive repeated; one each, the last (the operation's) wins.
        self.parameters = {
            location: list({param["name"]: param for param in params}.values())
            for location, params in self.parameters.items()
        }
        self._schemas = {
            (location, param["name"]): Draft4Validator(param.get("schema", {}), format_checker=FORMAT_CHECKER)
            for location, params in self.parameters.items()
            for param in params
        }
        self._surely_valid = {
            (location, param["name"]): SurelyValid(param.get("schema", {}))
            for location, params in self.parameters.items()
            for param in params
        }

    def validate(self, scope: Scope) -> None:
        self.validate_request(_Parameters(scope, self.uri_parser))

    def validate_request(self, request: ConnexionRequest | _Parameters) -> None:
        errors: list[dict[str, str]] = []
        if self.strict_validation and request.scope.get("query_string"):  # no query string: nothing unknown
            known = {p["name"] for p in self.parameters.get("query", [])} | self.security_query_params
            errors += [
                {"field": f"query.{clip(name)}", "message": "is not a parameter of this operation"}
                for name in sorted(set(request.query_params.keys()) - known)
            ]
        for location, attribute in SOURCES:
            params = self.parameters.get(location)
            if not params:
                continue  # not parsed at all: most operations have path parameters only
            values = getattr(request, attribute)
            for param in params:
                name = param["name"]
                field = f"{location}.{name}"
                value = values.get(name.replace("-", "_") if location == "path" else name)
                if value is None:
                    if param.get("required"):
                        errors.append({"field": field, "message": "is required"})
                elif _unstorable_string(value, field):
                    errors.append(
                        {"field": field, "message": "contains a NUL character or an unpaired surrogate"}
                    )
                elif not self._surely_valid[(location, name)](value):
                    errors += field_errors(field, self._schemas[(location, name)].iter_errors(value))
        if errors:
            raise validation_problem(errors)


Check = Callable[[Any], bool]

ANNOTATIONS = {
    "default",
    "example",
    "description",
    "title",
    "writeOnly",
    "nullable",
    "discriminator",
    "components",
}
"""Keywords that refuse nothing in a request (`nullable` only admits null, which no check here passes).
`components` is what connexion adds to every body schema for jsonschema to resolve references in: not
a keyword, so jsonschema ignores it (a schema still holding a `$ref` is left to jsonschema)."""

KINDS: dict[str, Callable[[Any], bool]] = {
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
}


def _never(_value: Any) -> bool:
    return False


class SurelyValid:
    """A check, compiled once, that passes only values the schema surely accepts.

    compiled jsonschema costs tens of microseconds for a parameter and most of an operation's
    validation for a body. The check follows the keywords the contract uses (types, patterns,
    lengths, bounds, string enums, formats, objects with their properties, arrays of unique
    strings, `allOf`, a `oneOf` chosen by its discriminator); a value it does not pass, or any value of a
    schema using any other keyword, is judged by jsonschema, which also words the errors.
    """

    def __init__(self, schema: dict[str, Any]) -> None:
        self._check = _compiled(schema)

    def __call__(self, value: Any) -> bool:
        return self._check(value)


def _compiled(schema: Any) -> Check:
    if not isinstance(schema, dict):
        return _never
    keywords = {key for key in schema if not key.startswith("x-")} - ANNOTATIONS
    if "allOf" in keywords:
        rest = {key: value for key, value in schema.items() if key != "allOf"}
        every = [_compiled(sub) for sub in schema["allOf"]]
        every += [_compiled(rest)] if keywords != {"allOf"} else []
        return lambda value: all(check(value) for check in every)
    if "oneOf" in keywords:
        return _discriminated(schema) if keywords == {"oneOf"} else _never
    kind = KINDS.get(schema.get("type"))  # type: ignore[arg-type]
    if kind is None or schema.get("readOnly"):
        return _never
    parts = BUILDERS[schema["type"]](schema, keywords - {"type", "readOnly"})
    if parts is None:
        return _never
    checks: list[Check] = [kind, *parts]
    return lambda value: all(check(value) for check in checks)


def _string(schema: dict[str, Any], keywords: set[str]) -> list[Check] | None:
    """jsonschema's pattern is a search; lengths count code points, as len() does."""
    if not keywords <= {"pattern", "minLength", "maxLength", "enum", "format"}:
        return None
    checks: list[Check] = []
    if "pattern" in schema:
        pattern = re.compile(schema["pattern"])
        checks.append(lambda value: pattern.search(value) is not None)
    if "minLength" in schema:
        checks.append(functools.partial(_at_least, schema["minLength"], len))
    if "maxLength" in schema:
        checks.append(functools.partial(_at_most, schema["maxLength"], len))
    if "enum" in schema:
        if not all(isinstance(option, str) for option in schema["enum"]):
            return None
        options = frozenset(schema["enum"])
        checks.append(lambda value: value in options)
    if "format" in schema:
        name = schema["format"]
        checks.append(lambda value: FORMAT_CHECKER.conforms(value, name))
    return checks


def _integer(schema: dict[str, Any], keywords: set[str]) -> list[Check] | None:
    if not keywords <= {"minimum", "maximum"}:
        return None
    checks: list[Check] = []
    if "minimum" in schema:
        checks.append(functools.partial(_at_least, schema["minimum"], None))
    if "maximum" in schema:
        checks.append(functools.partial(_at_most, schema["maximum"], None))
    return checks


def _boolean(_schema: dict[str, Any], keywords: set[str]) -> list[Check] | None:
    return [] if not keywords else None


def _object(schema: dict[str, Any], keywords: set[str]) -> list[Check] | None:
    if not keywords <= {"properties", "required", "additionalProperties"}:
        return None
    closed = schema.get("additionalProperties", True)
    if not isinstance(closed, bool):
        return None
    properties = {name: _compiled(sub) for name, sub in schema.get("properties", {}).items()}
    required = tuple(schema.get("required", ()))
    known = frozenset(properties)

    def check(value: dict[str, Any]) -> bool:
        if any(name not in value for name in required):
            return False
        if not closed and not known.issuperset(value):
            return False
        return all(properties[name](item) for name, item in value.items() if name in properties)

    return [check]


def _array(schema: dict[str, Any], keywords: set[str]) -> list[Check] | None:
    if not keywords <= {"items", "minItems", "maxItems", "uniqueItems"}:
        return None
    checks: list[Check] = []
    if "items" in schema:
        item = _compiled(schema["items"])
        checks.append(lambda value: all(item(element) for element in value))
    if "minItems" in schema:
        checks.append(functools.partial(_at_least, schema["minItems"], len))
    if "maxItems" in schema:
        checks.append(functools.partial(_at_most, schema["maxItems"], len))
    if schema.get("uniqueItems"):  # among strings equality is plain: a set says it
        checks.append(
            lambda value: all(isinstance(element, str) for element in value) and len(set(value)) == len(value)
        )
    return checks


def _discriminated(schema: dict[str, Any]) -> Check:
    """A `oneOf` whose branches each fix the discriminator to their own values: a value naming one
    branch fails every other on that property, so it is valid exactly when that branch passes it."""
    name = (schema.get("discriminator") or {}).get("propertyName")
    branches: dict[str, Check] = {}
    for branch in schema["oneOf"]:
        options = branch.get("properties", {}).get(name, {}).get("enum") if isinstance(branch, dict) else None
        if (
            not name
            or not options
            or not all(isinstance(o, str) for o in options)
            or branches.keys() & set(options)
        ):
            return _never
        branches.update(dict.fromkeys(options, _compiled(branch)))

    def check(value: Any) -> bool:
        named = value.get(name) if isinstance(value, dict) else None
        chosen = branches.get(named) if isinstance(named, str) else None
        return chosen is not None and chosen(value)

    return check


def _at_least(bound: int, measure: Callable[[Any], int] | None, value: Any) -> bool:
    return bool((measure(value) if measure else value) >= bound)


def _at_most(bound: int, measure: Callable[[Any], int] | None, value: Any) -> bool:
    return bool((measure(value) if measure else value) <= bound)


BUILDERS: dict[str, Callable[[dict[str, Any], set[str]], list[Check] | None]] = {
    "string": _string,
    "integer": _integer,
    "boolean": _boolean,
    "object": _object,
    "array": _array,
}


def validator_map(max_body_bytes: int, body_read_timeout: float) -> dict[str, Any]:
    body = MediaTypeDict(STOCK_VALIDATORS["body"])
    json_body = functools.partial(JsonBodyValidator, max_bytes=max_body_bytes, read_timeout=body_read_timeout)
    body["*/*json"] = json_body
    body["application/x-amz-json-1.1"] = json_body  # the AWS dialect's JSON
    return {"parameter": AllErrorsParameterValidator, "body": body}
