"""Split a MyST page into the blocks a translation is checked against.

A block is what a translator renders one for one: a heading, a paragraph, a
list item, a table row, a diagram, a code block, a directive, a footnote
definition.  The page is parsed with MyST-Parser's own markdown-it setup (the
extensions conf.py enables), so a block is exactly what Sphinx will see, and
every block knows its lines in the file.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.parsers.mdit import create_md_parser

from cakedoc import myst_settings
from cakedoc.review.inline import Inline, inline_of

#: Directives drawn as diagrams: their labels are translated, their shape is not.
DIAGRAM_DIRECTIVES = {"mermaid", "stack-diagram"}
#: Directives whose body is code, identical in every language.
CODE_DIRECTIVES = {"doctest", "code-block", "code", "code-cell", "sourcecode", "testcode", "testoutput"}
#: Directives whose body is prose (admonitions): translated like a paragraph.
PROSE_DIRECTIVES = {"note", "warning", "tip", "hint", "important", "caution", "attention",
                    "danger", "error", "seealso", "admonition", "topic", "sidebar"}
#: Directive options a translator translates; every other option is copied
#: (a {chart}'s axis titles, unit and row or series names are words).
TRANSLATED_OPTIONS = {"caption", "alt", "title", "xlabel", "ylabel", "unit", "labels", "series"}
#: Tokens that open a container whose content is one block (paragraphs in it
#: are part of it; a container nested in it is a block of its own).
CONTAINERS = {"list_item_open": "list-item", "tr_open": "table-row",
              "footnote_reference_open": "footnote", "dt_open": "term", "dd_open": "definition"}
#: Leaf tokens that are blocks of their own (paragraphs and headings are handled apart).
LEAVES = {"hr": "rule", "html_block": "html", "myst_target": "target",
          "myst_block_break": "break", "math_block": "math", "front_matter": "front-matter"}
OPTION = re.compile(r"^:([\w-]+):\s?(.*)$")


@dataclass
class Block:
    """One block of a page, with what it says and where it is."""

    index: int  #: 1-based position on the page
    kind: str  #: heading, paragraph, list-item, table-row, diagram, code, directive, footnote, …
    detail: str  #: heading level (h2), directive or code language, footnote label
    line: int  #: first line in the file, 1-based
    end: int  #: last line in the file
    source: str  #: the block's Markdown, as written
    inline: Inline = field(default_factory=Inline)  #: what its prose says
    options: dict[str, str] = field(default_factory=dict)  #: directive options
    body: str = ""  #: directive or code body, without options
    cells: int = 0  #: table cells in a row
    frame: str = ""  #: a table row's table header and delimiter row, to render the row alone
    head: bool = False  #: a table row that is its table's header

    @property
    def signature(self) -> str:
        """What must match at the same position in the other language."""
        if self.kind in ("heading", "diagram", "directive"):
            return f"{self.kind} {self.detail}"
        return self.kind

    @property
    def label(self) -> str:
        """For messages: "paragraph", "heading h2", "directive toctree"."""
        return f"{self.kind} {self.detail}" if self.kind in ("heading", "diagram", "directive",
                                                             "footnote") else self.kind

    @property
    def digest(self) -> str:
        return digest(self.source)

    @property
    def is_prose(self) -> bool:
        """Text a reader reads, checked for numbers, terms and wording."""
        return self.kind not in ("code", "diagram", "directive", "rule", "html", "target",
                                 "break", "front-matter", "math")


def normal_text(text: str) -> str:
    """A block's text as recorded and fingerprinted: no trailing spaces, no
    blank lines around it (an editor's whitespace is not a change)."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def digest(text: str) -> str:
    """A short, stable fingerprint of a block's text."""
    return hashlib.sha256(normal_text(text).encode("utf-8")).hexdigest()[:16]


@functools.cache
def parser() -> MarkdownIt:
    return create_md_parser(myst_settings.parser_config(), RendererHTML)


def split(path: Path) -> list[Block]:
    """The blocks of the page at *path*, in order."""
    return split_text(path.read_text(encoding="utf-8"))


def split_text(text: str) -> list[Block]:
    lines = text.splitlines()
    tokens = parser().parse(text)
    blocks: list[Block] = []
    # Closing positions of the containers (list items, rows, footnotes) we
    # are inside: their paragraphs belong to them, not to blocks of their own.
    open_containers: list[int] = []
    for position, token in enumerate(tokens):
        while open_containers and position > open_containers[-1]:
            open_containers.pop()
        if token.type in CONTAINERS:
            blocks.append(container_block(tokens, position, lines))
            open_containers.append(closing(tokens, position))
        elif not open_containers:
            block = leaf_block(tokens, position, lines)
            if block is not None:
                blocks.append(block)
    for number, block in enumerate(blocks, start=1):
        block.index = number
    return blocks


def closing(tokens: list[Token], position: int) -> int:
    """The position of the token that closes the one opened at *position*."""
    level = 0
    for index in range(position, len(tokens)):
        level += tokens[index].nesting
        if level == 0:
            return index
    return len(tokens) - 1


def own_tokens(tokens: list[Token], start: int, stop: int) -> list[Token]:
    """The tokens of the container opened at *start*, without those of the
    containers nested in it (a nested list item is a block of its own)."""
    own, index = [], start + 1
    while index < stop:
        if tokens[index].type in CONTAINERS:
            index = closing(tokens, index) + 1
            continue
        own.append(tokens[index])
        index += 1
    return own


def container_block(tokens: list[Token], start: int, lines: list[str]) -> Block:
    kind = CONTAINERS[tokens[start].type]
    stop = closing(tokens, start)
    own = own_tokens(tokens, start, stop)
    first, last = tokens[start].map or (0, 0)
    nested = next((t.map[0] for t in tokens[start + 1:stop] if t.type in CONTAINERS and t.map), None)
    if nested is not None:
        last = nested
    detail = tokens[start].meta.get("label", "") if kind == "footnote" else ""
    cells = sum(1 for token in own if token.type in ("td_open", "th_open"))
    source = "\n".join(lines[first:last]).strip("\n")
    block = Block(0, kind, detail, first + 1, last_nonblank(lines, first, last),
                  source, inline_of(own), cells=cells)
    if kind == "table-row":
        table = next((t for t in reversed(tokens[:start]) if t.type == "table_open" and t.map), None)
        if table is not None:
            top = table.map[0]
            block.frame = "\n".join(lines[top:top + 2])
            block.head = first == top
    return block


def last_nonblank(lines: list[str], first: int, last: int) -> int:
    """The 1-based number of the last non-blank line in lines[first:last]."""
    for number in range(last, first, -1):
        if lines[number - 1].strip():
            return number
    return first + 1


def leaf_block(tokens: list[Token], position: int, lines: list[str]) -> Block | None:
    token = tokens[position]
    if not token.map:
        return None
    first, last = token.map
    source = "\n".join(lines[first:last]).strip("\n")
    end = last_nonblank(lines, first, last)
    if token.type == "heading_open":
        return Block(0, "heading", token.tag, first + 1, end, source,
                     inline_of(tokens[position + 1:position + 2]))
    if token.type == "paragraph_open":
        return Block(0, "paragraph", "", first + 1, end, source,
                     inline_of(tokens[position + 1:position + 2]))
    if token.type in ("fence", "colon_fence", "code_block"):
        return fence_block(token, first, end, source)
    if token.type == "myst_line_comment":
        return None  # a note to authors, not part of the page
    if token.type in LEAVES:
        return Block(0, LEAVES[token.type], "", first + 1, end, source)
    return None


def fence_block(token: Token, first: int, end: int, source: str) -> Block:
    info = token.info.strip()
    match = re.match(r"^\{([\w:-]+)\}\s*(.*)$", info)
    # A bare ```mermaid fence is the {mermaid} directive (myst_fence_as_directive),
    # to Sphinx and so here too.
    bare = re.match(r"^([\w:-]+)\s*(.*)$", info) if not match else None
    if bare and bare.group(1) in myst_settings.FENCE_AS_DIRECTIVE:
        match = bare
    if not match:
        language = info.split()[0] if info else ""
        return Block(0, "code", language, first + 1, end, source, body=token.content)
    name, argument = match.groups()
    options, body = directive_options(token.content)
    if name in CODE_DIRECTIVES:
        return Block(0, "code", name, first + 1, end, source, options=options, body=body)
    text = [argument] if argument else []
    text += [value for key, value in options.items() if key in TRANSLATED_OPTIONS]
    if name in DIAGRAM_DIRECTIVES:
        text += re.findall(r'"([^"]*)"', body)
    # One line per label or option: "AI factories" and "Model layer" are two
    # phrases, not "AI factoriesModel layer".
    inline = Inline(text=["\n".join(text)] if text else [])
    if name in DIAGRAM_DIRECTIVES:
        return Block(0, "diagram", name, first + 1, end, source, inline, options=options, body=body)
    if name in PROSE_DIRECTIVES:
        inline = inline.merged(inline_of(parser().parse(body)))
    return Block(0, "directive", name, first + 1, end, source, inline, options=options, body=body)


def directive_options(content: str) -> tuple[dict[str, str], str]:
    """MyST directive options (``:key: value`` lines first) and the body after them."""
    options: dict[str, str] = {}
    lines = content.splitlines()
    index = 0
    while index < len(lines):
        match = OPTION.match(lines[index])
        if not match:
            break
        options[match.group(1)] = match.group(2).strip()
        index += 1
    return options, "\n".join(lines[index:]).strip("\n")


