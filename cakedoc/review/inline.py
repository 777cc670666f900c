"""What a block says, from its parsed inline markup.

The checks compare two blocks by what a reader sees and what the markup
points at, never by raw Markdown: the visible text (numbers, glossary
renderings, leftover Chinese), the glossary terms linked with ``{term}``, the
link targets (``{doc}``, ``[…](…)``, ``<https://…>``), the footnote labels,
the registry keys cited with ``{footcite}`` and the inline code.  URLs, role targets and footnote labels are not text,
so a number inside them is never compared as a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markdown_it.token import Token

#: Roles that link to another document or label; their target is a link.
LINK_ROLES = {"doc", "ref", "numref", "download", "any", "external"}
ROLE = re.compile(r"^(?P<display>.*?)\s*<(?P<target>[^<>]+)>$", re.S)


@dataclass
class Inline:
    """The comparable content of one block."""

    text: list[str] = field(default_factory=list)  #: visible text, in order
    terms: list[str] = field(default_factory=list)  #: {term} targets as written
    links: list[str] = field(default_factory=list)  #: "doc:chips", "url:https://…"
    footnotes: list[str] = field(default_factory=list)  #: footnote labels referenced
    code: list[str] = field(default_factory=list)  #: inline code spans
    citations: list[str] = field(default_factory=list)  #: registry keys cited ({footcite})

    @property
    def visible(self) -> str:
        return "".join(self.text)

    def merged(self, other: Inline) -> Inline:
        return Inline(self.text + other.text, self.terms + other.terms, self.links + other.links,
                      self.footnotes + other.footnotes, self.code + other.code,
                      self.citations + other.citations)


def parse_role(content: str) -> tuple[str, str]:
    """``芯片（Chips）<chips>`` → ("芯片（Chips）", "chips"); ``HBM`` → ("HBM", "HBM")."""
    match = ROLE.match(content.strip())
    if match:
        return match.group("display"), match.group("target").strip()
    return content, content.strip()


def link_target(href: str) -> str:
    """One spelling per target: ``chips.md``, ``./chips.md`` and ``{doc}`chips```
    all become ``doc:chips``."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
        return f"url:{href}"
    if href.startswith("#"):
        return f"anchor:{href[1:]}"
    path, _, anchor = href.partition("#")
    path = path.removeprefix("./").removesuffix(".md")
    return f"doc:{path}#{anchor}" if anchor else f"doc:{path}"


def inline_of(tokens: Iterable[Token]) -> Inline:
    """The content of every inline token among *tokens*."""
    found = Inline()
    for token in tokens:
        if token.type == "inline":
            if found.text:
                # Table cells and separate paragraphs: "2024" and "2025" in
                # two cells are two numbers, not 20242025.
                found.text.append("\n")
            add_children(found, token.children or [])
    return found


def add_children(found: Inline, children: list[Token]) -> None:
    in_autolink = False
    for child in children:
        if child.type == "text" and not in_autolink:
            found.text.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            found.text.append(" ")
        elif child.type == "code_inline":
            found.code.append(child.content)
        elif child.type == "footnote_ref":
            found.footnotes.append(child.meta["label"])
        elif child.type == "link_open":
            found.links.append(link_target(str(child.attrs.get("href", ""))))
            # An autolink's text is its URL: a target, not prose.
            in_autolink = child.markup == "autolink"
        elif child.type == "link_close":
            in_autolink = False
        elif child.type == "image":
            found.links.append(link_target(str(child.attrs.get("src", ""))))
            found.text.append(child.content)
        elif child.type == "myst_role":
            add_role(found, child.meta.get("name", ""), child.content)


def add_role(found: Inline, name: str, content: str) -> None:
    if name == "footcite":
        # Keys, not text: a key's digits are no figure of the block.
        found.citations += [key.strip() for key in content.split(",") if key.strip()]
        return
    display, target = parse_role(content)
    if name == "term":
        found.terms.append(target)
        found.text.append(display)
    elif name in LINK_ROLES:
        found.links.append(f"doc:{target.lstrip('/')}" if name == "doc" else f"{name}:{target}")
        # {doc}`chips` shows the page's title, which is not in this block.
        if display != content:
            found.text.append(display)
    else:
        found.text.append(display)
