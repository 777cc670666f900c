"""Search: what a reader types into the search box, and what it finds.

In: the pages' doctrees as Sphinx indexes them, and the glossary's words
(``WORD_SOURCES``).  Out: each language's ``searchindex.js`` and the
browser-side code that splits and looks up a query (Chinese words by jieba
at build time, by the index's own words in the browser).
"""
