"""The review edition: static HTML a reviewer opens from disk.

In: the review (:class:`~cakedoc.review.check.Review`).  Out: a folder.
``index.html`` is a dashboard: every page with its counts of missing, stale,
inconsistent and copywriting findings, and how many blocks are signed off,
by whom and when (per page and for the guide).  ``pages/<page>.html`` shows
the page's blocks in two columns (source | translation), pair by pair,
rendered as readers read them (:mod:`~cakedoc.review.render`: term links,
footnote marks, tables, code, diagrams as SVG from the diagram cache), each
with a toggle to its MyST source; every finding beside its block, filterable
by kind; a stale block's source change inline (:mod:`~cakedoc.review.textdiff`);
and the exact ``make review-accept`` command of each block and of the page,
copied with one click (``review.js``; under ``make review-serve`` it also
signs off from the browser).  ``terms.html`` lists every term of the
termbase with the renderings the guide actually uses, in each language, and
where; a rendering that is not the preferred one is marked.  One stylesheet,
one local script, no web font, no network: it works offline and from ``file://``.
"""

from __future__ import annotations

import shlex
import shutil
from html import escape
from pathlib import Path

from cakedoc.languages import LANGUAGES
from cakedoc.review import report, signoffs, textdiff
from cakedoc.review.align import Pair
from cakedoc.review.blocks import Block, normal_text, split_text
from cakedoc.review.check import PageReview, Review
from cakedoc.review.findings import Finding
from cakedoc.review.pages import Project
from cakedoc.review.pictures import Pictures
from cakedoc.review.render import render_page
from cakedoc.review.staleness import REVIEWED, STALE, Record, old_text
from cakedoc.review.termbase import PREFERRED, usage_table

STYLESHEET = Path(__file__).with_name("review.css")
SCRIPT = Path(__file__).with_name("review.js")


def build(review: Review, staging: Path) -> None:
    """Write the whole edition into *staging* (emptied first)."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shutil.copyfile(STYLESHEET, staging / "review.css")
    shutil.copyfile(SCRIPT, staging / "review.js")
    (staging / "report.json").write_text(report.as_json(review), encoding="utf-8")
    (staging / "index.html").write_text(dashboard(review), encoding="utf-8")
    (staging / "terms.html").write_text(terms_view(review), encoding="utf-8")
    pictures = Pictures(review.project.root, staging)
    titles = page_titles(review)
    for page in review.pages:
        target = staging / page_file(page.page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_view(review, page, pictures, titles), encoding="utf-8")


def page_titles(review: Review) -> dict[str, dict[str, str]]:
    """Language → page → its title (its first heading), for {doc} links."""
    project = review.project
    titles: dict[str, dict[str, str]] = {project.source: {}, project.translation: {}}
    for page in review.pages:
        for lang, side in ((project.source, "source"), (project.translation, "translation")):
            first = next((getattr(pair, side) for pair in page.pairs if getattr(pair, side)), None)
            if first is not None and first.kind == "heading":
                titles[lang][page.page] = first.inline.visible
    return titles


def accept_command(project: Project, page: str, block: int | None = None) -> str:
    """The exact command that signs off *page* (or one block of it)."""
    words = ["make", "review-accept", f"PAGE={page}"]
    if block is not None:
        words.append(f"BLOCK={block}")
    if project.source != "zh":  # the Makefile's default
        words.append(f"SOURCE_LANGUAGE={project.source}")
    return shlex.join(words)


def command_box(command: str, page: str, block: int | None = None) -> str:
    """The command, a button that copies it, and (under make review-serve) one that runs it."""
    target = f' data-block="{block}"' if block is not None else ""
    return (f'<div class="accept"><code class="command">{escape(command)}</code>'
            f'<button type="button" class="copy" data-command="{escape(command, quote=True)}">Copy</button>'
            f'<button type="button" class="sign" hidden data-page="{escape(page, quote=True)}"{target}>'
            f'Sign off</button></div>')


def signoff_line(found: signoffs.SignOffs) -> str:
    who = f" by {escape(found.who())}" if found.reviewers else ""
    return f"{found.signed} of {found.total} blocks signed off{who}"


def page_file(page: str) -> str:
    """pages/chips.html: one folder, so a page named "index" cannot clash."""
    return f"pages/{page}.html"


def document(title: str, body: str, up: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{up}review.css">
<script src="{up}review.js" defer></script>
</head>
<body>
{body}
</body>
</html>
"""


def dashboard(review: Review) -> str:
    project = review.project
    rows = []
    for counts, page in zip(report.page_counts(review), review.pages):
        cells = "".join(f'<td class="{"bad" if counts[name] else "ok"}">{counts[name]}</td>'
                        for name in report.COLUMNS)
        signed = signoffs.of_page(page)
        rows.append(f'<tr><td><a href="{page_file(page.page)}">{escape(page.page)}</a></td>'
                    f'<td>{counts["blocks"]}</td>{cells}'
                    f'<td class="signed">{signed.signed} / {signed.total}</td>'
                    f'<td class="who">{escape(signed.who())}</td></tr>')
    heads = "".join(f"<th>{name}</th>" for name in report.COLUMNS) + "<th>signed off</th><th>by (blocks, last date)</th>"
    guide = signoffs.of_guide(review)
    body = f"""<header>
<h1>Translation review: {escape(LANGUAGES[project.source].name)} → {escape(LANGUAGES[project.translation].name)}</h1>
<p class="summary">{escape(report.summary(review))}. Source: <code>docs/{project.source}/</code>;
translation: <code>docs/{project.translation}/</code>. Machine-readable: <a href="report.json">report.json</a>.
Every term and the renderings used: <a href="terms.html">terms</a>.</p>
<p class="signoffs">The guide: {signoff_line(guide)}.</p>
{findings_list(review.general)}
</header>
<main>
<table class="dashboard">
<thead><tr><th>page</th><th>blocks</th>{heads}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="help">A block is <em>missing</em> when it has no counterpart of the same kind,
<em>stale</em> when its source changed since it was signed off (or it never was),
<em>inconsistent</em> when the pair differs in numbers, terms, links, footnotes, code or wording;
<em>copywriting</em> counts spacing, punctuation, 倍 and range dashes, <em>termbase</em> a forbidden
or non-preferred rendering of a term, or a first use without its gloss.
After checking a pair: <code>make review-accept PAGE=… [BLOCK=…]</code> (each page and block
offers its own, with a button that copies it; <code>make review-serve</code> signs off from the browser).
For print review, <code>make review-pdf</code> writes both languages side by side to
<code>_build/review-pdf/five-layer-cake-review.pdf</code>.</p>
</main>"""
    return document(f"Translation review ({project.source} → {project.translation})", body)


def page_view(review: Review, page: PageReview, pictures: Pictures,
              titles: dict[str, dict[str, str]]) -> str:
    project = review.project
    source, translation = LANGUAGES[project.source], LANGUAGES[project.translation]
    up = "../" * page_file(page.page).count("/")
    rendered = {side: render_page([getattr(pair, side) for pair in page.pairs if getattr(pair, side)],
                                  lang, titles[lang], up, pictures)
                for side, lang in (("source", project.source), ("translation", project.translation))}
    rows = [pair_row(project, page, pair, rendered) for pair in page.pairs]
    general = findings_list(page.page_findings)
    kinds = [name for name in report.COLUMNS if page.count(name)]
    boxes = "".join(f'<label><input type="checkbox" name="kind" value="{name}" checked> {name} '
                    f'({page.count(name)})</label>' for name in kinds)
    filters = (f'<form class="filters" hidden><span>Show findings:</span>{boxes}<label>'
               f'<input type="checkbox" name="only"> only blocks with these findings</label></form>'
               if kinds else "")
    signed = signoffs.of_page(page)
    body = f"""<header>
<p><a href="{up}index.html">← all pages</a></p>
<h1>{escape(page.page)}</h1>
<p class="summary"><code>{escape(page.source_path)}</code> ↔ <code>{escape(page.translation_path)}</code></p>
<p class="signoffs">{signoff_line(signed)}. Sign off the whole page:</p>
{command_box(accept_command(project, page.page), page.page)}
{general}
{filters}
</header>
<main class="pairs">
<div class="pair head"><div class="meta">#</div><div lang="{source.bcp47}">{escape(source.name)}</div>
<div lang="{translation.bcp47}">{escape(translation.name)}</div><div class="notes">findings</div></div>
{chr(10).join(rows)}
</main>"""
    return document(f"{page.page} — translation review", body, up)


def terms_view(review: Review) -> str:
    """Every term of the termbase: the renderings the pages and the glossary
    use, in each language, with the files and lines where they are."""
    project = review.project
    table = usage_table(review.uses)
    rows = []
    for term_id in sorted(table):
        cells = []
        for lang in (project.source, project.translation):
            items = []
            for written, uses in sorted(table[term_id].get(lang, {}).items(), key=lambda kv: -len(kv[1])):
                status = uses[0].status
                places: dict[str, list[str]] = {}
                for use in uses:
                    places.setdefault(use.path, []).append(str(use.line))
                where = "; ".join(f"{escape(path)}: {', '.join(lines)}" for path, lines in places.items())
                items.append(f'<li class="{status}"><span class="rendering">{escape(written)}</span> '
                             f'<span class="status">{status}</span> ×{len(uses)}'
                             f'<div class="where">{where}</div></li>')
            cells.append(f'<td lang="{LANGUAGES[lang].bcp47}"><ul class="renderings">{"".join(items)}</ul></td>')
        rows.append(f'<tr id="term-{escape(term_id)}"><th>{escape(term_id)}</th>{"".join(cells)}</tr>')
    heads = "".join(f"<th>{escape(LANGUAGES[lang].name)}</th>" for lang in (project.source, project.translation))
    body = f"""<header>
<p><a href="index.html">← all pages</a></p>
<h1>Terms: the renderings in use</h1>
<p class="summary">Every term of the termbase (<code>glossary/*.md</code> and <code>glossary/names.yaml</code>)
that the pages or the glossary use: each rendering, how often, and where. Only a
<em>{PREFERRED}</em> rendering (or an alias) belongs in running text; variants and forbidden
renderings are reported as findings.</p>
</header>
<main>
<table class="terms">
<thead><tr><th>term</th>{heads}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</main>"""
    return document("Terms — translation review", body)


def pair_row(project: Project, page: PageReview, pair: Pair,
             rendered: dict[str, dict[int, str]]) -> str:
    findings = page.findings_of(pair)
    status = page.status.get(pair.index) if pair.index else None
    state = status.state if status else ""
    classes = ["pair", state, "finding" if findings else ""]
    cells = []
    for block, side, lang in ((pair.source, "source", project.source),
                              (pair.translation, "translation", project.translation)):
        if block is None:
            cells.append('<div class="block missing">(no counterpart)</div>')
            continue
        cells.append(f'<div class="block" lang="{LANGUAGES[lang].bcp47}">'
                     f'<div class="where">{escape(block.label)} · line {block.line}</div>'
                     f'{rendered[side].get(block.index, "")}'
                     f'<details class="source"><summary>MyST</summary><pre>{escape(block.source)}</pre>'
                     f'</details></div>')
    number = pair.index if pair.index is not None else "–"
    badge = {REVIEWED: "✓", STALE: "stale"}.get(state, "")
    anchor = f' id="block-{pair.index}"' if pair.index else ""
    changed = ""
    if status and status.state == STALE and status.record and pair.source:
        changed = stale_change(project, status.record, pair.source)
    accept = command_box(accept_command(project, page.page, pair.index), page.page, pair.index) \
        if pair.index and pair.translation else ""
    return (f'<section class="{" ".join(c for c in classes if c)}"{anchor}>'
            f'<div class="meta">{number}<br><span class="badge">{badge}</span></div>'
            f'{"".join(cells)}<div class="notes">{findings_list(findings, diffs=False)}{changed}'
            f'{accept}</div></section>')


def reader_text(source: str, like: Block) -> str:
    """What a reader reads of *source* (a block's MyST, parsed as *like* is:
    a table row under its table's header), so a diff shows words, not markup."""
    if not like.is_prose:
        return normal_text(source)
    text = f"{like.frame}\n{source}" if like.kind == "table-row" and like.frame and not like.head else source
    blocks = split_text(text)
    if not blocks:
        return ""
    block = blocks[-1] if like.kind == "table-row" else blocks[0]
    return " | ".join(part.strip() for part in block.inline.visible.split("\n")) \
        if like.kind == "table-row" else "\n".join(b.inline.visible for b in blocks)


def stale_change(project: Project, record: Record, block: Block) -> str:
    """The source's change since *record*: the reader's text as a diff (changed
    characters in Chinese, words in English), the MyST diff behind a toggle."""
    old = old_text(record)
    if old is None:
        return ('<p class="changed">The text as signed off is not at hand (this is not a git '
                'checkout): compare with the source\'s history.</p>')
    lang = project.source
    seen = textdiff.html(reader_text(old, block), reader_text(block.source, block), lang)
    source = textdiff.html(normal_text(old), normal_text(block.source), lang)
    markup_only = reader_text(old, block) == reader_text(block.source, block)
    shown = ('<p class="note">The text readers read is the same: only the markup changed.</p>'
             if markup_only else f'<div class="textdiff" lang="{LANGUAGES[lang].bcp47}">{seen}</div>')
    return (f'<div class="changed"><p>{escape(LANGUAGES[lang].name)} source since '
            f'{escape(record.reviewer)} signed it off on {escape(record.date)}:</p>{shown}'
            f'<details class="source"{" open" if markup_only else ""}><summary>MyST</summary>'
            f'<div class="textdiff source-diff" lang="{LANGUAGES[lang].bcp47}">{source}</div>'
            f'</details></div>')


def findings_list(findings: list[Finding], diffs: bool = True) -> str:
    """The findings as a list, each marked with its kind (for the filter);
    *diffs*: with a stale finding's line diff (the page shows it inline instead)."""
    if not findings:
        return ""
    items = []
    for finding in findings:
        diff = ""
        if finding.diff and diffs:
            # Each line is a block-level span: no newlines between them.
            lines = "".join(f'<span class="{diff_class(line)}">{escape(line)}</span>'
                            for line in finding.diff)
            diff = f'<pre class="diff">{lines}</pre>'
        items.append(f'<li class="{finding.severity} {finding.category}" data-kind="{finding.category}">'
                     f'<span class="kind">{finding.severity}: {finding.check}</span> '
                     f'<code>{escape(finding.location)}</code> {escape(finding.message)}{diff}</li>')
    return f'<ul class="findings">{"".join(items)}</ul>'


def diff_class(line: str) -> str:
    """How a line of a unified diff is coloured."""
    if line.startswith(("---", "+++", "@@")):
        return "ctx"
    return {"-": "del", "+": "ins"}.get(line[:1], "ctx")
