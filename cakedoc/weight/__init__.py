"""Page weight: every page ships only what it uses, and looks the same.

``make bench`` holds every page to 200 KB and 15 requests on a first visit
(bench/README.md).  A page's text and diagrams are most of that; these
modules trim what furo and Sphinx add to every page, without changing what
a reader sees — one module per kind of asset:

* :mod:`~cakedoc.weight.stylesheets` — unused CSS files and rules;
* :mod:`~cakedoc.weight.highlighting` — spans around plain-looking tokens;
* :mod:`~cakedoc.weight.translations` — translations.js;

and, with the search, :mod:`cakedoc.search.index` (no code in the index,
UTF-8).
"""
