"""The contracts as parsed documents, read once per process.

Parsing the seven documents took most of the time an app takes to build (tests build
hundreds of apps); each file is now parsed once, with libyaml when PyYAML has it, and every
reader gets its own copy (connexion changes the document it is given).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(path: Path) -> dict[str, Any]:
    return copy.deepcopy(_parsed(path.resolve(), path.stat().st_mtime_ns))


@cache
def _parsed(path: Path, _modified_ns: int) -> dict[str, Any]:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
    if not isinstance(document, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return document
