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

The search language itself is :mod:`cakedoc.search.zh_language`, imported by
zh builds only.  Nothing here loads jieba's dictionary: a rebuild that
indexes no page (a no-op) must not pay ~1.4 s for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging as sphinx_logging

from cakedoc.languages import language_of

logger = sphinx_logging.getLogger(__name__)

#: Where the words jieba must keep whole in the index come from, by name
#: (the glossary adds its terms).  Functions, not words: they are read when
#: the first page is indexed, so a rebuild that indexes nothing never pays.
WORD_SOURCES: dict[str, Callable[[], Iterable[str]]] = {}


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


def use_chinese_search(app: Sphinx, config: Config) -> None:
    # Only for zh: the search language imports jieba (~0.13 s), which the
    # English build never needs.
    if language_of(config).code == "zh":
        from cakedoc.search.zh_language import ChineseSearch

        app.add_search_language(ChineseSearch)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", use_chinese_search)
    app.connect("builder-inited", require_jieba)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
