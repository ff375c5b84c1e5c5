"""In the app, every operation of every API is linked through its layers and routed directly
(web/direct.py): what the whole suite then runs through."""

from __future__ import annotations

from connexion import AsyncApp
from starlette.testclient import TestClient

from org_invitations.web.app import DIALECTS, OPS_SPEC, V1_BASE_PATH, V1_SPEC
from org_invitations.web.compiled import _Routing
from org_invitations.web.direct import link_operations
from org_invitations.web.specs import load_spec

METHODS = ("get", "put", "post", "delete", "patch")


def _operations() -> set[tuple[str, str]]:
    apis = [(V1_SPEC, V1_BASE_PATH), (OPS_SPEC, ""), *((d.spec, d.mount) for d in DIALECTS)]
    return {
        (base_path, item[method]["operationId"])
        for spec_file, base_path in apis
        for item in load_spec(spec_file)["paths"].values()
        for method in METHODS
        if method in item
    }


def _routing(app: AsyncApp) -> _Routing:
    _, stack = app.middleware._build_middleware_stack()
    [routing] = [layer for layer in stack if isinstance(layer, _Routing)]
    return routing


def test_every_operation_of_every_api_is_linked(app: AsyncApp) -> None:
    routing = _routing(app)
    assert set(link_operations(routing.app)) == _operations()


def test_a_request_for_an_operation_is_routed_directly(app: AsyncApp) -> None:
    with TestClient(app) as http:
        assert http.get("/healthz").status_code == 200
        routing = next(layer for layer in app.middleware.middleware_stack if isinstance(layer, _Routing))
    assert routing._direct is not None  # built by the first request
    routed = routing._direct.find("GET", "/v1/organizations/handshakes/h-" + "0" * 32)
    assert routed is not None
    assert (routed.base_path, routed.operation_id) == ("/v1", "get_handshake")
    assert routed.path_params == {"handshake_id": "h-" + "0" * 32}
