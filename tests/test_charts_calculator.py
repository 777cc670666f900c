"""The token-to-power calculator: the page's doctested formulas, in the
reader's language, in Chromium, and nowhere else.

* cakedoc/charts/static/cake-calculator.js and calculator.py give the same doubles and
  the same displayed text on a grid of inputs, in both languages;
* calculator.py's chain is the page's: its results at the page's low and
  high inputs are the values the page's own doctest code computes (run
  here from docs/zh/token-to-power.md);
* typing into each input updates the outputs, read by label, with an
  aria-live region; from file:// too; with JavaScript off the calculator is
  not there and the page reads as before; only that page loads the script.
"""

from __future__ import annotations

import doctest
import itertools
import re
from pathlib import Path

import pytest

from cakedoc.charts import calculator
from cakedoc.charts.numbers import display
from cakedoc.messages import gettext
from conftest import LANGS, ROOT, offline_context, site_pages

SPHINX_LANGUAGE = {"zh": "zh_CN", "en": "en"}
#: Each input's ends, the page's own values and some in between: 840 cases.
GRID = list(itertools.product((1, 2.5, 7, 33.5, 99, 140), (0.12, 0.2, 0.35, 0.864, 1, 3, 4),
                              (1.1, 1.2, 1.33, 1.54, 1.58), (400, 700, 1000, 1200)))
OUTPUTS = [name for name, _ in calculator.OUTPUTS]


def page_namespace() -> dict:
    """The variables the token-to-power page's doctests define, by running them."""
    text = (ROOT / "docs" / "zh" / "token-to-power.md").read_text(encoding="utf-8")
    code = "\n".join(re.findall(r"```\{doctest\}\n(.*?)```", text, re.S))
    namespace: dict = {}
    for example in doctest.DocTestParser().get_examples(code):
        exec(compile(example.source, "<token-to-power>", "single"), namespace)
    return namespace


def test_the_chain_is_the_pages_doctested_one() -> None:
    ns = page_namespace()
    for end in ("low", "high"):
        got = calculator.compute(1, ns["joules_per_token"][end], ns["pue"][end], ns["gpu_watts"])
        # Scenario A: the same operations, so the same doubles.
        assert got["gpu_hours"] == ns[f"{end}_gpu_hours"]
        assert got["wall_mw"] == ns[f"{end}_mw_wall"]
        # Scenario B: the page scales A's power by 140; here 140 is an input.
        scenario_b = calculator.compute(140, ns["joules_per_token"][end], ns["pue"][end], ns["gpu_watts"])
        assert scenario_b["twh_year"] == pytest.approx(ns[f"{end}_twh_b"], rel=1e-12)
    # The defaults are the page's low case, and show its rounded results.
    defaults = calculator.compute(*(item.default for item in calculator.INPUTS))
    assert display(defaults["wall_mw"], "en") == str(round(ns["low_mw_wall"], 2)) == "1.53"
    assert round(defaults["gpu_hours"] / 1000) * 1000 == 48000


def js_grid(page: object, lang: str) -> list[dict]:
    return page.evaluate("""([grid, lang]) => grid.map(([t, j, p, w]) => {
        const r = window.cakeCalculator.compute(t, j, p, w);
        const shown = {};
        for (const k of Object.keys(r)) shown[k] = window.cakeCalculator.format(r[k], lang);
        return {values: r, shown};
    })""", [GRID, lang])


@pytest.mark.parametrize("lang", LANGS)
def test_javascript_and_python_agree_on_a_grid(watched: object, server: str, lang: str) -> None:
    watched.page.goto(f"{server}{lang}/token-to-power.html", wait_until="load")
    results = js_grid(watched.page, lang)
    assert len(results) == len(GRID) == 840
    for inputs, js in zip(GRID, results):
        py = calculator.compute(*inputs)
        for name in OUTPUTS:
            assert js["values"][name] == py[name], (inputs, name)
            assert js["shown"][name] == display(py[name], lang), (inputs, name)
    assert watched.console_errors == [] and watched.foreign_requests() == []


def read_outputs(page: object, lang: str) -> dict[str, str]:
    return {name: page.get_by_text(gettext(label, SPHINX_LANGUAGE[lang]), exact=True)
            .locator("xpath=following-sibling::dd[1]").inner_text()
            for name, label in calculator.OUTPUTS}


@pytest.mark.parametrize("lang", LANGS)
def test_typing_into_each_input_updates_the_outputs(watched: object, server: str, lang: str) -> None:
    page = watched.page
    page.goto(f"{server}{lang}/token-to-power.html", wait_until="load")
    values = {item.name: item.default for item in calculator.INPUTS}
    assert read_outputs(page, lang) == {n: display(v, lang) for n, v in
                                        calculator.compute(*values.values()).items()}
    live = page.locator("[aria-live=polite]").filter(has=page.locator(".cake-calculator-outputs"))
    assert live.count() == 1
    for item, new in zip(calculator.INPUTS, (140, 4, 1.58, 1200)):
        field = page.get_by_label(gettext(item.label, SPHINX_LANGUAGE[lang]), exact=True)
        field.fill("")
        field.press_sequentially(str(new))
        values[item.name] = new
        expected = {n: display(v, lang) for n, v in calculator.compute(*values.values()).items()}
        assert read_outputs(page, lang) == expected, item.name
    # Out of range: said so, not a wrong number.
    page.get_by_label(gettext("PUE", SPHINX_LANGUAGE[lang]), exact=True).fill("9")
    assert set(read_outputs(page, lang).values()) == {gettext("out of range", SPHINX_LANGUAGE[lang])}
    assert watched.console_errors == []


def test_keyboard_reaches_every_input_in_order(watched: object, server: str) -> None:
    page = watched.page
    page.goto(f"{server}en/token-to-power.html", wait_until="load")
    page.locator("#cake-calc-tokens").focus()
    order = []
    for _ in calculator.INPUTS:
        order.append(page.evaluate("() => document.activeElement.id"))
        page.keyboard.press("Tab")
    assert order == [f"cake-calc-{item.name}" for item in calculator.INPUTS]
    page.locator("#cake-calc-joules").focus()
    page.keyboard.press("ArrowUp")  # a number input steps by its step
    expected = calculator.compute(1, 0.13, 1.10, 700)["wall_mw"]
    assert page.locator("#cake-calc-wall_mw").inner_text() == display(expected, "en")


def test_works_from_disk(browser: object, site: Path) -> None:
    context = offline_context(browser)
    page = context.new_page()
    try:
        page.goto((site / "zh" / "token-to-power.html").as_uri(), wait_until="load")
        page.locator("#cake-calc-tokens").fill("140")
        expected = display(calculator.compute(140, 0.12, 1.10, 700)["twh_year"], "zh")
        assert page.locator("#cake-calc-twh_year").inner_text() == expected
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_page_reads_as_before(browser: object, server: str, lang: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{server}{lang}/token-to-power.html", wait_until="load")
        assert page.locator(".cake-calculator").count() == 1
        assert not page.locator(".cake-calculator").is_visible()
        article = page.locator("article").inner_text()
        assert gettext("Try it: your own numbers", SPHINX_LANGUAGE[lang]) not in article
    finally:
        context.close()


def test_only_the_token_to_power_pages_load_the_script(site: Path) -> None:
    for lang in LANGS:
        for rel in site_pages(lang):
            loads = "cake-calculator.js" in (site / rel).read_text(encoding="utf-8")
            assert loads == rel.endswith("/token-to-power.html"), rel
    assert (site / "zh" / "_static" / "cake-calculator.js").is_file()
