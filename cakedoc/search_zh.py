"""Chinese full-text search that works in the browser.

Two defects of Sphinx 9.0.4's Chinese search are fixed here:

* its ``language_data.js`` assigns ``window.Stemmer = ChineseStemmer`` while
  the stemmer it ships is ``EnglishStemmer`` (sphinx-doc/sphinx#14229), so the
  page throws and the search hangs on "正在搜索中";
* the browser splits a query only at punctuation, so 高带宽内存 is looked up
  as one word although the index holds jieba's words (高带宽, 内存).  A
  splitter segments each run of 汉字 by the longest words the index holds.

And one silent failure becomes loud: without jieba Sphinx indexes no Chinese
word at all and says nothing; here a zh build stops with a clear error.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.search.zh import SearchChinese

logger = sphinx_logging.getLogger(__name__)

SPLITTER_JS = Path(__file__).with_name("static") / "zh-query-splitter.js"

#: Words jieba must keep whole in the index (glossary terms add theirs).
EXTRA_WORDS: set[str] = set()


class ChineseSearch(SearchChinese):
    """SearchChinese with a stemmer name that exists and a query splitter."""

    # The JS stemmer shipped for Chinese is the English one (for Latin words).
    language_name = "English"
    js_splitter_code = SPLITTER_JS.read_text(encoding="utf-8")

    def __init__(self, options: dict[str, str]) -> None:
        try:
            import jieba
        except ImportError:
            # Already reported by require_jieba, which fails the build: go on
            # without it rather than bury that line under a crash report.
            super().__init__(options)
            return
        # jieba reports loading its dictionary on stderr; builds stay quiet.
        jieba.setLogLevel(logging.WARNING)
        super().__init__(options)
        for word in sorted(EXTRA_WORDS):
            jieba.add_word(word)


def require_jieba(app: Sphinx) -> None:
    if not (app.config.language or "").startswith("zh"):
        return
    try:
        importlib.import_module("jieba")
    except ImportError as error:
        # Logged, not raised: one clear line instead of a crash report; the
        # build still fails (exit status 1) and is not published.
        logger.error(
            "jieba is not importable (%s), so the Chinese search index would hold "
            "no Chinese words.  Install the pinned dependencies: `make venv` "
            "(or: .venv/bin/pip install -e .)", error, type="cake", subtype="search")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(ChineseSearch)
    app.connect("builder-inited", require_jieba)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
