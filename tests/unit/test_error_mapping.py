"""Every domain refusal has one stable code and one problem+json mapping."""

from __future__ import annotations

from org_invitations.domain.errors import DomainError
from org_invitations.web.problems import PROBLEMS


def all_domain_errors() -> set[type[DomainError]]:
    found: set[type[DomainError]] = set()
    pending = [DomainError]
    while pending:
        for subclass in pending.pop().__subclasses__():
            found.add(subclass)
            pending.append(subclass)
    return found


def test_every_domain_error_is_mapped_to_a_problem() -> None:
    assert all_domain_errors() == set(PROBLEMS)


def test_each_code_belongs_to_one_error() -> None:
    codes = [error.code for error in all_domain_errors()]
    assert len(codes) == len(set(codes))
