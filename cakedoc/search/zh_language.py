"""The Chinese search language of cakedoc.search.zh (imported by zh builds only).

Sphinx 9.0.4's ``SearchChinese`` with a stemmer name that exists in the
browser and the query splitter (see cakedoc.search.zh for both defects);
the words jieba must keep whole are added when the first page is indexed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sphinx.search.zh import SearchChinese

from cakedoc.search import jieba_dictionary
from cakedoc.search.zh import WORD_SOURCES

SPLITTER_JS = Path(__file__).with_name("zh-query-splitter.js")


class ChineseSearch(SearchChinese):
    """SearchChinese with a stemmer name that exists and a query splitter."""

    # The JS stemmer shipped for Chinese is the English one (for Latin words).
    language_name = "English"
    js_splitter_code = SPLITTER_JS.read_text(encoding="utf-8")

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.words_added = False
        try:
            import jieba
        except ImportError:
            # Already reported by require_jieba, which fails the build: go on
            # without it rather than bury that line under a crash report.
            self.words_added = True
            return
        # jieba reports loading its dictionary on stderr; builds stay quiet.
        jieba.setLogLevel(logging.WARNING)

    def split(self, input: str) -> list[str]:
        if not self.words_added:
            # Here, not in __init__: jieba's dictionary is needed only when a
            # page is indexed, never by a no-op rebuild.
            import jieba

            jieba_dictionary.load(jieba.dt)
            for word in sorted({word for source in WORD_SOURCES.values() for word in source()}):
                jieba.add_word(word)
            self.words_added = True
        return super().split(input)
