"""Search: what a reader types into the search box, and what it finds.

In: the pages' doctrees and the glossary (its entries' names, abbreviations
and aliases in both languages).  Out: each language's ``searchstats.js``
(``stats``: the pages cut into sections and terms by ``units``, with the
counts a BM25F ranking needs) and the search page's ``cake-search.js``,
which ranks, puts named glossary terms first and marks the query's words
in each snippet; and Sphinx's own ``searchindex.js``, with Chinese words
cut by jieba (``zh``, ``zh_language``, ``jieba_dictionary``), which the
search page does not load: ``index`` writes it only for the baseline
``make search-eval`` compares against (``SPHINX_SEARCH_INDEX=1``).
"""
