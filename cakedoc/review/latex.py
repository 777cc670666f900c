"""The bilingual PDF for print review: source and translation side by side,
block by block, each pair headed by its number, its lines and its findings.

Each block is printed as readers read it, from MyST's own markdown-it tokens
(the parser of :mod:`cakedoc.review.blocks`): term links coloured as links,
footnote marks numbered in order of first use on the page, inline code in
type, a table row as a row of a table under its header, code and doctests
as code without their fences, and a diagram as the drawing the PDF edition
uses (the ``pdf`` variant in the diagram cache, via
:class:`~cakedoc.review.pictures.Pictures`; its source when not yet drawn).

LaTeX (xelatex + xeCJK, the fonts of the PDF edition in cakedoc.pdf.latex) with
``paracol``, which keeps the two columns level after every pair, so each
block starts beside its counterpart however long either is.  Compiled
quietly by cakedoc.pdf.latexrun: silent on success, TeX's own error on failure.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.token import Token

from cakedoc.pdf import latexrun
from cakedoc.languages import LANGUAGES
from cakedoc.pdf.latex import FONTS
from cakedoc.review import report
from cakedoc.review.blocks import Block, parser
from cakedoc.review.check import PageReview, Review
from cakedoc.review.inline import parse_role
from cakedoc.review.pictures import Pictures
from cakedoc.review.render import BUILD_ONLY

TEX_SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                "%": r"\%", "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}
#: latexmk as cakedoc.pdf.latexrun runs it (-pdfxe): xelatex, then xdvipdfmx.
LATEXMKRC = "$xelatex = 'xelatex --no-pdf %O %S';\n"
PREAMBLE = r"""\documentclass[a4paper,10pt]{article}
\usepackage{fontspec}
\usepackage{xeCJK}
%(fonts)s
\usepackage[margin=16mm]{geometry}
\usepackage{paracol}
\usepackage{xcolor}
\usepackage{graphicx}
\usepackage{tabularx}
\usepackage{array}
\usepackage[hidelinks,bookmarksnumbered]{hyperref}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.4em}
\setlength{\columnsep}{8mm}
\newcommand{\pairhead}[1]{\par\smallskip{\color{gray}\footnotesize\sffamily #1}\par}
\newcommand{\finding}[1]{{\color{red!70!black}\footnotesize\sffamily #1}\par}
\newcommand{\codeblock}[1]{{\raggedright\ttfamily\small #1\par}}
\newcommand{\termlink}[1]{{\color[HTML]{2962FF}#1}}
\newcolumntype{Y}{>{\raggedright\arraybackslash}X}
"""


def tex(text: str) -> str:
    """Plain text made safe for LaTeX."""
    return "".join(TEX_SPECIALS.get(char, char) for char in text)


class Notes:
    """Footnote numbers of one page in one language, in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, label: str) -> int:
        return self.numbers.setdefault(label, len(self.numbers) + 1)


def inline(children: list[Token], notes: Notes | None = None) -> str:
    """Inline Markdown as LaTeX: emphasis, code, roles, links, footnote marks."""
    notes = notes or Notes()
    out, autolink = [], False
    for child in children:
        kind = child.type
        if kind == "text" and not autolink:
            out.append(tex(child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind in ("strong_open", "em_open"):
            out.append(r"\textbf{" if kind == "strong_open" else r"\emph{")
        elif kind in ("strong_close", "em_close"):
            out.append("}")
        elif kind == "code_inline":
            out.append(r"\texttt{" + tex(child.content) + "}")
        elif kind == "footnote_ref":
            out.append(r"\textsuperscript{[" + str(notes.number(child.meta["label"])) + "]}")
        elif kind == "myst_role":
            display, target = parse_role(child.content)
            name = child.meta.get("name")
            if name == "footcite":
                keys = [key.strip() for key in child.content.split(",") if key.strip()]
                out.append(r"\textsuperscript{[" + ",".join(str(notes.number(k)) for k in keys) + "]}")
                continue
            shown = tex(display) if display != child.content or name != "doc" else r"\texttt{" + tex(target) + "}"
            out.append(r"\termlink{" + shown + "}" if name in ("term", "doc") else shown)
        elif kind == "link_open" and child.markup == "autolink":
            autolink = True
            out.append(r"\texttt{" + tex(str(child.attrs.get("href", ""))) + "}")
        elif kind == "link_close":
            autolink = False
    return "".join(out)


def prose_tex(block: Block, notes: Notes | None = None) -> str:
    """The text of a prose block, its inline markup rendered."""
    if block.kind == "table-row" and block.frame:
        return row_tex(block, notes)
    inlines = [token for token in parser().parse(block.source) if token.type == "inline"]
    return r"\par ".join(inline(token.children or [], notes) for token in inlines)


def row_tex(block: Block, notes: Notes | None) -> str:
    """A table row as a one-row table (parsed under its table's header, as
    Markdown reads it); the header row in bold."""
    tokens = parser().parse(block.frame if block.head else f"{block.frame}\n{block.source}")
    rows, cells = [], []
    for token in tokens:
        if token.type == "tr_open":
            cells = []
            rows.append(cells)
        elif token.type == "inline":
            cells.append(inline(token.children or [], notes))
    cells = rows[-1] if rows else []
    if block.head:
        cells = [r"\textbf{" + cell + "}" for cell in cells]
    spec = "|" + "Y|" * max(len(cells), 1)
    return (r"{\small\begin{tabularx}{\linewidth}{" + spec + r"}\hline " + " & ".join(cells)
            + r"\\\hline\end{tabularx}}")


def chart_tex(block: Block, notes: Notes | None) -> str:
    """A chart as its caption and data table (the PDF edition draws it)."""
    rows = [line.strip().strip("|") for line in block.body.splitlines() if line.strip()]
    width = max((row.count("|") + 1 for row in rows), default=1)
    table = "\n".join(["|" + " |" * width, "|" + "---|" * width, *(f"| {row} |" for row in rows)])
    lines = []
    for token in parser().parse(table):
        if token.type == "tr_open":
            lines.append([])
        elif token.type == "inline" and lines:
            lines[-1].append(inline(token.children or [], notes))
    body = "".join(" & ".join(cells) + r"\\\hline " for cells in lines[1:])
    caption = tex(block.options.get("caption", ""))
    return (r"{\footnotesize " + caption + r"\par}{\small\begin{tabularx}{\linewidth}{|"
            + "Y|" * width + r"}\hline " + body + r"\end{tabularx}}")


def code_tex(text: str) -> str:
    # Indentation kept (~), other spaces breakable: long lines wrap in the column.
    lines = [re.sub(r"^ +", lambda m: "~" * len(m.group(0)), tex(line)) or "~"
             for line in text.splitlines()]
    # "\\{}": a line that starts with "[" must not read as \\[length].
    return r"\codeblock{" + r"\\{}".join(lines) + "}"


def block_tex(block: Block, notes: Notes | None = None, lang: str = "",
              pictures: Pictures | None = None) -> str:
    """One block as the reviewer reads it: prose rendered, code as code."""
    if block.kind == "code":
        return code_tex(block.body)
    if block.kind == "diagram" and pictures is not None:
        drawing = pictures.pdf_file(block, lang)
        caption = block.options.get("caption", "")
        if drawing is not None:
            return (r"{\centering\includegraphics[width=0.9\linewidth,height=9cm,keepaspectratio]{"
                    + drawing.as_posix() + r"}\par}" + (r"{\footnotesize " + tex(caption) + r"\par}" if caption else ""))
    if block.kind == "directive" and block.detail == "chart":
        return chart_tex(block, notes)
    if block.kind == "directive" and block.detail in BUILD_ONLY:
        return r"\finding{\texttt{" + tex(block.detail) + "}: " + tex(BUILD_ONLY[block.detail]) + "}"
    if not block.is_prose:
        return code_tex(block.source)
    text = prose_tex(block, notes)
    if block.kind == "heading":
        return r"{\sffamily\bfseries\large " + text + "}"
    number = str((notes or Notes()).number(block.detail)) if block.kind == "footnote" else ""
    prefix = {"list-item": r"$\bullet$~", "footnote": r"\textsuperscript{[" + number + "]}~"}
    return prefix.get(block.kind, "") + text


def page_title(page: PageReview) -> str:
    """Both titles: 芯片：把电变成计算 · Chips: turning electricity into computation."""
    first = page.pairs[0] if page.pairs else None
    titles = [prose_tex(block) for block in ((first.source, first.translation) if first else ())
              if block is not None and block.kind == "heading"]
    return " · ".join(titles) or tex(page.page)


def pair_head(page: PageReview, index: int) -> str:
    pair = page.pairs[index]
    where = [f"{side.split('/')[1]} {block.line}" for side, block in
             ((page.source_path, pair.source), (page.translation_path, pair.translation)) if block]
    kind = (pair.source or pair.translation).label
    number = f"{pair.index} · " if pair.index else ""
    status = page.status.get(pair.index) if pair.index else None
    state = f" · {status.state}" if status and status.state != "reviewed" else ""
    head = r"\pairhead{" + tex(f"{number}{kind} · line {' / '.join(where)}{state}") + "}"
    for finding in page.findings_of(pair):
        head += r"\finding{" + tex(f"{finding.severity}: {finding.message}") + "}"
    return head


def page_tex(page: PageReview, pictures: Pictures | None = None,
             langs: tuple[str, str] = ("", "")) -> str:
    parts = [r"\clearpage", r"\phantomsection\addcontentsline{toc}{section}{" + tex(page.page) + "}",
             r"\section*{" + page_title(page) + "}",
             r"{\footnotesize\ttfamily " + tex(f"{page.source_path} | {page.translation_path}") + r"}\par"]
    for finding in page.page_findings:
        parts.append(r"\finding{" + tex(f"{finding.location}: {finding.message}") + "}")
    if not page.pairs:
        return "\n".join(parts)
    parts += [pair_head(page, 0), r"\begin{paracol}{2}"]
    source_notes, translation_notes = Notes(), Notes()
    for index, pair in enumerate(page.pairs):
        if index:
            # Level the columns, then the next pair's heading across both.
            parts.append(r"\switchcolumn*[" + pair_head(page, index) + "]")
        parts.append(block_tex(pair.source, source_notes, langs[0], pictures) if pair.source
                     else r"\finding{(no counterpart)}")
        parts.append(r"\switchcolumn")
        parts.append(block_tex(pair.translation, translation_notes, langs[1], pictures) if pair.translation
                     else r"\finding{(no counterpart)}")
    parts.append(r"\end{paracol}")
    return "\n".join(parts)


def document(review: Review, pictures: Pictures | None = None) -> str:
    project = review.project
    langs = (project.source, project.translation)
    source, translation = LANGUAGES[project.source], LANGUAGES[project.translation]
    title = tex(f"{source.title} · {translation.title}")
    return "\n".join([
        PREAMBLE % {"fonts": FONTS["common"] + FONTS["zh"]},
        r"\begin{document}",
        r"\begin{center}{\sffamily\bfseries\LARGE " + title + r"}\par\medskip",
        r"{\large " + tex(f"Translation review: {source.name} → {translation.name}, block by block")
        + r"}\par\medskip",
        r"{\small " + tex(report.summary(review)) + r"}\end{center}",
        r"\tableofcontents",
        *(page_tex(page, pictures, langs) for page in review.pages),
        r"\end{document}", ""])


def build(review: Review, output: Path, latexdir: Path | None = None) -> int:
    """Write the LaTeX into *latexdir* and compile it to *output*; 0 on success."""
    latexdir = latexdir or output.with_suffix("")
    latexdir.mkdir(parents=True, exist_ok=True)
    for stale in latexdir.glob("*.tex"):
        stale.unlink()
    (latexdir / "latexmkrc").write_text(LATEXMKRC, encoding="utf-8")
    pictures = Pictures(review.project.root, None, pdf_folder=latexdir.resolve() / "diagrams")
    (latexdir / "translation-review.tex").write_text(document(review, pictures), encoding="utf-8")
    return latexrun.main(["cakedoc.pdf.latexrun", str(latexdir), str(output)])
