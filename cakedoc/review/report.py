"""The review as text: one ``file:line: error|warning: message`` line per
finding (a stale block's source diff indented under it), and as JSON."""

from __future__ import annotations

import json
from typing import Any

from cakedoc.review.check import Review
from cakedoc.review.findings import CATEGORIES, ERROR, WARNING

#: The dashboard's columns: missing, stale, inconsistent, copywriting.
COLUMNS = tuple(dict.fromkeys(CATEGORIES.values()))


def terminal(review: Review) -> list[str]:
    """The lines to print: nothing at all for a clean review."""
    lines = []
    for finding in review.findings:
        lines.append(f"{finding.location}: {finding.severity}: {finding.message} [{finding.check}]")
        lines += [f"    {line}" for line in finding.diff]
    return lines


def summary(review: Review) -> str:
    findings = review.findings
    errors = sum(f.severity == ERROR for f in findings)
    warnings = sum(f.severity == WARNING for f in findings)
    blocks = sum(len(page.pairs) for page in review.pages)
    if not findings:
        return f"review: {len(review.pages)} pages, {blocks} blocks, no findings"
    pages = len({f.page for f in findings if f.page})
    return (f"review: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
            f"on {pages} of {len(review.pages)} pages")


def page_counts(review: Review) -> list[dict[str, Any]]:
    return [{"page": page.page, "source": page.source_path, "translation": page.translation_path,
             "blocks": len(page.pairs), **{name: page.count(name) for name in COLUMNS}}
            for page in review.pages]


def as_json(review: Review) -> str:
    project = review.project
    data = {
        "source_language": project.source,
        "translation_language": project.translation,
        "errors": len(review.errors),
        "warnings": len(review.findings) - len(review.errors),
        "pages": page_counts(review),
        "findings": [finding.as_dict() for finding in review.findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
