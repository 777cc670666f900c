"""The PDF edition: LaTeX settings for each language (xelatex + xeCJK).

What a reader of the printed guide needs and Sphinx does not give out of the
box for Chinese: CJK fonts chosen explicitly (serif body, sans headings, a
real bold), headings and captions in Chinese (目录, 第 1 章, 图, 表, 索引 —
never "Contents", "CHAPTER", "Index"), A4, a title page dated from
``SOURCE_DATE_EPOCH``, and no xindy (its Chinese index headings are garbage).
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from sphinx.application import Sphinx

from docutils import nodes
from sphinx import addnodes

from cakedoc.dates import source_epoch
from cakedoc.languages import Language, language_of
from cakedoc.layers import LAYERS
from cakedoc.messages import _
from cakedoc.site.siteurl import site_root

#: LaTeX names Sphinx's own zh catalog (sphinxmessages.sty) leaves in English;
#: set after the language packages have set theirs.
CAPTIONS = {
    "zh": {"contentsname": "目录", "indexname": "索引", "chaptername": "第",
           "partname": "部分", "appendixname": "附录"},
    "en": {},
}
# Sphinx's running head reads "\@chapapp \thechapter \@chappos title" where
# \@chappos is defined (its hook for Japanese): 第 1 章 芯片.
CHAPTER_POSITION = {"zh": r"\makeatletter\def\@chappos{章}\makeatother", "en": ""}
CHAPTER_LABEL = {"zh": r"第\ \thechapter\ 章", "en": r"Chapter \thechapter"}

FONTS = {
    # Latin text in FreeSerif/FreeSans/FreeMono (fonts-freefont-otf), as Sphinx does.
    "common": r"""
\setmainfont{FreeSerif}[Extension=.otf, UprightFont=*, ItalicFont=*Italic, BoldFont=*Bold, BoldItalicFont=*BoldItalic]
\setsansfont{FreeSans}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique, BoldFont=*Bold, BoldItalicFont=*BoldOblique]
\setmonofont{FreeMono}[Extension=.otf, UprightFont=*, ItalicFont=*Oblique, BoldFont=*Bold, BoldItalicFont=*BoldOblique, Scale=0.9]
""",
    # CJK: Noto Serif for the body, Noto Sans for headings (\sffamily), with
    # their own bold faces instead of a smeared fake bold.
    "zh": r"""
\setCJKmainfont{Noto Serif CJK SC}[BoldFont={Noto Serif CJK SC Bold}]
\setCJKsansfont{Noto Sans CJK SC}[BoldFont={Noto Sans CJK SC Bold}]
\setCJKmonofont{Noto Sans Mono CJK SC}
""",
}


def source_date(lang: str) -> str:
    """The edition's date: from SOURCE_DATE_EPOCH, so two builds agree."""
    moment = time.gmtime(source_epoch())
    if lang == "zh":
        return f"{moment.tm_year} 年 {moment.tm_mon} 月 {moment.tm_mday} 日"
    return time.strftime("%-d %B %Y", moment)


def title_page(language: Language) -> str:
    return rf"""
\begin{{titlepage}}
  \centering
  \vspace*{{0.25\textheight}}
  {{\sffamily\bfseries\fontsize{{30}}{{38}}\selectfont {language.title}\par}}
  \vspace{{1.5em}}
  {{\sffamily\Large {language.subtitle}\par}}
  \vfill
  {{\large {source_date(language.code)}\par}}
\end{{titlepage}}
"""


#: What the guide is about, for the PDF's keywords (with the five layers' names).
KEYWORDS = {"zh": ("人工智能", "AI 五层蛋糕", "黄仁勋"),
            "en": ("artificial intelligence", "five-layer cake", "Jensen Huang")}


def keywords(language: Language) -> list[str]:
    """The PDF's keywords: the subject, then the five layers bottom to top."""
    return [*KEYWORDS[language.code], *(getattr(layer, language.code) for layer in LAYERS)]


def tex_escape(text: str) -> str:
    """Text safe inside a \\hypersetup value: no TeX specials, commas kept
    inside the braces the value is given in."""
    return re.sub(r"([#$%&_{}~^\\])", r"\\\1", text)


def metadata(language: Language) -> str:
    """The PDF's document information and XMP: what a reader's library, tab
    and screen reader show instead of the file name.

    hyperref fills the Info dictionary and the catalogue's /Lang; hyperxmp
    (texlive-latex-extra) writes the same values as XMP, which is what PDF/A
    checkers, Acrobat's "Description" and most library tools read.
    ``pdfdisplaydoctitle`` makes viewers show the title, and
    ``pdfpagemode=UseOutlines`` opens the outline (the chapters) beside the
    first page.

    Three workarounds for Debian's hyperxmp (v5.9, TeX Live 2022) under
    xelatex, all checked by tests/test_pdf.py (test_pdf_names_… and
    test_pdf_xmp_…):

    - it writes the XMP packet with a ``\\special`` from ``\\AtEndDocument``,
      after Sphinx's index has ended the last page: the special is lost and
      the PDF has no XMP.  It takes ``\\AtEndDvi`` instead when
      ``\\AtEndDocument`` is undefined (its own test at load time), so it is
      loaded with ``\\AtEndDocument`` standing for ``\\AtEndDvi``, which
      writes on the last page shipped;
    - its dates and instance id come from the clock (the .log file's time:
      FORCE_SOURCE_DATE does not reach it), so they are given here, from
      ``SOURCE_DATE_EPOCH``, and the ids are derived, not random;
    - it leaves /Author and /Keywords out of the Info dictionary, so they
      are written with a ``pdf:docinfo`` special for xdvipdfmx."""
    epoch = source_epoch()
    moment = time.gmtime(epoch)
    keys = {
        "pdftitle": language.title,
        "pdfauthor": language.author,
        "pdfsubject": language.subtitle,
        "pdfkeywords": ", ".join(keywords(language)),
        "pdflang": language.bcp47,
        "pdfmetalang": language.bcp47,
        "pdfcopyright": f"© {moment.tm_year} {language.author}",
        "pdfcreationdate": time.strftime("D:%Y%m%d%H%M%SZ", moment),
        "pdfmoddate": time.strftime("D:%Y%m%d%H%M%SZ", moment),
        "pdfdate": time.strftime("%Y-%m-%d", moment),
        "pdfmetadate": time.strftime("%Y-%m-%dT%H:%M:%SZ", moment),
        # One document in every edition; one instance per edition date.
        "pdfdocumentid": f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'five-layer-cake/{language.code}')}",
        "pdfinstanceid": f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'five-layer-cake/{language.code}/{epoch}')}",
    }
    settings = ",\n  ".join(f"{key}={{{tex_escape(value)}}}" for key, value in keys.items())
    return rf"""
\makeatletter
\RequirePackage{{atenddvi}}
\let\cake@AtEndDocument\AtEndDocument \let\AtEndDocument\AtEndDvi
\usepackage{{hyperxmp}}
\let\AtEndDocument\cake@AtEndDocument
\hypersetup{{
  {settings},
  pdfdisplaydoctitle=true, pdfpagemode=UseOutlines, bookmarksnumbered=true}}
\AtBeginDocument{{%
  \pdfstringdef\cake@author{{{tex_escape(keys["pdfauthor"])}}}%
  \pdfstringdef\cake@keywords{{{tex_escape(keys["pdfkeywords"])}}}%
  \special{{pdf:docinfo<</Author(\cake@author)/Keywords(\cake@keywords)>>}}}}
\makeatother
"""


def preamble(language: Language) -> str:
    renames = "".join(rf"\renewcommand{{\{name}}}{{{value}}}"
                      for name, value in CAPTIONS[language.code].items())
    return rf"""
\usepackage{{titlesec}}
\titleformat{{\chapter}}[display]{{\sffamily\bfseries\huge}}{{{CHAPTER_LABEL[language.code]}}}{{0.5em}}{{\Huge}}
\titlespacing*{{\chapter}}{{0pt}}{{0pt}}{{2em}}
\AtBeginDocument{{{renames}}}
{CHAPTER_POSITION[language.code]}
{metadata(language)}"""


def settings(language: Language, root_doc: str) -> dict[str, Any]:
    """The LaTeX settings that differ between the languages (read by conf.py,
    whose "Options for LaTeX output" holds the ones they share)."""
    return {
        "latex_documents": [(root_doc, f"five-layer-cake-{language.code}.tex",
                             language.title, language.author, "manual")],
        "latex_elements": {
            "papersize": "a4paper",
            "pointsize": "11pt",
            "fontpkg": FONTS["common"] + FONTS.get(language.code, ""),
            # Sphinx's fncychap styles print "CHAPTER"; titlesec does it per language.
            "fncychap": "",
            "preamble": preamble(language),
            "maketitle": title_page(language),
            "releasename": "",
            "sphinxsetup": "HeaderFamily=\\sffamily\\bfseries",
        },
    }




def book_structure(app: Sphinx, doctree: nodes.document) -> None:
    """In the book, the home page's own sections form one introduction chapter
    and every page of its toctree is a chapter of its own.

    In the HTML the toctree sits in the home page's last section; left there,
    LaTeX would nest every page inside that section."""
    if app.builder.name != "latex" or app.env.docname != app.config.root_doc:
        return
    top = doctree.next_node(nodes.section)
    if top is None:
        return
    wrappers = [node for node in top.findall(nodes.compound)
                if "toctree-wrapper" in node["classes"] and node.next_node(addnodes.toctree)]
    for wrapper in wrappers:
        wrapper.parent.remove(wrapper)
    title = str(_("Introduction"))
    introduction = nodes.section(ids=["cake-introduction"], names=[title])
    introduction += nodes.title(title, title)
    for child in list(top.children[1:]):
        top.remove(child)
        introduction += child
    top += introduction
    for wrapper in wrappers:
        top += wrapper


PDF_DIR = "pdf"  #: where the PDFs sit in the published site


def pdf_name(language: Language) -> str:
    return f"five-layer-cake-{language.code}.pdf"


def add_download_link(app: Sphinx, pagename: str, templatename: str,
                      context: dict[str, Any], doctree: Any) -> None:
    """Every page of the site offers its language's PDF (copied into the site
    by `make pdf`); the EPUB's pages link out to nothing."""
    if app.builder.name == "epub":
        return
    language = language_of(app.config)
    context["cake_pdf"] = {"href": f"{site_root(app, pagename)}{PDF_DIR}/{pdf_name(language)}",
                           "label": _("Download PDF")}


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_download_link)
    app.connect("doctree-read", book_structure)
    return {"version": "1.0", "parallel_read_safe": True,
            "parallel_write_safe": True}
