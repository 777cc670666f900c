"""Run every check on every page pair: the whole review, as data.

The terminal and JSON reports, the HTML review edition and the bilingual PDF
are all made from the :class:`Review` this module returns, so they never
disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cakedoc.glossary.entries import GlossaryError
from cakedoc.review import lint, style, termbase
from cakedoc.review.align import Pair, align, alignment_findings
from cakedoc.review.blocks import Block, split
from cakedoc.review.consistency import Context, pair_findings
from cakedoc.review.findings import ERROR, WARNING, Finding
from cakedoc.review.pages import Project, missing_counterparts
from cakedoc.review.staleness import (
    REVIEWED, STALE, SidecarError, Status, read, source_diff, statuses)
from cakedoc.review.terms import Glossary
from cakedoc.review.termbase import Termbase, Use


@dataclass
class PageReview:
    page: str
    source_path: str  #: docs/zh/chips.md
    translation_path: str  #: docs/en/chips.md
    pairs: list[Pair] = field(default_factory=list)
    status: dict[int, Status] = field(default_factory=dict)  #: by source block number
    findings: list[Finding] = field(default_factory=list)

    def count(self, category: str) -> int:
        """Blocks (or, for page-wide findings, pages) with findings of *category*."""
        return len({(f.block if f.block is not None else f"{f.path}:{f.line}")
                    for f in self.findings if f.category == category})

    @property
    def page_findings(self) -> list[Finding]:
        """Findings about the page as a whole, shown above its blocks."""
        return [f for f in self.findings if f.page_wide]

    def findings_of(self, pair: Pair) -> list[Finding]:
        """The findings shown beside one pair of blocks: about its source
        block, or at a line of either block."""
        spans = [(path, block.line, block.end) for path, block in
                 ((self.source_path, pair.source), (self.translation_path, pair.translation)) if block]
        return [f for f in self.findings if not f.page_wide and (
            (pair.source is not None and f.block == pair.source.index)
            or (f.block is None and any(f.path == path and first <= f.line <= last
                                        for path, first, last in spans)))]


@dataclass
class Review:
    project: Project
    pages: list[PageReview]
    general: list[Finding] = field(default_factory=list)  #: about no one page (the glossary)
    uses: list[Use] = field(default_factory=list)  #: every termbase rendering met, for the page of terms

    @property
    def findings(self) -> list[Finding]:
        return sorted([*self.general, *(f for page in self.pages for f in page.findings)],
                      key=lambda f: (f.path, f.line, f.check))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]


def review(project: Project) -> Review:
    general = []
    try:
        glossary = Glossary.load(project.glossary)
    except GlossaryError as error:
        # Reported like any finding; the pages are still checked, without terms.
        general.append(Finding(ERROR, "glossary", project.relative(error.path), error.line,
                               f"{error.message} (terms and renderings are not checked until "
                               "the glossary reads)"))
        glossary = Glossary({})
    try:
        terms = termbase.load(project.glossary, lambda path: project.relative(path))
    except GlossaryError as error:
        if not general:  # an entry's error is reported once, above
            general.append(Finding(ERROR, "glossary", project.relative(error.path), error.line,
                                   f"{error.message} (the termbase is not checked until it reads)"))
        terms = Termbase({})
    uses: list[Use] = []
    for entry in glossary.entries.values():
        found, used = termbase.entry_findings(terms, entry, project.relative(entry.path))
        general += found
        uses += used
        lines, _ = termbase.entry_lines(entry)
        for lang, numbered in lines.items():
            general += style.line_findings(numbered, lang, project.relative(entry.path))
    pages = [review_page(project, page, glossary, terms, uses) for page in project.all_pages()]
    return Review(project, pages, general, uses)


def blocks_of(project: Project, path: Path, page: str) -> tuple[list[Block], list[Finding]]:
    """The blocks of a page file, or a finding if it cannot be read."""
    if not path.is_file():
        return [], []
    try:
        return split(path), []
    except UnicodeDecodeError as error:
        return [], [Finding(ERROR, "read", project.relative(path), 1,
                            f"not UTF-8 ({error.reason} at byte {error.start}); save it as UTF-8",
                            page=page)]


def review_page(project: Project, page: str, glossary: Glossary, terms: Termbase,
                uses: list[Use]) -> PageReview:
    source_file = project.page_file(project.source, page)
    translation_file = project.page_file(project.translation, page)
    result = PageReview(page, project.relative(source_file), project.relative(translation_file))
    result.findings += missing_counterparts(project, page)
    source, unreadable = blocks_of(project, source_file, page)
    result.findings += unreadable
    translation, unreadable = blocks_of(project, translation_file, page)
    result.findings += unreadable
    # Chinese copywriting is checked on the Chinese page, source or translation;
    # the termbase and the typography rules on both.
    for lang, path, blocks in ((project.source, source_file, source),
                               (project.translation, translation_file, translation)):
        if not blocks:
            continue
        if lang == "zh":
            result.findings += lint.findings(blocks, project.relative(path), page)
        result.findings += style.findings(blocks, lang, project.relative(path), page)
        found, used = termbase.page_findings(terms, blocks, lang, project.relative(path), page)
        result.findings += found
        uses += used
    if not (source and translation):
        # One side is missing: the counterpart finding says so once.
        result.pairs = [Pair(block, None) for block in source] + [Pair(None, block) for block in translation]
        return result
    result.pairs = align(source, translation)
    lines = len(translation_file.read_text(encoding="utf-8").splitlines())
    result.findings += alignment_findings(result.pairs, result.source_path,
                                          result.translation_path, page, lines)
    context = Context(page, result.source_path, result.translation_path,
                      project.source, project.translation, glossary)
    for pair in result.pairs:
        if pair.source and pair.translation and pair.source.signature == pair.translation.signature:
            result.findings += pair_findings(pair.source, pair.translation, context)
    result.findings += staleness_findings(project, page, source, result)
    return result


def staleness_findings(project: Project, page: str, source: list[Block],
                       result: PageReview) -> list[Finding]:
    sidecar = project.relative(project.sidecar(page))
    accept = f"make review-accept PAGE={page}"
    try:
        records = read(project.sidecar(page), sidecar)
    except SidecarError as error:
        return [Finding(ERROR, "sidecar", error.path, error.line, error.message, page=page)]
    if records is None:
        return [Finding(ERROR, "unreviewed", result.translation_path, 1,
                        f"no review recorded for this page ({sidecar} is missing): check every "
                        f"block against {result.source_path}, then run `{accept}`", page=page)]
    result.status, orphans = statuses(source, records)
    translations = {pair.source.index: pair.translation for pair in result.pairs
                    if pair.source and pair.translation}
    found = []
    for block in source:
        status = result.status[block.index]
        if status.state == REVIEWED:
            continue
        translated = translations.get(block.index)
        path, line = ((result.translation_path, translated.line) if translated
                      else (result.source_path, block.line))
        if status.state == STALE and status.record:
            found.append(Finding(
                ERROR, "stale", path, line,
                f"stale: {result.source_path}:{block.line} (block {block.index}) changed since "
                f"{status.record.reviewer} reviewed it on {status.record.date}; update the "
                f"translation if needed, then run `{accept} BLOCK={block.index}`",
                page=page, block=block.index,
                diff=source_diff(status.record, block.source, f"{result.source_path}:{block.line}")))
        else:
            found.append(Finding(
                ERROR, "unreviewed", path, line,
                f"never reviewed: {result.source_path}:{block.line} (block {block.index}); "
                f"check the pair, then run `{accept} BLOCK={block.index}`",
                page=page, block=block.index))
    for record in orphans:
        found.append(Finding(
            WARNING, "sidecar", sidecar, record.line,
            f"the record of block {record.block} ({record.kind}) matches no block of "
            f"{result.source_path} any more; the next `{accept}` drops it", page=page))
    return found
