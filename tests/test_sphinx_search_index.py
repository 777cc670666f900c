"""Sphinx's own searchindex.js (cakedoc.search.index): written only when asked.

No page loads it: the search page ranks with searchstats.js.  It is the
baseline ``make search-eval`` compares the guide's search with, so a build
with ``cake_sphinx_search_index`` (``SPHINX_SEARCH_INDEX=1``) writes it as
it always was — UTF-8, Chinese cut into jieba's words, code left out — and
any other build leaves none behind, nor its word mapping in the environment.
"""

from __future__ import annotations

import json
from pathlib import Path

from smallsite import build, copy_root, write

PAGE = ["# 芯片", "",
        "高带宽内存（HBM）把数据送到芯片旁边，模型的幻觉却不会因此变少。", "",
        "```python", "def __getitem__(self, key):", "    return key", "```", ""]


def index_terms(outdir: Path) -> set[str]:
    text = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "\\u" not in text, "the index is written in UTF-8, not escapes"
    return set(json.loads(text[text.index("(") + 1:text.rindex(")")])["terms"])


def test_the_sphinx_index_is_written_only_when_asked(make_app, tmp_path: Path) -> None:
    project = copy_root(tmp_path)
    write(project, "zh/chips.md", PAGE)

    plain = build(make_app, project, "zh")
    assert plain.statuscode == 0, plain.warnings
    assert not (plain.outdir / "searchindex.js").exists()
    assert not plain.app.env._search_index_mapping  # Sphinx 9.0.4's IndexBuilder state
    # The search page is there and searches with the guide's index; its
    # stemmer and stop words still come from Sphinx's search language.
    search = (plain.outdir / "search.html").read_text(encoding="utf-8")
    assert "searchstats.js" in search and "searchindex.js" not in search
    assert '<link rel="search"' in plain.page("chips")
    assert "window.Stemmer" in (plain.outdir / "_static" / "language_data.js").read_text(
        encoding="utf-8")
    stats = (plain.outdir / "searchstats.js").read_text(encoding="utf-8")
    assert "高带宽" in stats

    asked = build(make_app, project, "zh", cake_sphinx_search_index=True)
    assert asked.statuscode == 0, asked.warnings
    terms = index_terms(asked.outdir)
    assert {"内存", "幻觉", "芯片"} <= terms  # jieba's words, not single characters
    assert not {"def", "__getitem__", "key"} & terms  # the example's code is not searched

    again = build(make_app, project, "zh")
    assert again.statuscode == 0, again.warnings
    assert not (again.outdir / "searchindex.js").exists()
    assert not again.app.env._search_index_mapping
