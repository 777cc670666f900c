"""A registry source as a reader sees it, in one language, as docutils nodes.

In: a :class:`~cakedoc.sources.registry.Source`, the registry (for the
reports it was reached through) and the language (``zh`` / ``en``).  Out:
inline nodes — the full reference of a footnote (:func:`reference`), the
short one of a glossary entry (:func:`short`), or the cells of a row of the
sources page (:func:`cells`).  The confidence is said in words (一手资料 / primary source),
never as a letter; :func:`legend` explains the words.
"""

from __future__ import annotations

from docutils import nodes

from cakedoc.messages import _
from cakedoc.sources.registry import Source

#: What each confidence is called, and what it means (the sources page's
#: legend): message ids, translated with _() when used, never at import (a
#: module-level _() would freeze the language of the first build in a process).
MESSAGES = {
    "primary": "primary source",
    "secondary": "secondary report",
    "estimate": "our estimate",
    "primary-meaning": "We read the original: the paper, datasheet, filing, official page or "
                       "report that states the figure.",
    "secondary-meaning": "We read the figure in a report about the original (named with the "
                         "source, and listed on this page too); the original was not retrieved "
                         "or not checked word for word.",
    "estimate-meaning": "Worked out from published figures, by us or by a third party whose "
                        "method is an estimate; no source states it as measured or official.",
    "current": "current",
}
LEVELS = ("primary", "secondary", "estimate")


def message(key: str) -> str:
    return str(_(MESSAGES[key]))


STOPS = "。.！？!?"


def confidence(source: Source) -> str:
    return message(source.confidence)


def sentence(text: str, lang: str) -> str:
    """*text* ending as a sentence of *lang*."""
    text = text.strip()
    if not text or text[-1] in STOPS or text.endswith(">"):
        return text
    return text + ("。" if lang == "zh" else ".")


def span(text: str, lang: str) -> str:
    """A date, a range (2024-09/2025-12) or ``current`` as *lang* writes it."""
    if text == "current":
        return message("current")
    if "/" in text:
        start, end = text.split("/")
        if len(start) == len(end) == 4:
            return f"{start}～{end}" if lang == "zh" else f"{start}–{end}"
        return f"{start} 至 {end}" if lang == "zh" else f"{start} to {end}"
    return text


def link(url: str, text: str | None = None) -> nodes.reference:
    return nodes.reference(text or url, text or url, refuri=url)


def citation(source: Source, lang: str) -> list[nodes.Node]:
    """Author, *title*, publisher, date — what names the source."""
    comma = "，" if lang == "zh" else ", "
    found: list[nodes.Node] = [nodes.Text(source.author(lang) + comma)]
    title = source.title(lang)
    found.append(nodes.emphasis(title, title))
    rest = [source.publisher(lang)] if source.publisher else []
    if source.date:
        rest.append(span(source.date, lang))
    found.append(nodes.Text("".join(comma + part for part in rest)))
    return found


def via(source: Source, sources: dict[str, Source], lang: str) -> list[nodes.Node]:
    """"经 PC Perspective 转述" / "Via PC Perspective": the reports we read it in."""
    if not source.via:
        return []
    found: list[nodes.Node] = [nodes.Text("经 " if lang == "zh" else "Via ")]
    for number, key in enumerate(source.via):
        report = sources[key]
        if number:
            found.append(nodes.Text("、" if lang == "zh" else " and "))
        name = report.author(lang)
        found.append(link(report.url, name) if report.url else nodes.Text(name))
    found.append(nodes.Text(" 转述。" if lang == "zh" else "."))
    return found


def reference(source: Source, sources: dict[str, Source], lang: str) -> list[nodes.Node]:
    """The full reference: what a footnote and a glossary entry show."""
    space = "" if lang == "zh" else " "
    found = citation(source, lang)
    found.append(nodes.Text("。" if lang == "zh" else ". "))
    as_of = span(source.as_of, lang)
    supports = source.supports(lang).rstrip("。.")
    if lang != "zh":
        supports = supports[:1].upper() + supports[1:]
    found.append(nodes.Text(sentence(f"{supports}（截至 {as_of}）" if lang == "zh"
                                     else f"{supports} (as of {as_of})", lang) + space))
    if source.note:
        found.append(nodes.Text(sentence(source.note(lang), lang) + space))
    found += via(source, sources, lang)
    if source.via:
        found.append(nodes.Text(space))
    word = confidence(source)
    found.append(nodes.strong(word, sentence(word[:1].upper() + word[1:], lang)))
    if source.url:
        found += [nodes.Text(" "), link(source.url)]
    return found


def short(source: Source, sources: dict[str, Source], lang: str) -> list[nodes.Node]:
    """Author, *title*, date, the reports it was read in, the confidence and
    the link: what a glossary entry lists (forty entries on one page keep
    within its weight budget; the full reference is on the sources page)."""
    found = citation(source, lang)
    found.append(nodes.Text("。" if lang == "zh" else ". "))
    found += via(source, sources, lang)
    if source.via and lang != "zh":
        found.append(nodes.Text(" "))
    word = confidence(source)
    found.append(nodes.Text(sentence(word[:1].upper() + word[1:], lang)))
    if source.url:
        found += [nodes.Text(" "), link(source.url)]
    return found


def cells(source: Source, sources: dict[str, Source], lang: str) -> list[list[nodes.Node]]:
    """The sources page's row: source, figures it supports, as of, confidence."""
    space = "" if lang == "zh" else " "
    name = citation(source, lang)
    if source.url:
        name += [nodes.Text(" "), link(source.url)]
    if source.via:
        name += [nodes.Text("。" if lang == "zh" else ". ")] + via(source, sources, lang)
    supports = [nodes.Text(sentence(source.supports(lang), lang))]
    if source.note:
        supports.append(nodes.Text(space + sentence(source.note(lang), lang)))
    return [name, supports, [nodes.Text(span(source.as_of, lang))],
            [nodes.Text(confidence(source))]]


def legend() -> nodes.definition_list:
    """The three words and what each means."""
    found = nodes.definition_list(classes=["cake-source-legend"])
    for level in LEVELS:
        word, meaning = message(level), message(f"{level}-meaning")
        found += nodes.definition_list_item(
            "", nodes.term(word, word), nodes.definition("", nodes.paragraph(meaning, meaning)))
    return found
