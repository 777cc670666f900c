"""Readable, stable anchors for Chinese section headings.

docutils builds a section's id from the ASCII in its title, so "文章怎么说"
becomes ``#id2`` (a counter that shifts when a section is added) and "一块
AI 芯片里有什么" becomes ``#ai``.  A link a reader shares then breaks or
points elsewhere.  Here each such section gets its title in pinyin instead:
``#wen-zhang-zen-me-shuo``, ``#yi-kuai-ai-xin-pian-li-you-shen-me``.  The old
id is kept as a second id so nothing that already pointed to it breaks.

Slugs are remembered in the build environment, keyed by title and by
pypinyin's version: an edit that keeps a page's headings does not load
pypinyin's dictionaries (a third of a second, about half of a one-page
rebuild's own work).
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform

HAN = re.compile(r"[\u4e00-\u9fff]")
#: The environment attribute holding {"pypinyin": version, "slugs": {title: slug}}.
SLUG_MEMO = "cakedoc_pinyin_slugs"


def pinyin_slug(title: str) -> str:
    # Imported here: pypinyin's dictionaries take ~0.5 s to load, and a
    # rebuild that reads no Chinese page must not pay for them.
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(title, style=Style.NORMAL, errors=lambda chars: chars.split())
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-") for word in words)
    return re.sub(r"-{2,}", "-", slug).strip("-")


def slug_memo(env: BuildEnvironment) -> dict[str, str]:
    """The environment's remembered slugs, emptied when pypinyin changed."""
    version = metadata.version("pypinyin")
    memo = getattr(env, SLUG_MEMO, None)
    if memo is None or memo["pypinyin"] != version:
        memo = {"pypinyin": version, "slugs": {}}
        setattr(env, SLUG_MEMO, memo)
    return memo["slugs"]


def merge_slug_memo(app: Sphinx, env: BuildEnvironment, docnames: set[str],
                    other: BuildEnvironment) -> None:
    """Keep what parallel readers learnt (losing it would only cost time)."""
    slug_memo(env).update(getattr(other, SLUG_MEMO, {}).get("slugs", {}))


class PinyinSectionIds(SphinxTransform):
    # Before Sphinx collects titles, labels and the table of contents.
    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        taken = set(self.document.ids)
        slugs = slug_memo(self.env)
        for section in self.document.findall(nodes.section):
            title = section.next_node(nodes.title)
            if title is None or not HAN.search(title.astext()):
                continue
            if any(i.startswith("term-") for i in section["ids"]):
                continue  # a glossary entry on its sheet: its id is the stable #term-<id>
            text = title.astext()
            if text not in slugs:
                slugs[text] = pinyin_slug(text)
            slug = slugs[text]
            if not slug:
                continue
            candidate, number = slug, 1
            while candidate in taken:
                number += 1
                candidate = f"{slug}-{number}"
            taken.add(candidate)
            section["ids"].insert(0, candidate)
            self.document.ids[candidate] = section


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(PinyinSectionIds)
    app.connect("env-merge-info", merge_slug_memo)
    return {"version": "1.0", "parallel_read_safe": True,
            "parallel_write_safe": True}
