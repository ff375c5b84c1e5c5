"""What the admin command line is given, validated as the API validates the same request bodies.

The generated request models are the contract. What they cannot state, the `canonical-email`
format and `uniqueItems`, is checked here as the server checks it (org_invitations/web/validation.py),
so a value the API refuses is refused here too, with the API's code, and nothing gets in by one
door that the other keeps out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from org_invitations.domain.emails import email_problem
from org_invitations.generated import models

M = TypeVar("M", bound=BaseModel)

PATTERN_MISMATCH = "has a control character, or no visible one"
"""Instead of pydantic's message, which quotes the whole regular expression."""


class Invalid(Exception):
    """Values the contract refuses, each as `field: message`, as the API's `errors` name them."""

    code = "validation_failed"

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems.items()))
        self.problems = dict(problems)


def account_create(name: str, email: str | None) -> models.AccountCreate:
    body: dict[str, Any] = {"name": name} if email is None else {"name": name, "email": email}
    return _validated(models.AccountCreate, body, emails={"email": email})


def organization_create(name: str) -> models.OrganizationCreate:
    return _validated(models.OrganizationCreate, {"name": name}, emails={})


def email_invitation(
    email: str, roles: list[str], given_name: str | None, family_name: str | None, notes: str | None
) -> models.InvitationCreate:
    """An invitation-create body for a person by email (14 days, the contract's default validity).

    Problems are named by the fields of the person: `email`, `roles`, `given_name`, `family_name`,
    `notes`."""
    body: dict[str, Any] = {"target": {"type": "email", "entity": email}, "roles": roles}
    optional = {"given_name": given_name, "family_name": family_name, "notes": notes}
    body |= {name: value for name, value in optional.items() if value is not None}
    duplicated = {"roles": "has non-unique elements"} if len(set(roles)) < len(roles) else {}
    return _validated(
        models.InvitationCreate, body, emails={"email": email}, renamed={"target": "email"}, more=duplicated
    )


def _validated(
    model: type[M],
    body: dict[str, Any],
    *,
    emails: Mapping[str, str | None],
    renamed: Mapping[str, str] | None = None,
    more: Mapping[str, str] | None = None,
) -> M:
    """The model of `body`, or Invalid naming each field at fault once (its first problem).

    `emails`: the fields whose value is an address, checked for `canonical-email` (whose reason
    replaces the model's pattern message); `renamed`: field names for the top-level keys of `body`
    that are not the name to report; `more`: problems found beforehand."""
    problems: dict[str, str] = {}
    for field, address in emails.items():
        reason = email_problem(address) if address else None
        if reason:
            problems[field] = reason
    problems |= {field: message for field, message in (more or {}).items() if field not in problems}
    try:
        validated = model.model_validate(body)
    except ValidationError as exc:
        for error in exc.errors(include_url=False, include_input=False):
            top = str(error["loc"][0]) if error["loc"] else "body"
            field = (renamed or {}).get(top, top)
            message = PATTERN_MISMATCH if error["type"] == "string_pattern_mismatch" else error["msg"]
            problems.setdefault(field, message)
    else:
        if not problems:
            return validated
    raise Invalid(problems)
