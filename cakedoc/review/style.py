"""House style that autocorrect does not check: 倍, range dashes, nested brackets.

autocorrect (:mod:`cakedoc.review.lint`) already fixes what it covers — the
space after a full-width bracket (“（PUE） 1.58”) and a half-width comma or
colon between 汉字 — so those are not repeated here.  Each rule below is one
regular expression on a line as the reader sees it (MyST markup, code, URLs
and footnote labels hidden, as in the termbase check), with a test in
tests/test_termbase.py:

* **倍 for a decrease** (下降了 33 倍): an error — a quantity cannot fall to
  below zero times itself; write 降至原来的 1/33.
* **倍 for an increase** (提高了 2.9 倍): a warning — readers take it as ×2.9
  or as ×3.9; write 是原来的 2.9 倍, or 增加了 1.9 倍.
* **“N times lower”** in English: a warning, for the same reason.
* **Range dashes**, one style per language (docs/README.md): zh writes a
  range of numbers with the wave dash ～ (GB/T 15834: 3～4, 2019～2020), en
  with an unspaced en dash (3–4).
* **Nested full-width parentheses** (产品（词元（Token）））: an error; use
  another construction, or 〔〕 / a comma inside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from cakedoc.review.blocks import Block
from cakedoc.review.findings import ERROR, WARNING, Finding
from cakedoc.review.termbase import scanned_lines

NUMBER = r"(\d+(?:\.\d+)?)"
ABOUT = r"(?:约|近|大约|将近|超过|逾)?\s*"
DECREASE = re.compile(r"(下降|减少|降低|缩小|减小|少|低)了?\s*" + ABOUT + NUMBER + r"\s*倍")
INCREASE = re.compile(r"(提高|增加|增长|上升|提升|扩大|多|高)了?\s*" + ABOUT + NUMBER + r"\s*倍")
TIMES_LOWER = re.compile(
    NUMBER + r"\s*(?:times|×|x|-fold)\s+(?:lower|less|smaller|fewer|cheaper|slower|shorter)\b"
    r"|\b(?:fell|dropped|decreased|declined|shrank|cut|reduced)\s+(?:by\s+)?(?:about\s+|some\s+)?"
    + NUMBER + r"(?:-fold|\s*times|×)", re.I)
#: A dash between two numbers (a unit or % may follow the first: 120–132 kW, 60B–65B).
ZH_RANGE = re.compile(r"(\d[\d.,]*[A-Za-z%]*)\s*([–—~]|——)\s*(\d[\d.,]*[A-Za-z%]*)")
EN_RANGE = re.compile(r"(\d[\d.,]*[A-Za-z%]*)\s*([～~—])\s*(\d[\d.,]*[A-Za-z%]*)")


def ratio(number: str) -> str:
    """N − 1 for a message: 2.9 → 1.9, 3 → 2."""
    return format((Decimal(number) - 1).normalize(), "f")


def line_problems(text: str, lang: str) -> Iterator[tuple[str, str, str]]:
    """(severity, check, message) for one visible line of *lang*."""
    if lang == "zh":
        for match in DECREASE.finditer(text):
            n = match.group(2)
            yield ERROR, "times", (f"倍 for a decrease: “{match.group(0)}” cannot be read as "
                                   f"written; write “降至原来的 1/{n}”")
        for match in INCREASE.finditer(text):
            n = match.group(2)
            yield WARNING, "times", (f"倍 for an increase: “{match.group(0)}” reads as ×{n} or as "
                                     f"×{Decimal(n) + 1}; write “是原来的 {n} 倍” or "
                                     f"“增加了 {ratio(n)} 倍”, whichever is meant")
        for match in ZH_RANGE.finditer(text):
            yield ERROR, "typography", (f"range dash: “{match.group(0)}” → “{match.group(1)}～"
                                        f"{match.group(3)}” (zh ranges use ～)")
        depth = 0
        for char in text:
            depth += {"（": 1, "）": -1}.get(char, 0)
            if depth == 2:
                yield ERROR, "typography", ("nested full-width parentheses: rephrase, or put the "
                                            "inner gloss after a comma")
                break
    else:
        for match in TIMES_LOWER.finditer(text):
            yield WARNING, "times", (f"“{match.group(0)}” reads as a factor or as a difference; "
                                     "say what it is a fraction of (“a thirty-third of”, "
                                     "“X is N times Y”)")
        for match in EN_RANGE.finditer(text):
            yield ERROR, "typography", (f"range dash: “{match.group(0)}” → “{match.group(1)}–"
                                        f"{match.group(3)}” (en ranges use an unspaced en dash)")


def findings(blocks: list[Block], lang: str, path: str, page: str) -> list[Finding]:
    """The style findings of one page in *lang*, at their lines."""
    return line_findings([line for block in blocks for line in scanned_lines(block)], lang, path, page)


def line_findings(lines: list[tuple[int, str]], lang: str, path: str, page: str = "") -> list[Finding]:
    """The style findings of numbered visible lines (a page's, or a glossary entry's prose)."""
    return [Finding(severity, check, path, number, message, page=page)
            for number, text in lines for severity, check, message in line_problems(text, lang)]
