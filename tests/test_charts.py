"""The {chart} directive on a small site (tests/roots/test-pages, the
project's own conf.py; tests/smallsite.py): what it draws, what it refuses
(at file and line), its cache and its PDF; the number styles; and the
translation review's check that zh and en charts hold the same data.

The real site's charts, in a browser, are tests/test_charts_browser.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

from cakedoc.charts import data, numbers
from smallsite import Built, copy_root, write
from smallsite import build as build_site
from test_review import edit, the_finding

#: A zh page with a sourced chart and a chart of doctest results.
PAGE = """# 芯片

全球数据中心用电：2024 年约 415 TWh，2030 年约 945 TWh，2035 年约 1,200 TWh[^iea]。

```{chart} line
:caption: 全球数据中心用电量
:xlabel: 年份
:ylabel: 用电量
:unit: TWh

2024 | 415   | [^iea]
2030 | 945   | [^iea]
2035 | 1,200 | [^iea]
```

```{doctest}
>>> round(1.53, 2), round(73.1, 1)
(1.53, 73.1)

```

```{chart} range
:caption: 墙端功率
:ylabel: 墙端功率
:unit: MW
:labels: 情景 A | 谷歌口径

A | 1.53 | 73.1 | doctest
G | 73.1 | 73.1 | doctest
```

[^iea]: 国际能源署（IEA），*Energy and AI*：2024 年约 415 TWh。
"""


def build(make_app: Callable[..., Any], tmp_path: Path, page: str = PAGE, lang: str = "zh",
          builder: str = "html") -> tuple[Built, Path]:
    """Build the small site with *page* as its chips page; the build and
    the charts' cache (beside the diagrams')."""
    project = tmp_path / "docs"
    if not project.exists():
        copy_root(tmp_path)
    write(project, f"{lang}/chips.md", page.splitlines())
    built = build_site(make_app, project, lang, builder=builder)
    return built, project.parent / "charts"


def svgs(html: str) -> list[str]:
    """The charts' drawings on a page (not furo's icons)."""
    return re.findall(r'<div class="cake-chart-drawing [^"]*">(<svg\b.*?</svg>)', html, re.S)


def svg_text(svg: str) -> list[str]:
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)


def test_a_chart_is_two_inline_svgs_with_real_text_and_a_description(
        make_app: Callable[..., Any], tmp_path: Path) -> None:
    built, _ = build(make_app, tmp_path)
    assert built.warnings == ""
    html = built.page("chips")
    drawn = svgs(html)
    assert len(drawn) == 4  # two charts, light and dark
    line_light, line_dark = drawn[0], drawn[1]
    assert line_light != line_dark  # their colours differ
    text = svg_text(line_light)
    assert "年份" in text and "用电量（TWh）" in text  # axis titles, as text
    assert {"415", "945", "1,200"} <= set(text)  # the values, labelled
    label = re.search(r'<svg[^>]*role="img"[^>]*aria-label="([^"]*)"', line_light).group(1)
    assert label.startswith("折线图") and "2024：415 TWh" in label and "2035：1,200 TWh" in label
    ranged = re.search(r'<svg[^>]*aria-label="([^"]*)"', drawn[2]).group(1)
    assert "情景 A：1.53–73.1 MW" in ranged and "谷歌口径：73.1 MW" in ranged
    # The sources line under each chart: the page's own footnote, or its doctests.
    legends = re.findall(r'<div class="legend">(.*?)</div>', html, re.S)
    assert 'href="#iea"' in legends[0] and "来源" in legends[0]
    assert "本页的计算（doctest）" in legends[1]
    # No id twice on the page (html-validate checks the real site too).
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_english_build_describes_in_english(make_app: Callable[..., Any], tmp_path: Path) -> None:
    built, _ = build(make_app, tmp_path, PAGE.replace("# 芯片", "# Chips"), lang="en")
    assert built.warnings == ""
    html = built.page("chips")
    label = re.search(r'<svg[^>]*aria-label="([^"]*)"', html).group(1)
    assert label.startswith("Line chart:") and "2035: 1,200 TWh" in label
    assert "Sources: " in html


ROW_WITHOUT_SOURCE = PAGE.replace("2030 | 945   | [^iea]", "2030 | 945   |")


def test_a_row_without_a_source_fails_at_its_line(make_app: Callable[..., Any], tmp_path: Path) -> None:
    built, _ = build(make_app, tmp_path, ROW_WITHOUT_SOURCE)
    line = ROW_WITHOUT_SOURCE.splitlines().index("2030 | 945   |") + 1
    assert built.statuscode != 0
    assert f"zh/chips.md:{line}: WARNING: chart: row '2030': 945 cites no source" in built.warnings, \
        built.warnings


@pytest.mark.parametrize(("old", "new", "message"), [
    ("2035 | 1,200 | [^iea]", "2035 | 1,300 | [^iea]", "1,300 is not among this page's text"),
    ("A | 1.53 | 73.1 | doctest", "A | 1.54 | 73.1 | doctest",
     "1.54 is not among the results of this page's doctests"),
    ("2024 | 415   | [^iea]", "2024 | 415   | [^nope]", "the row cites [^nope], which is no footnote"),
])
def test_a_number_the_page_does_not_state_fails_at_its_line(
        make_app: Callable[..., Any], tmp_path: Path, old: str, new: str, message: str) -> None:
    page = PAGE.replace(old, new)
    built, _ = build(make_app, tmp_path, page)
    line = page.splitlines().index(new) + 1
    assert built.statuscode != 0
    assert f"zh/chips.md:{line}: WARNING: chart: {message}" in built.warnings, built.warnings


def test_a_second_build_draws_nothing(make_app: Callable[..., Any], tmp_path: Path) -> None:
    built, cache = build(make_app, tmp_path)
    drawn = {path: path.stat().st_mtime_ns for path in cache.rglob("*.svg")}
    assert len(drawn) == 4
    shutil.rmtree(built.outdir.parent)  # the whole build, doctrees too: every page written again
    built, _ = build(make_app, tmp_path)
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*.svg")} == drawn
    assert len(svgs(built.page("chips"))) == 4


def test_latex_gets_a_vector_pdf_with_chinese_text(make_app: Callable[..., Any], tmp_path: Path) -> None:
    built, _ = build(make_app, tmp_path, builder="latex")
    assert built.warnings == ""
    out = built.outdir
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    names = re.findall(r"\\sphinxincludegraphics\[width=\\linewidth\]\{\{(chart-[0-9a-f]+)\}\.pdf\}", tex)
    assert len(names) == 2
    pdf = out / f"{names[0]}.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "用电量（TWh）" in text and "年份" in text and "1,200" in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True,
                            capture_output=True, text=True).stdout.splitlines()[2:]
    assert images == []


@pytest.mark.parametrize(("value", "lang", "shown"), [
    (1590000, "en", "1,590,000"), (1590000, "zh", "159 万"), (47619.04, "zh", "4.76 万"),
    (140e12, "zh", "140 万亿"), (3.89e8, "zh", "3.89 亿"),
    (8760, "zh", "8,760"), (0.013398, "en", "0.0134"), (9.9996, "en", "10"),
    (1.125, "en", "1.13"),  # a tie rounds away from zero, as toPrecision does
])
def test_numbers_in_each_language(value: float, lang: str, shown: str) -> None:
    assert numbers.display(value, lang) == shown


def test_data_rows_are_checked() -> None:
    rows = data.parse("2024 | 415 | [^iea]\n2035 | 1,200 | [^iea][^x]", "line")
    assert [row.values for row in rows] == [(415,), (1200,)] and rows[1].footnotes == ("iea", "x")
    with pytest.raises(data.DataError, match="low 9 is above high 3"):
        data.parse("a | 9 | 3 | doctest", "range")
    with pytest.raises(data.DataError, match="'x' is not a number"):
        data.parse("a | x | doctest", "bar")


def test_a_row_cites_registry_keys_or_footnotes() -> None:
    rows = data.parse("2024 | 415 | {footcite}`iea-energy-ai`\n2035 | 1,200 | {footcite}`a,b`[^x]", "line")
    assert [row.footnotes for row in rows] == [("source-iea-energy-ai",),
                                               ("x", "source-a", "source-b")]
    with pytest.raises(data.DataError, match="cites no source"):
        data.parse("2024 | 415 | {footcite}`iea-energy-ai` and more", "line")


def test_zh_en_chart_data_mismatch_is_a_review_error(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = edit(workdir / "docs/en/energy.md", "2030 | 945   | {footcite}`iea-energy-ai`",
                "2030 | 954   | {footcite}`iea-energy-ai`")
    f = the_finding(workdir, capsys)
    assert (f["check"], f["path"], f["severity"]) == ("chart-data", "docs/en/energy.md", "error")
    assert f["line"] < line and "chart data differs, row 2" in f["message"]
    assert ("'2030 | 945 | {footcite}`iea-energy-ai`' in the source, "
            "'2030 | 954 | {footcite}`iea-energy-ai`'") in f["message"]


def test_a_chart_number_is_stated_by_its_value_in_either_number_style() -> None:
    """1.5 with the unit B is stated by Chinese "15 亿" as by English "1.5B";
    a number the text does not state by value or as written is not."""
    from decimal import Decimal

    from cakedoc.charts.citations import values_in

    zh = values_in("发布了 15 亿到 700 亿的多个蒸馏小模型")
    assert {Decimal("1.5") * 10**9, Decimal(70) * 10**9} <= zh
    assert Decimal("1.5") * 10**9 in values_in("distilled models from 1.5B to 70B")
    assert Decimal(7) * 10**9 not in zh
