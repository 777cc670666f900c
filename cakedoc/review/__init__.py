"""Translation review: is every translated block there, current and faithful?

``make review`` (``python -m cakedoc.review check``) pairs each page of the
source language with its translation block by block and reports, at a file
and line: blocks missing on one side, translated blocks whose source changed
since a reviewer signed them off, and pairs that disagree (numbers, terms,
links, footnotes, code, glossary renderings, leftover Chinese), plus
Chinese copywriting, house style and the termbase.  Not a Sphinx extension: it runs no Sphinx build (it
borrows a few of cakedoc's settings, such as the PDF fonts, which import
Sphinx modules).

One module per concern:

* :mod:`~cakedoc.review.pages` — the two languages and the page pairs
* :mod:`~cakedoc.review.blocks` — a page split into blocks (MyST's parser)
* :mod:`~cakedoc.review.inline` — what a block says: text, terms, links …
* :mod:`~cakedoc.review.figures` — numbers, normalised for comparison
* :mod:`~cakedoc.review.align` — blocks paired in order; missing blocks
* :mod:`~cakedoc.review.terms` — the glossary's term ids and renderings
* :mod:`~cakedoc.review.consistency` — does a pair say the same thing?
* :mod:`~cakedoc.review.staleness` — per-block sign-off kept in git
* :mod:`~cakedoc.review.accept` — ``make review-accept``
* :mod:`~cakedoc.review.lint` — Chinese copywriting (autocorrect)
* :mod:`~cakedoc.review.style` — 倍, range dashes, nested brackets (both languages)
* :mod:`~cakedoc.review.termbase` — one rendering per concept: variants,
  forbidden renderings and glosses, from the glossary and glossary/names.yaml
* :mod:`~cakedoc.review.shortlist` — which of many renderings a line holds,
  at a cost per line that does not grow with the glossary
* :mod:`~cakedoc.review.check` — all checks on all pages, as data
* :mod:`~cakedoc.review.report` — terminal and JSON reports
* :mod:`~cakedoc.review.html` — the review edition (_build/review/)
* :mod:`~cakedoc.review.latex` — the bilingual PDF for print review
"""
