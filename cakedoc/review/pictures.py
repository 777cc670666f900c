"""Diagrams of the review edition, as the site draws them.

In: a diagram block (``{mermaid}``, a bare mermaid fence, ``{stack-diagram}``)
and the build's diagram cache
(:mod:`cakedoc.diagrams.cache`, ``$CAKE_DIAGRAM_CACHE`` or
``_build/.cache/diagrams`` as in conf.py).  Out: HTML.  A diagram is
looked up in the cache under the key the build stores it by and copied
into the edition's ``diagrams/`` folder as SVG (light, and dark for a dark
scheme); a layer page's highlighted stack is the site's compact marker,
drawn in Python.  For the bilingual PDF, the ``pdf`` variant (the PDF
edition's drawing) is copied beside the LaTeX.  Nothing is rendered here (no browser): a diagram the
cache lacks says to run ``make html`` and shows its source.
"""

from __future__ import annotations

import os
import shutil
from html import escape
from pathlib import Path

from cakedoc.review.blocks import Block

#: Where the edition keeps the SVG files it copied from the cache.
FOLDER = "diagrams"


class Pictures:
    """Diagram lookups for one edition, copying what is found into *output*."""

    def __init__(self, root: Path, output: Path | None, pdf_folder: Path | None = None) -> None:
        self.cache_dir = Path(os.environ.get("CAKE_DIAGRAM_CACHE") or
                              root / os.environ.get("BUILDDIR", "_build") / ".cache" / "diagrams")
        self.output = output
        self.pdf_folder = pdf_folder
        self.found = self.missing = 0
        self._version: str | None = None

    def version(self) -> str:
        if self._version is None:
            from cakedoc.diagrams.renderer import SetupError, mermaid_version

            try:
                self._version = mermaid_version()
            except SetupError:
                self._version = ""
        return self._version

    def mermaid_source(self, block: Block, lang: str) -> str:
        if block.detail == "stack-diagram":
            # Imported here: the directive module imports Sphinx, which only
            # a page with a stack diagram needs.
            from cakedoc.diagrams.directives import stack_source

            return stack_source(lang, block.options.get("highlight"))
        return block.body

    def stored(self, source: str, variant: str) -> tuple[str, Path] | None:
        """The cache's key and file of *source*'s drawing, if it was drawn."""
        from cakedoc.diagrams import cache

        if not self.version():
            return None
        digest = cache.key(source, variant, self.version())
        stored = cache.Store(self.cache_dir).path(digest, variant)
        return (digest, stored) if stored.is_file() else None

    def pdf_file(self, block: Block, lang: str) -> Path | None:
        """The PDF edition's drawing of a diagram (the full stack, even
        highlighted), copied beside the LaTeX; None if not drawn yet."""
        found = self.stored(self.mermaid_source(block, lang), "pdf")
        if found is None:
            self.missing += 1
            return None
        self.found += 1
        digest, stored = found
        if self.pdf_folder is None:
            return stored
        target = self.pdf_folder / f"{digest[:20]}.pdf"
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(stored, target)
        return target

    def svg_file(self, source: str, variant: str) -> str | None:
        """The cached drawing of *source* copied into the edition; its file name."""
        found = self.stored(source, variant)
        if found is None:
            return None
        digest, stored = found
        name = f"{digest[:20]}-{variant}.svg"
        if self.output is not None:
            target = self.output / FOLDER / name
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(stored, target)
        return name

    def html(self, block: Block, lang: str, up: str) -> str:
        caption = block.options.get("caption", "")
        highlight = block.options.get("highlight") if block.detail == "stack-diagram" else None
        if highlight:
            from cakedoc.diagrams.marker import marker_html
            from cakedoc.layers import LAYERS

            name = next((getattr(l, lang) for l in LAYERS if l.id == highlight), highlight)
            self.found += 1
            return marker_html(highlight, lang, caption or name,
                               lambda layer: f"{up}pages/{layer}.html", f"marker-{block.index}")
        source = self.mermaid_source(block, lang)
        light, dark = self.svg_file(source, "light"), self.svg_file(source, "dark")
        figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        if light is None:
            self.missing += 1
            return (f'<figure class="diagram missing"><p class="note">This diagram is not in the '
                    f'diagram cache yet: run <code>make html</code>, then <code>make review</code>.</p>'
                    f'<pre>{escape(source)}</pre>{figcaption}</figure>')
        self.found += 1
        alt = escape(block.options.get("alt") or caption or "diagram", quote=True)
        dark_source = (f'<source srcset="{up}{FOLDER}/{dark}" media="(prefers-color-scheme: dark)">'
                       if dark else "")
        return (f'<figure class="diagram"><picture>{dark_source}'
                f'<img src="{up}{FOLDER}/{light}" alt="{alt}"></picture>{figcaption}</figure>')
