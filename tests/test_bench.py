"""The benchmark's judgement, on made-up figures: no build, no browser, no timing.

`make bench` itself is not part of the test suite (timed tests on a shared
machine would be noise); what is tested here is the code that decides
"met" or "missed" and reads Sphinx's output, so its verdicts can be trusted.
"""

from __future__ import annotations

import subprocess

import pytest

from bench import budgets
from bench.budgets import Budget, evaluate, exit_status
from bench.builds import faster_variant
from bench.measure import alternating, ratios, summary
from bench.project import docs_read
from bench.report import table
from conftest import ROOT


def figure(unit: str, *runs: float, label: str = "a figure") -> dict[str, object]:
    return {"label": label, "unit": unit, **summary(runs)}


def test_summary_is_median_min_max_of_the_runs() -> None:
    assert summary([3.0, 1.0, 2.0, 10.0]) == {"median": 2.5, "min": 1.0, "max": 10.0,
                                              "runs": [3.0, 1.0, 2.0, 10.0]}
    with pytest.raises(ValueError):
        summary([])


def test_ratios_pair_runs_of_the_same_round() -> None:
    assert ratios([2.0, 6.0], [1.0, 3.0]) == [2.0, 2.0]
    with pytest.raises(ValueError):
        ratios([1.0], [1.0, 2.0])


def test_alternating_order_is_abba() -> None:
    assert alternating(4) == [True, False, False, True]


def test_median_budget_uses_the_median_not_the_worst_run() -> None:
    budget = Budget("noop.zh.ratio", "median", "<=", 1.3)
    [met] = evaluate({"noop.zh.ratio": figure("x", 1.1, 1.2, 5.0)}, [budget])
    [missed] = evaluate({"noop.zh.ratio": figure("x", 1.31, 1.4, 1.0)}, [budget])
    assert (met.status, met.value) == ("met", 1.2)
    assert (missed.status, missed.value) == ("missed", 1.31)


def test_max_budget_fails_on_one_heavy_page() -> None:
    budget = Budget("pages.bytes", "max", "<=", 200.0)
    [verdict] = evaluate({"pages.bytes": figure("KB", 120.0, 150.0, 200.5)}, [budget])
    assert verdict.status == "missed" and verdict.value == 200.5
    [verdict] = evaluate({"pages.bytes": figure("KB", 120.0, 200.0)}, [budget])
    assert verdict.status == "met"


def test_all_budget_needs_every_run_and_reports_the_offender() -> None:
    budget = Budget("edit.en.read", "all", "==", 1)
    [verdict] = evaluate({"edit.en.read": figure("count", 1, 13, 1)}, [budget])
    assert (verdict.status, verdict.value) == ("missed", 13)
    [verdict] = evaluate({"edit.en.read": figure("count", 1, 1, 1)}, [budget])
    assert (verdict.status, verdict.value) == ("met", 1)


def test_speedup_budget_is_a_floor() -> None:
    budget = Budget("diagrams.speedup", "median", ">=", 10.0)
    assert evaluate({"diagrams.speedup": figure("x", 9.9)}, [budget])[0].status == "missed"
    assert evaluate({"diagrams.speedup": figure("x", 10.0)}, [budget])[0].status == "met"


def test_a_missing_figure_fails_and_a_skipped_one_does_not() -> None:
    skipped = {"suite.seconds": {"label": "make test", "unit": "s", "skipped": "BENCH_TEST_SUITE=0"}}
    verdicts = evaluate(skipped, [Budget("suite.seconds", "max", "<=", 900),
                                  Budget("pages.bytes", "max", "<=", 200.0)])
    assert [v.status for v in verdicts] == ["skipped", "absent"]
    assert exit_status(verdicts[:1]) == 0
    assert exit_status(verdicts) == 1
    # A skipped budget is not reported as met: it was not measured.
    assert budgets.verdict_line(verdicts) == (
        "0 of 2 budgets met; skipped: suite.seconds; missed: pages.bytes")


def test_exit_status_is_zero_only_when_every_budget_is_met() -> None:
    good = {"noop.en.ratio": figure("x", 1.0), "pages.requests": figure("count", 9)}
    chosen = [Budget("noop.en.ratio", "median", "<=", 1.3),
              Budget("pages.requests", "max", "<=", 15)]
    assert exit_status(evaluate(good, chosen)) == 0
    bad = dict(good, **{"pages.requests": figure("count", 16)})
    assert exit_status(evaluate(bad, chosen)) == 1


def test_every_budget_names_a_known_statistic_and_operator() -> None:
    for budget in budgets.BUDGETS:
        assert budget.stat in ("median", "max", "all")
        assert budget.op in budgets.OPERATORS
    assert len({b.figure + b.stat for b in budgets.BUDGETS}) == len(budgets.BUDGETS)


def test_table_shows_values_budgets_and_verdicts() -> None:
    figures = {"noop.zh.ratio": figure("x", 1.5, 1.4, 1.6, label="no-op / floor, zh"),
               "pages.bytes": figure("KB", 150.0, 180.0, label="page weight")}
    chosen = [Budget("noop.zh.ratio", "median", "<=", 1.3), Budget("pages.bytes", "max", "<=", 200.0),
              Budget("render.layout_shift", "max", "<=", 0.01)]
    text = table(figures, evaluate(figures, chosen))
    lines = text.splitlines()
    ratio = next(line for line in lines if line.startswith("no-op / floor, zh"))
    assert "1.50×" in ratio and "1.40×" in ratio and "median <= 1.3×" in ratio
    assert ratio.endswith("missed")
    weight = next(line for line in lines if line.startswith("page weight"))
    assert "max <= 200 KB" in weight and weight.endswith("met")
    assert any(line.startswith("render.layout_shift") and line.endswith("absent") for line in lines)


def test_a_new_default_must_win_every_round_by_five_percent() -> None:
    assert faster_variant({"a": [0.90, 0.93, 0.96], "b": [0.80, 0.99, 0.85]}) == "b"
    assert faster_variant({"a": [0.90, 1.01, 0.90]}) is None, "lost one round"
    assert faster_variant({"a": [0.97, 0.96, 0.98]}) is None, "within noise"
    assert faster_variant({}) is None


SERIAL = """\
loading pickled environment... done
building [html]: targets for 1 source files that are out of date
updating environment: 0 added, 1 changed, 0 removed
reading sources... [100%] chips

looking for now-outdated files... none found
"""
PARALLEL = """\
updating environment: [config changed ('language')] 13 added, 0 changed, 0 removed
reading sources... [ 50%] ['applications', 'chips', 'energy']
reading sources... [100%] ['glossary', 'index']
"""


def test_the_step_and_its_sphinx_command_come_from_what_make_prints() -> None:
    from bench.project import sphinx_only, step_command

    printed = subprocess.run(["make", "-n", "stage-html-zh"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    step = step_command(printed)
    assert step[1:3] == ["-m", "cakedoc.build.unchanged"] and "-q" not in step
    sphinx = sphinx_only(step)
    assert sphinx[0].endswith("sphinx-build") and sphinx[-2:] == ["docs/zh", "_build/staging/html/zh"]


def test_docs_read_comes_from_sphinxs_own_lines() -> None:
    assert docs_read(SERIAL) == (1, ["chips"])
    assert docs_read(PARALLEL) == (13, ["applications", "chips", "energy", "glossary", "index"])
    assert docs_read("updating environment: 0 added, 0 changed, 0 removed\n") == (0, [])
    with pytest.raises(ValueError):
        docs_read("build succeeded.")
