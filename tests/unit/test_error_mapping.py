"""Every domain refusal has one stable code, and one mapping in every wire format: problem+json and each dialect's."""

from __future__ import annotations

from org_invitations.domain.errors import DomainError
from org_invitations.signing.request import Refusal
from org_invitations.web.dialects import (
    aws_errors,
    elastic_errors,
    huawei_errors,
    infodeck_errors,
    vmware_errors,
)
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


def test_every_domain_error_and_signature_refusal_has_an_aws_name() -> None:
    assert all_domain_errors() == set(aws_errors.DOMAIN)
    assert set(Refusal) == set(aws_errors.SIGNATURE)


def test_every_domain_error_and_signature_refusal_has_a_huawei_code() -> None:
    assert all_domain_errors() == set(huawei_errors.DOMAIN)
    assert set(Refusal) == set(huawei_errors.SIGNATURE)


def test_every_domain_error_and_signature_refusal_has_an_infodeck_error() -> None:
    assert all_domain_errors() == set(infodeck_errors.DOMAIN)
    assert set(Refusal) == set(infodeck_errors.SIGNATURE)


def test_every_domain_error_and_signature_refusal_has_an_elastic_code() -> None:
    assert all_domain_errors() == set(elastic_errors.DOMAIN)
    assert set(Refusal) == set(elastic_errors.SIGNATURE)


def test_every_domain_error_and_signature_refusal_has_a_vmware_error() -> None:
    assert all_domain_errors() == set(vmware_errors.DOMAIN)
    assert set(Refusal) == set(vmware_errors.SIGNATURE)
