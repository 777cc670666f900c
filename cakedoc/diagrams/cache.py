"""A content-addressed store of rendered diagrams that outlives `make clean`.

The key is a hash of everything that decides the output: the diagram's
source, the mermaid configuration, the mermaid version, the renderer's code
and its SVG slimming script (cakedoc.build.codeversion), and the variant (light,
dark, pdf).  A build whose diagrams are all stored starts no browser.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from cakedoc.build import codeversion
from cakedoc.diagrams import renderer
from cakedoc.diagrams.renderer import mermaid_config

SUFFIX = {"light": ".svg", "dark": ".svg", "pdf": ".pdf"}


def svg_id(source: str) -> str:
    """The DOM id of a diagram's SVG: stable, and the same in every variant's key."""
    return "cake-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


@functools.cache
def renderer_digest() -> str:
    """The renderer and slim.js (which rewrites every SVG) decide every
    drawing: an edit to either must not hit old entries."""
    return codeversion.digest([Path(renderer.__file__), renderer.SLIM_JS])[:16]


def key(source: str, variant: str, version: str) -> str:
    material = json.dumps(
        {"source": source, "variant": variant, "mermaid": version, "renderer": renderer_digest(),
         "config": mermaid_config(variant), "id": svg_id(source)},
        sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Store:
    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)

    def path(self, digest: str, variant: str) -> Path:
        return self.directory / digest[:2] / (digest + SUFFIX[variant])

    def has(self, digest: str, variant: str) -> bool:
        return self.path(digest, variant).is_file()

    def read_text(self, digest: str, variant: str) -> str | None:
        path = self.path(digest, variant)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def write(self, digest: str, variant: str, data: bytes) -> None:
        self.write_file(self.path(digest, variant), data)

    def write_stats(self, name: str, stats: dict[str, int]) -> None:
        """What the last build called *name* did: read by tests and the benchmark."""
        self.write_file(self.directory / "stats" / f"{name}.json",
                        json.dumps(stats, sort_keys=True).encode("utf-8"))

    @staticmethod
    def write_file(path: Path, data: bytes) -> None:
        # Write then rename: the zh and en builds may run at the same time,
        # and a reader must never see half a file.
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
