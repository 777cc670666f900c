"""Highlighted code without the ``<span>``s that change nothing a reader sees.

A token drawn exactly like plain text in both of furo's colour schemes
(names, punctuation, whitespace) gets no span: a third of the glossary's
examples was such spans, and the glossary is the heaviest page (its 200 KB
budget, bench/README.md).

Pinned internals (Pygments 2.x as Sphinx 9.0.4 pins it; Sphinx 9.0.4): the
formatter is swapped on the builder's ``highlighter`` (a PygmentsBridge,
whose ``formatter`` and ``formatter_args`` attributes are not documented);
``_TokenType`` is Pygments' private token class, imported for types only.
If either changes, tests/test_weight.py's check that glossary examples
carry no plain-token spans (and still look the same) fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from pygments.formatters import HtmlFormatter
from pygments.style import Style
from pygments.token import Text, Whitespace, _TokenType
from sphinx.application import Sphinx

#: What makes a token look different from the text around it.
VISIBLE = ("color", "bgcolor", "bold", "italic", "underline", "border")


class PlainTokensFormatter(HtmlFormatter):
    """Sphinx's HTML formatter, minus the spans that change nothing.

    ``styles`` are the light and dark Pygments styles the theme shows; a
    token gets no span when it looks like plain text in all of them.
    """

    styles: tuple[type[Style], ...] = ()

    def format_unencoded(self, tokensource: Iterable[tuple[_TokenType, str]],
                         outfile: Any) -> None:
        return super().format_unencoded(self.plain_as_text(tokensource), outfile)

    def plain_as_text(self, tokens: Iterable[tuple[_TokenType, str]]) -> Iterator[tuple[_TokenType, str]]:
        for ttype, value in tokens:
            yield (Text if looks_plain(self.styles, ttype) else ttype), value


@cache
def looks_plain(styles: tuple[type[Style], ...], ttype: _TokenType) -> bool:
    if not styles:
        return False
    # The colour of a space cannot be seen; its background and border can.
    seen = VISIBLE[1:] if ttype in Whitespace else VISIBLE
    return all(style.style_for_token(ttype)[key] == style.style_for_token(Text)[key]
               for style in styles for key in seen)


def use_plain_tokens(app: Sphinx) -> None:
    highlighter = getattr(app.builder, "highlighter", None)
    if app.builder.format != "html" or highlighter is None:
        return
    styles = [highlighter.formatter_args["style"]]
    dark = getattr(app.config, "pygments_dark_style", None)  # furo's setting
    if dark:
        styles.append(highlighter.get_style(dark))
    PlainTokensFormatter.styles = tuple(styles)
    # Only the page highlighter: furo builds pygments.css with the class
    # attribute PygmentsBridge.html_formatter, which stays Pygments' own.
    highlighter.formatter = PlainTokensFormatter


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", use_plain_tokens)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
