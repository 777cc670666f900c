"""The review edition: static HTML a reviewer opens from disk.

``index.html`` is a dashboard: every page with its counts of missing, stale,
inconsistent and copywriting findings.  ``<page>.html`` shows the page's
blocks in two columns (source | translation), pair by pair, every finding
beside its block (termbase and style findings included) and a stale block's
source diff under it.  ``terms.html`` lists every term of the termbase with
the renderings the guide actually uses, in each language, and where; a
rendering that is not the preferred one is marked.  Blocks are shown as
their Markdown, the text a translator edits.  One stylesheet, no script,
no web font, no network: it works offline and from ``file://``.
"""

from __future__ import annotations

import shutil
from html import escape
from pathlib import Path

from cakedoc.languages import LANGUAGES
from cakedoc.review import report
from cakedoc.review.align import Pair
from cakedoc.review.check import PageReview, Review
from cakedoc.review.findings import Finding
from cakedoc.review.pages import Project
from cakedoc.review.staleness import REVIEWED, STALE
from cakedoc.review.termbase import PREFERRED, usage_table

STYLESHEET = Path(__file__).with_name("review.css")


def build(review: Review, staging: Path) -> None:
    """Write the whole edition into *staging* (emptied first)."""
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    shutil.copyfile(STYLESHEET, staging / "review.css")
    (staging / "report.json").write_text(report.as_json(review), encoding="utf-8")
    (staging / "index.html").write_text(dashboard(review), encoding="utf-8")
    (staging / "terms.html").write_text(terms_view(review), encoding="utf-8")
    for page in review.pages:
        target = staging / page_file(page.page)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_view(review, page), encoding="utf-8")


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
        rows.append(f'<tr><td><a href="{page_file(page.page)}">{escape(page.page)}</a></td>'
                    f'<td>{counts["blocks"]}</td>{cells}</tr>')
    heads = "".join(f"<th>{name}</th>" for name in report.COLUMNS)
    body = f"""<header>
<h1>Translation review: {escape(LANGUAGES[project.source].name)} → {escape(LANGUAGES[project.translation].name)}</h1>
<p class="summary">{escape(report.summary(review))}. Source: <code>docs/{project.source}/</code>;
translation: <code>docs/{project.translation}/</code>. Machine-readable: <a href="report.json">report.json</a>.
Every term and the renderings used: <a href="terms.html">terms</a>.</p>
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
After checking a pair: <code>make review-accept PAGE=… [BLOCK=…]</code>.
For print review, <code>make review-pdf</code> writes both languages side by side to
<code>_build/review-pdf/five-layer-cake-review.pdf</code>.</p>
</main>"""
    return document(f"Translation review ({project.source} → {project.translation})", body)


def page_view(review: Review, page: PageReview) -> str:
    project = review.project
    source, translation = LANGUAGES[project.source], LANGUAGES[project.translation]
    rows = [pair_row(project, page, pair) for pair in page.pairs]
    general = findings_list(page.page_findings)
    up = "../" * page_file(page.page).count("/")
    body = f"""<header>
<p><a href="{up}index.html">← all pages</a></p>
<h1>{escape(page.page)}</h1>
<p class="summary"><code>{escape(page.source_path)}</code> ↔ <code>{escape(page.translation_path)}</code></p>
{general}
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


def pair_row(project: Project, page: PageReview, pair: Pair) -> str:
    findings = page.findings_of(pair)
    status = page.status.get(pair.index) if pair.index else None
    state = status.state if status else ""
    classes = ["pair", state, "finding" if findings else ""]
    cells = []
    for block, lang in ((pair.source, project.source), (pair.translation, project.translation)):
        if block is None:
            cells.append('<div class="block missing">(no counterpart)</div>')
            continue
        cells.append(f'<div class="block" lang="{LANGUAGES[lang].bcp47}">'
                     f'<div class="where">{escape(block.label)} · line {block.line}</div>'
                     f'<pre>{escape(block.source)}</pre></div>')
    number = pair.index if pair.index is not None else "–"
    badge = {REVIEWED: "✓", STALE: "stale"}.get(state, "")
    anchor = f' id="block-{pair.index}"' if pair.index else ""
    return (f'<section class="{" ".join(c for c in classes if c)}"{anchor}>'
            f'<div class="meta">{number}<br><span class="badge">{badge}</span></div>'
            f'{"".join(cells)}<div class="notes">{findings_list(findings)}</div></section>')


def findings_list(findings: list[Finding]) -> str:
    if not findings:
        return ""
    items = []
    for finding in findings:
        diff = ""
        if finding.diff:
            # Each line is a block-level span: no newlines between them.
            lines = "".join(f'<span class="{diff_class(line)}">{escape(line)}</span>'
                            for line in finding.diff)
            diff = f'<pre class="diff">{lines}</pre>'
        items.append(f'<li class="{finding.severity} {finding.category}">'
                     f'<span class="kind">{finding.severity}: {finding.check}</span> '
                     f'<code>{escape(finding.location)}</code> {escape(finding.message)}{diff}</li>')
    return f'<ul class="findings">{"".join(items)}</ul>'


def diff_class(line: str) -> str:
    """How a line of a unified diff is coloured."""
    if line.startswith(("---", "+++", "@@")):
        return "ctx"
    return {"-": "del", "+": "ins"}.get(line[:1], "ctx")
