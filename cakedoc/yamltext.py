"""YAML as the glossary, its names file and the sources registry are
written: PyYAML's safe loader, in C (libyaml) when the installed PyYAML has
it, as the pinned 6.0.4 wheels do.

Why: every build, a no-op one too, reads every glossary entry (twice: the
glossary and the search statistics) and the registry.  With PyYAML's pure
Python loader that was 0.5 s of a 3.6 s no-op rebuild (cProfile, en, 48
entries), and it grows with the glossary; libyaml parses the same text to
the same data, with the same error marks (line numbers), about ten times
faster.  The review's sidecars keep the Python loader: they need each
node's line (cakedoc.review.staleness).
"""

from __future__ import annotations

from typing import Any

import yaml

#: The C loader when PyYAML was built with libyaml, else the Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load``, by the fastest safe loader installed."""
    return yaml.load(text, Loader=SAFE_LOADER)
