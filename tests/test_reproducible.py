"""Two clean builds of the site give byte-identical output."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

from conftest import ROOT


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_two_clean_builds_are_identical(tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        builddir = tmp_path / run
        subprocess.run(
            ["make", "--no-print-directory", "html", f"BUILDDIR={builddir}"],
            cwd=ROOT, check=True, capture_output=True, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1773100800"},
        )
        digests.append(tree_digest(builddir / "html"))
    assert digests[0].keys() == digests[1].keys()
    differing = [name for name in digests[0] if digests[0][name] != digests[1][name]]
    assert differing == []
