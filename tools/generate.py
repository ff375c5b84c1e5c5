"""Write everything derived from openapi/ into generated/ (or check it is current).

`python tools/generate.py` regenerates generated/ in place;
`python tools/generate.py --check` regenerates into a temporary folder and
fails, listing the differences, when generated/ is not what it would write.
"""

from __future__ import annotations

import argparse
import difflib
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC_ROOT = ROOT / "openapi" / "openapi.yaml"
OPS_SPEC = ROOT / "openapi" / "ops.yaml"
DIALECTS = ROOT / "openapi" / "dialects"
GENERATED = ROOT / "generated"
BIN = Path(sys.executable).parent
IGNORED = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}

sys.path.insert(0, str(ROOT / "tools"))
from bundle_spec import HEADER, BundleError, write_bundle  # noqa: E402

# Our own string formats (canonical-email) are plain strings to the model generator; the
# server checks them with the contract (org_invitations/web/validation.py).
OWN_FORMATS_WARNING = "ignore:format of 'canonical-email' not understood:UserWarning"


def _run(*args: str | Path, cwd: Path = ROOT) -> None:
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONWARNINGS": OWN_FORMATS_WARNING,
    }
    subprocess.run([str(a) for a in args], cwd=cwd, env=env, check=True)


def generate(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    spec_file = out / "openapi.yaml"
    write_bundle(SPEC_ROOT, spec_file)
    # The probes' spec is one self-contained file; it travels with the bundle the server loads.
    (out / "ops.yaml").write_text(HEADER + OPS_SPEC.read_text(encoding="utf-8"), encoding="utf-8")
    _run(BIN / "openapi-spec-validator", spec_file, out / "ops.yaml")
    (out / "__init__.py").write_text('"""Code derived from openapi/ by `make generate`. Do not edit."""\n')
    # Formatting must not depend on where the tree is written (check runs in a temp dir).
    (out / "ruff.toml").write_text("# Generated: formatting of generated/models.\nline-length = 100\n")

    models = out / "models"
    shutil.rmtree(models, ignore_errors=True)
    models.mkdir()
    _run(BIN / "datamodel-codegen", "--input", spec_file, "--output", models / "__init__.py")

    client = out / "client"
    shutil.rmtree(client, ignore_errors=True)
    _run(
        BIN / "openapi-python-client",
        "generate",
        "--path",
        spec_file,
        "--config",
        ROOT / "tools" / "client-config.yaml",
        "--custom-template-path",
        ROOT / "tools" / "client-templates",
        "--meta",
        "uv",
        "--output-path",
        client,
        "--fail-on-warning",
    )
    shutil.copyfile(ROOT / "LICENSE", client / "LICENSE")
    generate_dialects(out / "dialects")


def generate_dialects(out: Path) -> None:
    """Each reference API's own contract (openapi/dialects/<name>/): its bundle and its models, no client.

    A folder whose name starts with `_` is a draft, left out.
    """
    shutil.rmtree(out, ignore_errors=True)
    roots = sorted(root for root in DIALECTS.glob("*/openapi.yaml") if not root.parent.name.startswith("_"))
    if not roots:
        return
    out.mkdir(parents=True)
    (out / "__init__.py").write_text(
        '"""The reference APIs\' contracts, derived by `make generate`. Do not edit."""\n'
    )
    for root in roots:
        dialect = out / root.parent.name
        dialect.mkdir()
        (dialect / "__init__.py").write_text(
            f'"""Derived from openapi/dialects/{root.parent.name}/. Do not edit."""\n'
        )
        spec_file = dialect / "openapi.yaml"
        write_bundle(root, spec_file)
        _run(BIN / "openapi-spec-validator", spec_file)
        (dialect / "models").mkdir()
        _run(BIN / "datamodel-codegen", "--input", spec_file, "--output", dialect / "models" / "__init__.py")


def differences(expected: Path, actual: Path) -> list[str]:
    report: list[str] = []

    def walk(cmp: filecmp.dircmp[str], rel: Path) -> None:
        for name in sorted(cmp.left_only):
            if name not in IGNORED:
                report.append(f"only in the fresh generation: {rel / name}")
        for name in sorted(cmp.right_only):
            if name not in IGNORED:
                report.append(f"not generated (hand-added?): {rel / name}")
        for name in sorted(cmp.diff_files):
            left = (Path(cmp.left) / name).read_text(encoding="utf-8", errors="replace").splitlines()
            right = (Path(cmp.right) / name).read_text(encoding="utf-8", errors="replace").splitlines()
            diff = difflib.unified_diff(right, left, f"generated/{rel / name}", "fresh", lineterm="", n=1)
            report.append("\n".join(list(diff)[:40]))
        for name, sub in sorted(cmp.subdirs.items()):
            if name not in IGNORED:
                walk(sub, rel / name)

    walk(filecmp.dircmp(expected, actual, ignore=list(IGNORED)), Path())
    return report


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "generated"
        generate(fresh)
        report = differences(fresh, GENERATED)
    if report:
        print("generated/ is stale or was edited by hand; run `make generate`:", file=sys.stderr)
        print("\n".join(report), file=sys.stderr)
        return 1
    print("generated/ is up to date")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description="Generate or check generated/.")
    parser.add_argument("--check", action="store_true", help="fail if generated/ is not current")
    args = parser.parse_args()
    try:
        if args.check:
            return check()
        generate(GENERATED)
    except BundleError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"generate: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
