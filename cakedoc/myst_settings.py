"""How the guide's Markdown is parsed: one set of MyST settings for Sphinx and the review.

In: nothing.  Out: the MyST-Parser settings ``conf.py`` assigns
(``myst_enable_extensions = myst_settings.ENABLE_EXTENSIONS`` …) and the
parser configuration ``cakedoc.review`` splits pages with, so a block is
the same thing to both: a bare `````mermaid`` fence is a diagram to Sphinx
and to the review alike.  Sphinx-free: the review must not import Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from myst_parser.config.main import MdParserConfig

#: MyST syntax extensions: ::: fences, definition lists, {attrs} on inline text.
ENABLE_EXTENSIONS = ("colon_fence", "deflist", "attrs_inline")
#: Headings up to ### get an anchor a Markdown link can point to (#slug).
HEADING_ANCHORS = 3
#: A bare ```mermaid fence renders like the {mermaid} directive.
FENCE_AS_DIRECTIVE = ("mermaid",)


def parser_config() -> MdParserConfig:
    """The same settings as MyST-Parser's own configuration object (imported
    on use: conf.py needs only the constants above)."""
    from myst_parser.config.main import MdParserConfig

    return MdParserConfig(enable_extensions=set(ENABLE_EXTENSIONS),
                          heading_anchors=HEADING_ANCHORS,
                          fence_as_directive=set(FENCE_AS_DIRECTIVE))
