"""A request the generated model refuses after the contract let it through is a 400, never a 500."""

from __future__ import annotations

import pytest

from org_invitations.generated import models
from org_invitations.web.problems import HttpProblem
from org_invitations.web.validation import request_model


def test_a_model_refusal_is_a_validation_problem_naming_the_field() -> None:
    with pytest.raises(HttpProblem) as refused:
        request_model(models.AccountCreate, {"name": "Ada", "email": 42})
    assert refused.value.status == 400
    assert refused.value.ext["code"] == "validation_failed"
    assert [error["field"] for error in refused.value.ext["errors"]] == ["body.email"]


def test_an_acceptable_body_becomes_the_typed_request() -> None:
    assert request_model(models.AccountCreate, {"name": "Ada"}).name == "Ada"
