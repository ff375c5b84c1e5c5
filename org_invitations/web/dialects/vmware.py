"""VMware Cloud Services, declared: its IAM paths under `/csp/gateway/am/api`, `csp-auth-token`
(an access token: a native security token, from the public API-token exchange)."""

from __future__ import annotations

from pathlib import Path

from org_invitations import generated
from org_invitations.handlers.vmware import VmwareHandlers
from org_invitations.web.dialects import Dialect, UnderPrefix
from org_invitations.web.dialects.credentials import SecurityTokenInHeader
from org_invitations.web.dialects.vmware_errors import VmwareErrorFormat

BASE_PATH = "/csp/gateway/am/api"
WHERE = UnderPrefix(BASE_PATH)


VMWARE = Dialect(
    name="vmware",
    spec=Path(generated.__file__).parent / "dialects" / "vmware" / "openapi.yaml",
    recognizes=WHERE.recognizes,
    internal_path=WHERE.internal_path,
    credentials=SecurityTokenInHeader("csp-auth-token"),
    errors=VmwareErrorFormat(),
    handlers=VmwareHandlers,
)
