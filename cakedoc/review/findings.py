"""What the review reports: one finding per problem, at a file and line.

Every finding names the file and line to fix; a finding about a pair of
blocks names the other file's line in its message too.  Its category is what
the dashboard counts: a block *missing* on one side, a *stale* translation,
an *inconsistent* pair, *copywriting* in the Chinese text (spacing,
punctuation, 倍, range dashes), or a *termbase* rendering (a forbidden or
non-preferred rendering of a term, a first use without its gloss).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR, WARNING = "error", "warning"

#: check → the dashboard column it counts in.
CATEGORIES = {
    "counterpart": "missing", "alignment": "missing", "read": "missing",
    "stale": "stale", "unreviewed": "stale", "sidecar": "stale",
    "numbers": "inconsistent", "terms": "inconsistent", "links": "inconsistent",
    "footnotes": "inconsistent", "citations": "inconsistent", "code": "inconsistent", "diagram": "inconsistent",
    "chart-data": "inconsistent",
    "glossary": "inconsistent", "untranslated": "inconsistent", "table": "inconsistent",
    "copywriting": "copywriting", "times": "copywriting", "typography": "copywriting",
    "termbase": "termbase", "gloss": "termbase",
}


@dataclass
class Finding:
    severity: str  #: ERROR or WARNING
    check: str  #: a key of CATEGORIES
    path: str  #: relative to the project root, as an editor opens it
    line: int
    message: str
    page: str = ""  #: "chips" for docs/*/chips.md
    block: int | None = None  #: the source block's number on the page, 1-based
    diff: list[str] = field(default_factory=list)  #: for a stale block: the source's change

    def __post_init__(self) -> None:
        if self.check not in CATEGORIES:
            raise ValueError(f"unknown check {self.check!r}")

    @property
    def category(self) -> str:
        return CATEGORIES[self.check]

    @property
    def page_wide(self) -> bool:
        """About a page or its review record as a whole, not one block."""
        return self.block is None and self.check in ("counterpart", "read", "unreviewed", "sidecar")

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}"

    def as_dict(self) -> dict[str, object]:
        return {"severity": self.severity, "check": self.check, "category": self.category,
                "path": self.path, "line": self.line, "message": self.message,
                "page": self.page, "block": self.block, "diff": self.diff}
