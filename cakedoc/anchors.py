"""Readable, stable anchors for Chinese section headings.

docutils builds a section's id from the ASCII in its title, so "文章怎么说"
becomes ``#id2`` (a counter that shifts when a section is added) and "一块
AI 芯片里有什么" becomes ``#ai``.  A link a reader shares then breaks or
points elsewhere.  Here each such section gets its title in pinyin instead:
``#wen-zhang-zen-me-shuo``, ``#yi-kuai-ai-xin-pian-li-you-shen-me``.  The old
id is kept as a second id so nothing that already pointed to it breaks.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

HAN = re.compile(r"[\u4e00-\u9fff]")


def pinyin_slug(title: str) -> str:
    # Imported here: pypinyin's dictionaries take ~0.5 s to load, and a
    # rebuild that reads no Chinese page must not pay for them.
    from pypinyin import Style, lazy_pinyin

    words = lazy_pinyin(title, style=Style.NORMAL, errors=lambda chars: chars.split())
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-") for word in words)
    return re.sub(r"-{2,}", "-", slug).strip("-")


class PinyinSectionIds(SphinxTransform):
    # Before Sphinx collects titles, labels and the table of contents.
    default_priority = 200

    def apply(self, **kwargs: Any) -> None:
        taken = set(self.document.ids)
        for section in self.document.findall(nodes.section):
            title = section.next_node(nodes.title)
            if title is None or not HAN.search(title.astext()):
                continue
            slug = pinyin_slug(title.astext())
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
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True,
            "parallel_write_safe": True}
