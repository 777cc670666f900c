"""The Chinese search language of cakedoc.search.zh (imported by zh builds only).

Sphinx 9.0.4's ``SearchChinese`` with a stemmer name that exists in the
browser and the query splitter (see cakedoc.search.zh for both defects);
the words jieba must keep whole are added when the first page is indexed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sphinx.search._stopwords.en import ENGLISH_STOPWORDS
from sphinx.search.zh import SearchChinese

from cakedoc.search import jieba_dictionary
from cakedoc.search.zh import WORD_SOURCES

SPLITTER_JS = Path(__file__).with_name("zh-query-splitter.js")
#: The words this process has added to jieba's dictionary (jieba.dt, global).
_ADDED: set[str] = set()

#: Chinese function words: a query for 可以 or 这个 alone must not list
#: every page, and they say nothing about which page a question is about
#: (为什么, 怎么, 多少 …).  Neither indexed nor looked up.
CHINESE_FUNCTION_WORDS = frozenset("""
    可以 所以 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 我们 你们 他们 她们 它们
    什么 怎么 怎样 怎么样 如何 为什么 为何 哪些 哪个 哪里 是否 是不是 有没有 会不会 能不能
    因为 但是 而且 并且 以及 或者 还是 如果 虽然 然后 就是 不是 没有 一个 一些 一种 已经
    可能 应该 需要 通过 进行 之间 其中 自己 现在 非常 比较 更加 的话 多少 意思 东西
    还有 只是 其实 比如 例如 之后 之前 同时 不过 而是 于是 一样 这是 那是 也是 都是
    就会 也会 还会 不会 只有 只要 不仅 对于 关于 由于 为了 这么 那么 一下 一直 而言
""".split())


class ChineseSearch(SearchChinese):
    """SearchChinese with a stemmer name that exists and a query splitter."""

    # The JS stemmer shipped for Chinese is the English one (for Latin words).
    language_name = "English"
    # Sphinx ships language_data.js with these: the browser drops them from
    # a query as the index drops them from the text (word_filter).
    stopwords = ENGLISH_STOPWORDS | CHINESE_FUNCTION_WORDS
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
            # jieba's dictionary is one per process, shared by the
            # statistics' splitter and Sphinx's: a word is added once,
            # whichever asks first (adding it again would cost the
            # glossary's size again and shift jieba's frequencies).
            words = [word for word in sorted({word for source in WORD_SOURCES.values()
                                               for word in source()}) if word not in _ADDED]
            if _ADDED:  # not the dictionary add_words knows: jieba's own way
                for word in words:
                    jieba.add_word(word)
            else:
                jieba_dictionary.add_words(jieba.dt, words)
            _ADDED.update(words)
            self.words_added = True
        return super().split(input)

    def word_filter(self, stemmed_word: str) -> bool:
        # SearchChinese keeps every word of two characters or more, stop
        # words included (9.0.4); Sphinx's default filter drops them.
        return len(stemmed_word) > 1 and stemmed_word not in self.stopwords

    def search_words(self, input: str) -> list[str]:
        """Each word of *input* once, for the ranked search's counts
        (cakedoc.search.stats): jieba's precise cut, not SearchChinese's
        cut_for_search, which also emits every shorter dictionary word
        inside a long one (高带宽内存 → 带宽, 内存, 高带宽, 高带宽内存) and
        would count them as often; the browser finds a word inside a longer
        one itself (cake-search.js, partial matches).  The glossary's words
        stay whole, as in Sphinx's index."""
        import jieba

        self.split("")  # the glossary's words, added once
        return [word for word in jieba.cut(input) if word.strip()]
