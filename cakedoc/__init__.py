"""cakedoc — the Sphinx extensions and tools of the bilingual guide "AI is a five-layer cake".

One sub-package per concern; conf.py lists every extension module by name.

* ``languages``, ``layers`` — the two languages and the five layers, defined once;
* ``counterpart``, ``anchors``, ``tables``, ``weight`` — what every page gets:
  its language link, stable anchors, table layout, only the assets it uses;
* ``build/`` — the build's own bookkeeping (recovery, prune, codeversion, envsave,
  written: what the output holds, read again only where it changed);
* ``source/`` — checks on what authors write (encoding, raw-HTML safety,
  nothing loaded from another host);
* ``myst_settings`` — how Markdown is parsed, for Sphinx and the review alike;
* ``search/`` — Chinese search that works;
* ``diagrams/`` — Mermaid drawn at build time; ``glossary/`` — the terms;
* ``pdf/`` — the PDF edition; ``site/`` — what spans both languages or
  leaves Sphinx (landing page, root files, publishing, offline bundle);
* ``review/`` — the translation review, a tool without Sphinx;
* ``serve/`` — ``make serve``, the live preview of both languages on one port;
* ``xliff/`` — ``make xliff``, the page pairs out to CAT tools and back.

Every extension module is parallel-safe for reading and writing.
"""
