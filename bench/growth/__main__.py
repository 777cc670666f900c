"""``python -m bench.growth [N ...] [--report]``: measure the given N (default
$BENCH_GROWTH_N or 1 4 10 40), then print the exponents of every N measured
so far; ``--report`` only refits and plots what was measured."""

import sys

from bench import budgets, growth
from bench.report import Figures, table

args = sys.argv[1:]
if "--report" not in args:
    growth.measure_sizes([int(a) for a in args] or growth.sizes())
figures = Figures()
growth.report(figures)
verdicts = [v for v in budgets.evaluate(figures.figures, budgets.GROWTH_BUDGETS)
            if v.budget.figure in figures.figures]
print(table(figures.figures, verdicts))
for note in figures.notes:
    print(f"note: {note}")
print(budgets.verdict_line(verdicts))
sys.exit(budgets.exit_status(verdicts))
