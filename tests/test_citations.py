"""Every figure a reader could doubt carries its support, in both languages.

A paragraph, list item, table row or admonition of a page that states a
figure with a unit (415 TWh, 80 GB, 3.35 TB/s, 1,152 亿美元, US$80 billion,
76%, 10 万块, 122 天, 2.9 倍 …) or a date (2026-03-10, 2025-04) carries one of:

- a citation of the registry, ``{footcite}`key```;
- a doctest result: every such figure of the block is printed by one of the
  page's doctests (the page computes it, and the build checks it);
- an explicit estimate marker in the block (估算 / 推算 / 估计 / 假设 /
  数量级; estimate / assume / hypothetical / order of magnitude).

Bare years (2024) are not dates here: they date a figure of the same
sentence, which then needs its support anyway, or name an event the block
cites.  Glossary entries have their own rules (every number of a definition
printed by the entry's doctest; ``## sources`` lists registry keys:
tests/test_glossary.py, tests/test_sources.py).

ALLOWED lists the exceptions, each with its reason; an entry that no longer
matches a block fails, so the list cannot outlive its reason.
"""

from __future__ import annotations

import re

import pytest

from cakedoc.review.blocks import Block, split
from conftest import ROOT

PAGES = sorted(p.stem for p in (ROOT / "docs" / "zh").glob("*.md"))
CHECKED = {"paragraph", "list-item", "table-row"}
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
UNIT = (r"(?:[kMGTP]?Wh|[kMGT]?W|J|[kMGTP]B(?:/s)?|Gb/s|[GTP]?FLOP[Ss]?|TFLOPS|mL|gCO₂e|°C"
        r"|%|BLEU|K\b|B\b|T\b|billion|trillion|million|thousand"
        r"|万亿|亿|万|美元|倍|天|个月|小时|块|项|个|位|层|times\b|days?\b|months?\b|hours?\b"
        r"|GPUs?\b|tokens?\b|parameters?\b|positions?\b|devices?\b|racks?\b|years?\b"
        r"|(?:kilo|mega|giga|tera)?watt(?:-hour)?s?\b|joules?\b|兆瓦|千瓦时|千瓦|吉瓦|瓦时|瓦|焦耳)")
FIGURE = re.compile(rf"(?:US\$|\$)\s?(?:{NUMBER})|(?<![\w.])(?:{NUMBER})\s?(?:～|–|-)?\s?"
                    rf"(?:(?:{NUMBER})\s?)?{UNIT}")
DATE = re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}(?:-\d{2})?(?!\d)"
                  r"|(?<!\d)(?:19|20)\d{2}\s?年\s?\d{1,2}\s?月")  # zh may write 2026 年 3 月
ESTIMATE = re.compile(r"估算|推算|估计|假设|数量级|estimat|assum|hypothetical|order of magnitude",
                      re.I)
DOCTEST = re.compile(r"^```\{doctest\}\n(.*?)^```", re.S | re.M)

#: (page, language, the block's first words, why it needs no citation).
ALLOWED: list[tuple[str, str, str, str]] = [
    ("sources", "zh", "黄仁勋（Jensen Huang），《AI 是个五层蛋糕》",
     "describes the essay, whose registry row ({source-list} essay) follows it"),
    ("sources", "en", 'Jensen Huang, "AI Is a 5-Layer Cake", published',
     "describes the essay, whose registry row ({source-list} essay) follows it"),
    ("sources", "zh", "此外，中文页面在汉字", "shows how each language writes numbers: examples, no claim"),
    ("sources", "en", "In addition, the Chinese pages put", "shows how each language writes numbers: "
     "examples, no claim"),
    ("chips-landscape", "zh", "{doc}`芯片层 <chips>`一页", "the page's scope: the date it is written up to"),
    ("chips-landscape", "en", "The {doc}`chips <chips>` page used", "the page's scope: the date it is written up to"),
    ("infrastructure-buildout", "zh", "{doc}`基础设施层 <infrastructure>`一页",
     "the page's scope: the date it is written up to"),
    ("infrastructure-buildout", "en", "The {doc}`infrastructure <infrastructure>` page explained",
     "the page's scope: the date it is written up to"),
    ("chips-landscape", "zh", "产品 | 宣布时间 |", "a table's header: the date its rows' statuses hold, "
     "each row cited"),
    ("chips-landscape", "en", "Product | Announced |", "a table's header: the date its rows' statuses hold, "
     "each row cited"),
    ("stack", "zh", "读这张表要注意", "says how the table above writes its figures, each cited in its row"),
    ("stack", "en", "A word of caution about the table", "says how the table above writes its figures, "
     "each cited in its row"),
]


def doctest_results(text: str) -> set[str]:
    """The numbers the page's doctests print, as written without separators."""
    found: set[str] = set()
    for body in DOCTEST.findall(text):
        for line in body.splitlines():
            if line and not line.startswith((">>>", "...")):
                found |= {n.replace(",", "") for n in re.findall(NUMBER, line)}
    return found


def allowed(page: str, lang: str, block: Block) -> bool:
    return any(page == p and lang == l and block.source.lstrip("-| ").startswith(start)
               for p, l, start, _ in ALLOWED)


def unsupported(page: str, lang: str) -> list[str]:
    """Each block of the page that states a figure or date with no support."""
    path = ROOT / "docs" / lang / f"{page}.md"
    computed = doctest_results(path.read_text(encoding="utf-8"))
    found = []
    for block in split(path):
        if block.kind not in CHECKED or block.inline.citations:
            continue
        text = block.inline.visible
        stated = [m.group(0) for m in FIGURE.finditer(text)] + DATE.findall(text)
        if not stated or ESTIMATE.search(text) or allowed(page, lang, block):
            continue
        numbers = {n.replace(",", "") for figure in stated for n in re.findall(NUMBER, figure)}
        if numbers <= computed:
            continue
        found.append(f"docs/{lang}/{page}.md:{block.line}: {', '.join(stated[:4])} — "
                     f"{' '.join(text.split())[:90]}")
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_figure_carries_a_citation_a_doctest_or_an_estimate_marker(page: str,
                                                                          lang: str) -> None:
    found = unsupported(page, lang)
    assert not found, "figures with no citation, doctest or estimate marker:\n" + "\n".join(found)


def test_every_allowance_still_matches_a_block() -> None:
    for page, lang, start, reason in ALLOWED:
        blocks = split(ROOT / "docs" / lang / f"{page}.md")
        assert reason and any(allowed(page, lang, b) for b in blocks), (page, lang, start)


@pytest.mark.parametrize("text, flagged", [
    ("Global data centres used about 415 TWh in 2024.", True),
    ("全球数据中心用电约 415 TWh。", True),
    ("Meta planned capital expenditure of US$60–65 billion.", True),
    ("约 1,152 亿美元的收入。", True),
    ("The essay appeared on 2026-03-10.", True),
    ("About 76% of the devices.", True),
    ("An average of about 1.39 megawatts (MW).", True),
    ("平均功率约 1.39 兆瓦。", True),
    ("Global data centres used about 415 TWh{footcite}`iea-energy-ai`.", False),
    ("A rack draws about 120 kW, an estimate.", False),
    ("The guide has five layers and two languages.", False),
    ("In 2024 the layers were named.", False),
])
def test_the_detector(tmp_path, monkeypatch, text: str, flagged: bool) -> None:
    """Positive and negative controls of the figure detector itself."""
    (tmp_path / "docs" / "en").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "x.md").write_text(f"# X\n\n{text}\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert bool(unsupported("x", "en")) is flagged
