"""Chinese copywriting on the Chinese pages, by autocorrect (autocorrect-py).

autocorrect is the checker MDN's Chinese translators use: a space between 汉字
and Latin letters or digits, full-width punctuation in Chinese sentences,
and, with its spellcheck list, 你 for 您.  It knows Markdown but not MyST, so
before it sees a block every role, inline code span, footnote label, link
target and URL is replaced by a private-use character (which it neither
spaces nor touches) and put back in the message: the lint never asks to
change markup.  Diagrams, directives and code are not linted at all.
"""

from __future__ import annotations

import difflib
import functools
import re

import autocorrect_py

from cakedoc.review.blocks import Block
from cakedoc.review.findings import ERROR, Finding

CONFIG = """{ rules: { spellcheck: 1 }, spellcheck: { words: ["您 = 你"] } }"""
#: MyST markup autocorrect must not see, most specific first.
MARKUP = re.compile("|".join((
    r"\{[\w:.-]+\}`[^`]*`",  # a role: {term}`芯片（Chips）<chips>`
    r"`[^`\n]+`",  # inline code
    r"\[\^[^\]\s]+\]:?",  # a footnote reference or definition label
    r"<[a-z][a-z0-9+.-]*:[^>\s]*>",  # an autolink
    r"(?<=\])\([^)\s]*\)",  # a link's target: the link text is still linted
    r"https?://[^\s)>）]+",  # a bare URL
)), re.I)
PRIVATE_USE = 0xE000
CONTEXT = 6  #: characters shown either side of a change


@functools.cache
def configure() -> None:
    autocorrect_py.load_config(CONFIG)


def mask(text: str) -> tuple[str, list[str]]:
    """*text* with every piece of markup replaced by one private-use character."""
    hidden: list[str] = []

    def hide(match: re.Match[str]) -> str:
        hidden.append(match.group(0))
        return chr(PRIVATE_USE + len(hidden) - 1)

    return MARKUP.sub(hide, text), hidden


def unmask(text: str, hidden: list[str]) -> str:
    return re.sub("[\ue000-\uf8ff]", lambda m: hidden[ord(m.group(0)) - PRIVATE_USE], text)


def changes(old: str, new: str) -> str:
    """“H100有80 GB” → “H100 有 80 GB”: each place autocorrect changes, with
    some context; changes close together are shown as one."""
    spans: list[list[int]] = []
    for operation, o1, o2, n1, n2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation == "equal":
            continue
        if spans and o1 - spans[-1][1] <= 2 * CONTEXT:
            spans[-1][1], spans[-1][3] = o2, n2
        else:
            spans.append([o1, o2, n1, n2])
    shown = [f"“{old[max(0, o1 - CONTEXT):o2 + CONTEXT]}” → “{new[max(0, n1 - CONTEXT):n2 + CONTEXT]}”"
             for o1, o2, n1, n2 in spans]
    return "; ".join(shown[:4]) + (f"; and {len(shown) - 4} more" if len(shown) > 4 else "")


def findings(blocks: list[Block], path: str, page: str) -> list[Finding]:
    """A finding for every line of a Chinese prose block autocorrect would change."""
    configure()
    found = []
    for block in blocks:
        if not block.is_prose:
            continue
        masked, hidden = mask(block.source)
        for line in autocorrect_py.lint_for(masked, "md").lines:
            old, new = unmask(line.old, hidden), unmask(line.new, hidden)
            # No block number: on a Chinese translation it would not be the
            # source's; the line places the finding beside its block.
            found.append(Finding(ERROR, "copywriting", path, block.line + line.line - 1,
                                 f"Chinese copywriting: {changes(old, new)}", page=page))
    return found
