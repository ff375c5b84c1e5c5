"""Which methods each spec'd path answers: what the dialect router and the 405's Allow header use."""

from __future__ import annotations

from org_invitations.web.app import OPS_SPEC, V1_BASE_PATH, V1_SPEC
from org_invitations.web.operations import AllowedMethods


def test_a_path_answers_the_methods_its_spec_gives_it_and_no_others() -> None:
    allowed = AllowedMethods.of(V1_SPEC, V1_BASE_PATH)
    allowed.add_spec(OPS_SPEC, "")
    handshake = "/v1/organizations/handshakes/h-0123"
    assert allowed.serves("GET", handshake)
    assert allowed.serves("GET", handshake + "/")  # the trailing slash is refused later, with a 404
    assert not allowed.serves("DELETE", handshake)
    assert allowed.serves("POST", handshake + "/accept")
    assert not allowed.serves("GET", handshake + "/accept")
    assert allowed.serves("GET", "/healthz")
    assert not allowed.serves("GET", "/v1/organizations/handshakes/h-1/accept/more")
    assert not allowed.serves("GET", "/v1/nothing")
    assert allowed.for_path(handshake + "/accept") == "POST"
    assert allowed.for_path("/v1/nothing") is None


def test_a_path_that_two_templates_match_answers_the_methods_of_both() -> None:
    allowed = AllowedMethods.of(V1_SPEC, V1_BASE_PATH)
    # /organizations/{organization_id}/invitations (GET, POST) and
    # /organizations/handshakes/{handshake_id} (GET) both match this path.
    ambiguous = "/v1/organizations/handshakes/invitations"
    assert allowed.serves("GET", ambiguous)
    assert allowed.serves("POST", ambiguous)


def test_only_the_operations_that_need_no_credentials_when_asked() -> None:
    public = AllowedMethods.of(V1_SPEC, V1_BASE_PATH, public_only=True)
    assert public.serves("GET", "/v1/organizations/invitations/oit_x")
    assert not public.serves("GET", "/v1/organizations/handshakes/h-1")
