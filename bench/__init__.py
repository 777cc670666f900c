"""`make bench`: build speed, diagram rendering, page weight and PDF time, against baselines.

One module per family of measurements, each with a ``measure(figures, runs)``:

* :mod:`bench.builds`   cold and warm ``make html``, no-op and one-page rebuilds
* :mod:`bench.diagrams` one browser session against a browser per diagram
* :mod:`bench.pages`    page weight and rendering in Chromium, vendored-mermaid baseline
* :mod:`bench.pdf`      PDF build time and peak memory
* :mod:`bench.suite`    ``make test`` wall time
* :mod:`bench.growth`   opt-in (``BENCH_GROWTH=1``): the guide grown 1× to 40×,
  each cost's growth exponent against its budget, and SVG plots

:mod:`bench.measure` runs and times commands, :mod:`bench.budgets` decides
met / missed, :mod:`bench.report` prints the table.  Run ``python -m bench``
(``make bench``); what each figure means: bench/README.md.
"""
