"""The growth corpus (bench/growth/corpus.py, issue #17) and its exponents.

The benchmark's growth curves are only worth something if the grown copies
are the guide, grown: this builds the N = 4 copy and holds it to what
``make test`` holds the guide to — Sphinx strict (``-n -W``), reading and
resolving every page of both languages (the ``dummy`` builder: every
reference is resolved as for HTML, nothing is written or drawn), and the
translation review with no finding.  It costs about 90 s of CPU (measured:
user 90 s; 10 min of wall time on the shared machine at load 10-18), most
of it the review, whose termbase scan grows with pages × terms
(bench/README.md, section 9); with that scan linear it would be about 40 s.
The rest is fast: the rewriting rules on small texts, and the exponent fit
on made-up figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bench.growth import corpus, curves
from cakedoc.review.check import review
from cakedoc.review.pages import Project
from conftest import ROOT

# Long (the N=4 copy of the guide built; about 35 s on a quiet
# machine): `make test` starts it first (tests/xdist_groups.py).
pytestmark = pytest.mark.long(seconds=35)

SPHINX = Path(sys.executable).with_name("sphinx-build")
PAGE = """# 芯片

见{term}`高带宽内存（HBM）<hbm>`、{term}`能源 <energy>`、{doc}`models`、{doc}`术语 <glossary>`。

```{mermaid}
:caption: 图

flowchart LR
  a["甲"] --> b["乙"]
```

```{toctree}
:hidden:

models
glossary
```
"""


def test_a_copy_links_its_own_pages_and_terms_but_the_layers_and_glossary_stay_one() -> None:
    text = corpus.rewrite_page(PAGE, 3, "zh", {"chips", "models"})
    assert text.startswith("# 芯片（副本 3）\n")
    assert "{term}`高带宽内存（HBM）<hbm-c3>`" in text
    assert "{term}`能源 <energy>`" in text  # a layer: five however long the guide
    assert "{doc}`models-c3`" in text and "{doc}`术语 <glossary>`" in text
    assert 'flowchart LR\n  %% growth corpus, copy 3\n  a["甲"]' in text
    toctree = text.split("```{toctree}")[1]
    assert "models-c3" in toctree and "glossary" not in toctree
    # Negative control: another copy's diagram source differs (its cache key too).
    assert corpus.rewrite_page(PAGE, 4, "zh", {"chips", "models"}).split("```{mermaid}")[1] != \
        text.split("```{mermaid}")[1]
    assert corpus.rewrite_page(PAGE, 3, "en", set()).startswith("# 芯片 (copy 3)\n")


def test_a_copied_entry_has_its_copy_id_names_and_related_ids() -> None:
    entry = ("---\nid: hbm\nzh: 高带宽内存\nen: high-bandwidth memory\nabbr: HBM\n"
             "aliases:\n  zh: [高頻寬記憶體]\n  en: []\nrelated: [gpu, chips]\n---\n\n## zh\n\n"
             "见 {term}`GPU <gpu>`。\n")
    copied = corpus.rewrite_entry(entry, 2)
    front = yaml.safe_load(copied.split("---\n")[1])
    assert list(front) == ["id", "zh", "en", "abbr", "aliases", "related"]  # the README's order
    assert front == {"id": "hbm-c2", "zh": "高带宽内存 #2", "en": "high-bandwidth memory #2",
                     "abbr": "HBM #2", "aliases": {"zh": ["高頻寬記憶體 #2"], "en": []},
                     "related": ["gpu-c2", "chips"]}
    assert copied.endswith("---\n\n## zh\n\n见 {term}`GPU <gpu-c2>`。\n")


def test_the_home_page_lists_the_parts() -> None:
    index = "# 首页\n\n```{toctree}\n:hidden:\n\nchips\nglossary\n```\n"
    assert corpus.add_parts(index, 3).endswith("chips\nglossary\nindex-c2\nindex-c3\n```\n")


def test_exponent_is_the_log_log_slope() -> None:
    assert curves.exponent({1: 5.0, 4: 20.0, 10: 50.0, 40: 200.0}) == pytest.approx(1.0)
    assert curves.exponent({1: 2.0, 10: 200.0}) == pytest.approx(2.0)
    assert curves.exponent({1: 7.0, 4: 7.0, 10: 7.0}) == pytest.approx(0.0)
    with pytest.raises(ValueError):
        curves.exponent({4: 1.0})


def test_growth_budgets_judge_exponents_and_every_n() -> None:
    from bench.budgets import GROWTH_BUDGETS, evaluate

    per_n = {1: {"html.warm.cpu": 10.0, "page.heaviest_kb": 150.0, "page.max_requests": 9,
                 "noop.zh.cpu": 2.0, "noop.zh.seconds": 2.0},
             4: {"html.warm.cpu": 80.0, "page.heaviest_kb": 210.0, "page.max_requests": 9,
                 "noop.zh.cpu": 2.1, "noop.zh.seconds": 9.0}}
    found = {key: {"label": label, "unit": unit, **stats}
             for key, label, unit, stats in curves.figures(per_n)}
    status = {v.budget.figure: v.status for v in evaluate(found, GROWTH_BUDGETS)}
    assert status["growth.html.warm.cpu"] == "missed"  # 8× for 4×: exponent 1.5
    assert status["growth.noop.zh.cpu"] == "met"
    assert "growth.noop.zh.seconds" not in status  # wall time: reported, no budget
    assert status["growth.at_each_n.page.heaviest_kb"] == "missed"  # 210 KB at N = 4
    assert status["growth.at_each_n.page.max_requests"] == "met"


def test_growth_runs_only_when_asked_for() -> None:
    from bench.__main__ import default_families

    assert "growth" not in default_families({}) and "growth" not in default_families({"BENCH_GROWTH": "0"})
    assert "growth" in default_families({"BENCH_GROWTH": "1"})
    assert "builds" in default_families({})


def strict_read(root: Path, lang: str, out: Path) -> subprocess.CompletedProcess[str]:
    """Sphinx, strict as the Makefile, with the dummy builder: every page read
    and every reference resolved, nothing written."""
    language = {"zh": "zh_CN", "en": "en"}[lang]
    return subprocess.run(
        [str(SPHINX), "-q", "-b", "dummy", "-c", str(root), "-d", str(out / f"doctrees-{lang}"),
         "-n", "-W", "--keep-going", "-D", f"language={language}",
         str(root / "docs" / lang), str(out / lang)],
        cwd=root, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1773100800", "CAKE_DIAGRAM_CACHE": str(out / "cache")})


def test_the_n4_copy_builds_strictly_and_passes_the_review(tmp_path: Path) -> None:
    root = corpus.grow(4, tmp_path / "N4")
    pages = {path.stem for path in (root / "docs" / "zh").glob("*.md")}
    originals = {path.stem for path in (ROOT / "docs" / "zh").glob("*.md")}
    # Each page ×4 (the home page's copies are the part pages index-c<k>),
    # but one glossary page and one sources page.
    assert len(pages) == 4 * (len(originals) - 2) + 2
    assert {"chips-c4", "index-c2", "glossary", "sources"} <= pages
    assert "glossary-c2" not in pages and "sources-c2" not in pages
    assert (root / "glossary" / "hbm-c4.md").is_file() and not (root / "glossary" / "chips-c2.md").exists()

    result = review(Project.create(root, "zh"))
    assert not result.findings, [f"{f.location}: {f.message}" for f in result.findings[:5]]
    for lang in ("zh", "en"):
        built = strict_read(root, lang, tmp_path / "out")
        assert built.returncode == 0, built.stderr[-3000:]

    # Negative control: one target of copy 3 left pointing nowhere fails the
    # same strict build, at that file (only that page is read again).
    page = root / "docs" / "en" / "chips-c3.md"
    page.write_text(page.read_text(encoding="utf-8").replace("<hbm-c3>", "<hbm-c9>", 1), encoding="utf-8")
    broken = strict_read(root, "en", tmp_path / "out")
    assert broken.returncode != 0 and "chips-c3.md" in broken.stderr and "hbm-c9" in broken.stderr
