# Makefile for the bilingual guide "AI is a five-layer cake" (AI 五层蛋糕).
# Shaped like CPython's Doc/Makefile: variables on top, `help` first, one
# Sphinx recipe reused by every target.

# You can set these variables from the command line.
PYTHON       = python3
VENVDIR      = ./.venv
JOBS         = 1
# How many languages `make html` builds at the same time (make -j).
LANGJOBS     = 2
# pytest workers for `make test` (pytest-xdist): auto = one per core.
TESTJOBS     = auto
# Each file on one worker, the long ones first: tests/xdist_groups.py.
TESTFLAGS    = --dist loadgroup --no-loadscope-reorder
SPHINXOPTS   =
# Strict: any warning fails the build, and every problem is reported first.
SPHINXERRORHANDLING = -n -W --keep-going
BUILDDIR     = _build
SOURCEDIR    = docs
LANGUAGES    = zh en
# The language the guide is written in; the other one is its translation.
SOURCE_LANGUAGE = zh
# make review-accept PAGE=chips [BLOCK=12]: the page (its path under docs/<lang>/
# without .md) and, optionally, one block of it.
PAGE         =
BLOCK        =
# make review-serve: the review edition on http://127.0.0.1:$(REVIEW_PORT)/
REVIEW_PORT  = 8002
# make xliff-import FILE=_build/xliff/chips.xlf: a translator's XLIFF file.
FILE         =
# make serve: the preview's port on 127.0.0.1.
PORT         = 8000
# 1: also write Sphinx's own searchindex.js, which no page loads: the baseline
# `make search-eval` compares the guide's search with (cakedoc/search/index.py).
SPHINX_SEARCH_INDEX =
# Deployed site root (canonical links, sitemap, social cards); empty = local.
BASE_URL    ?=
# Dates in the output come from the last commit, never from the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1773100800)
# conf.py reads BUILDDIR (the diagram cache lives in it) and BASE_URL.
export SOURCE_DATE_EPOCH BASE_URL BUILDDIR

SPHINXBUILD  = $(VENVDIR)/bin/sphinx-build
VENVPYTHON   = $(VENVDIR)/bin/python
STAGING      = $(BUILDDIR)/staging
REVIEW       = $(VENVPYTHON) -m cakedoc.review --source $(SOURCE_LANGUAGE)
SITE         = $(VENVPYTHON) -m cakedoc.site
sphinx_language_zh = zh_CN
sphinx_language_en = en

# The one Sphinx recipe: $(call sphinx,BUILDER,LANG,OUTDIR)
sphinx = $(SPHINXBUILD) -q -b $(1) -c . -d $(BUILDDIR)/doctrees/$(1)-$(2) -j $(JOBS) \
         $(SPHINXERRORHANDLING) $(SPHINXOPTS) -D language=$(sphinx_language_$(2)) \
         $(if $(filter html,$(1)),$(if $(SPHINX_SEARCH_INDEX),-D cake_sphinx_search_index=1)) \
         $(SOURCEDIR)/$(2) $(3)

# Every step runs only when one of its inputs changed since it last succeeded
# (cakedoc/build/unchanged.py): make's own question, asked of every file
# under the inputs, so a no-op `make html` costs a stat per file instead of
# a Sphinx run per language that grows with the book.
# $(call unchanged,LABEL,STAMP,INPUTS,OUTPUTS,COMMAND [-- COMMAND]...)
DIAGRAM_CACHE = $(or $(CAKE_DIAGRAM_CACHE),$(BUILDDIR)/.cache/diagrams)
BUILD_INPUTS  = conf.py cakedoc $(SOURCEDIR) glossary sources pyproject.toml \
                tools/npm/package-lock.json $(VENVDIR)/.installed
# Written by the builds themselves: the glossary's page stubs and the cache's counts.
GENERATED     = $(foreach lang,$(LANGUAGES),$(SOURCEDIR)/$(lang)/glossary) $(DIAGRAM_CACHE)/stats
unchanged = $(VENVPYTHON) -m cakedoc.build.unchanged $(2) --label $(1) --inputs $(3) \
            --ignore $(GENERATED) --present $(DIAGRAM_CACHE) --outputs $(4) -- $(5)
# One language's build by one builder as a step, its stamp beside Sphinx's
# environment: $(call sphinx_step,BUILDER,LANG,OUTPUTS,COMMAND [-- COMMAND]...)
sphinx_step = $(call unchanged,$(1)-$(2),$(BUILDDIR)/doctrees/$(1)-$(2)/cake-inputs.json,$(BUILD_INPUTS),\
              $(3) $(BUILDDIR)/doctrees/$(1)-$(2)/environment.pickle,$(4))

.DEFAULT_GOAL := help
.PHONY: help venv bootstrap html pdf dist republish-html doctest linkcheck serve test bench search-eval clean \
        review review-accept review-pdf xliff xliff-import \
        $(addprefix stage-html-,$(LANGUAGES)) $(addprefix doctest-,$(LANGUAGES)) \
        $(addprefix pdf-,$(LANGUAGES)) \
        epub epubcheck $(addprefix epub-,$(LANGUAGES))

help:
	@echo "Build and test the bilingual guide (zh is the source, en mirrors it)."
	@echo
	@echo "  make html       build _build/html/{zh,en}/ and the landing page _build/html/index.html"
	@echo "  make pdf        build _build/pdf/five-layer-cake-{zh,en}.pdf and add them to the site"
	@echo "  make epub       build _build/epub/five-layer-cake-{zh,en}.epub (EPUB 3) and add them to the site"
	@echo "  make epubcheck  make epub, then check both books with EPUBCheck"
	@echo "  make dist       make html, pdf and epub, then $(BUILDDIR)/dist/five-layer-cake.zip (offline site) and SHA256SUMS"
	@echo "  make test       make html, pdf, epub, dist, doctest and review, then the whole test suite"
	@echo "  make serve      live preview of both languages on http://127.0.0.1:$(PORT)/ (/zh/, /en/):"
	@echo "                  reloads on every change, build errors over the page"
	@echo "  make review     check the translation block by block (strict); edition in _build/review/"
	@echo "  make review-accept PAGE=chips [BLOCK=12]"
	@echo "                  sign off a page (or one block) after checking it against its source"
	@echo "  make xliff      $(BUILDDIR)/xliff/: one XLIFF 1.2 file per page pair (for CAT tools) and glossary.tbx"
	@echo "  make xliff-import FILE=$(BUILDDIR)/xliff/chips.xlf"
	@echo "                  write a translator's targets back into docs/en/; those blocks need review again"
	@echo "  make review-pdf build _build/review-pdf/five-layer-cake-review.pdf: both languages side by side"
	@echo "  make review-serve  the review edition on http://127.0.0.1:$(REVIEW_PORT)/, signing off from the browser"
	@echo "  make doctest    run every doctest (glossary and pages) with Sphinx's doctest builder"
	@echo "  make linkcheck  check external links (needs the internet; not part of make test)"
	@echo "  make bench      time builds, diagrams, page weight, PDF and make test against baselines;"
	@echo "                  fails when a budget is missed (bench/README.md; BENCH_RUNS, BENCH_TEST_SUITE=0;"
	@echo "                  BENCH_GROWTH=1: also the cost curves of the guide grown 1x to 40x, hours)"
	@echo "  make search-eval  type the reader queries (bench/search/) into the search page in Chromium:"
	@echo "                  recall@1, recall@3, MRR per language, ours and Sphinx's; fails below the floors"
	@echo "                  (builds the site with SPHINX_SEARCH_INDEX=1: Sphinx's index, for the baseline)"
	@echo "  make venv       create $(VENVDIR) with the pinned Python and npm packages"
	@echo "  make bootstrap  install the Debian packages (chromium, fonts, TeX) as root"
	@echo "  make clean      remove _build/ except the diagram cache"
	@echo
	@echo "Variables: JOBS=$(JOBS) LANGJOBS=$(LANGJOBS) TESTJOBS=$(TESTJOBS) SPHINXOPTS=$(SPHINXOPTS) BASE_URL=$(BASE_URL) BUILDDIR=$(BUILDDIR)"
	@echo "           SOURCE_LANGUAGE=$(SOURCE_LANGUAGE) PAGE=$(PAGE) BLOCK=$(BLOCK) PORT=$(PORT) FILE=$(FILE)"

# -- Setup ---------------------------------------------------------------------

bootstrap:
	@tools/bootstrap.sh all

venv: $(VENVDIR)/.installed

$(VENVDIR)/.installed: pyproject.toml tools/npm/package.json tools/npm/package-lock.json
	@test -x $(VENVDIR)/bin/python || $(PYTHON) -m venv $(VENVDIR)
	@echo "venv: installing the pinned Python packages into $(VENVDIR)"
	@$(VENVDIR)/bin/python -m pip install -q --disable-pip-version-check -e '.[test,serve]' \
	  >$(VENVDIR)/pip.log 2>&1 || { cat $(VENVDIR)/pip.log; exit 1; }
	@echo "venv: installing the pinned npm packages into tools/npm/node_modules"
	@cd tools/npm && npm ci --no-audit --no-fund --loglevel=error --silent
	@touch $@

# -- HTML ----------------------------------------------------------------------

# Both languages build concurrently into the staging tree; then cakedoc.site
# adds the landing page, the root files spanning both languages (sitemap,
# robots.txt, 404, llms.txt) and the last good PDFs, and publishes the whole
# site only when every step has succeeded.
html: venv
	@tools/bootstrap.sh html
	@$(SITE) check-base-url "$(BASE_URL)"
	@$(MAKE) --no-print-directory -j$(LANGJOBS) $(addprefix stage-html-,$(LANGUAGES))
	@$(call unchanged,publish,$(STAGING)/html-published.json,\
	  $(addprefix $(BUILDDIR)/doctrees/html-,$(addsuffix /cake-inputs.json,$(LANGUAGES))) \
	  cakedoc $(BUILDDIR)/pdf $(BUILDDIR)/epub,$(BUILDDIR)/html,$(SITE) publish $(BUILDDIR) "$(BASE_URL)")
	@echo "html: the site is in $(BUILDDIR)/html/ (open $(BUILDDIR)/html/index.html)"

$(addprefix stage-html-,$(LANGUAGES)): stage-html-%:
	@$(call sphinx_step,html,$*,$(STAGING)/html/$*,$(call sphinx,html,$*,$(STAGING)/html/$*))

# -- PDF -----------------------------------------------------------------------

# One PDF per language (xelatex), then the site is republished with them.
pdf: venv
	@tools/bootstrap.sh pdf
	@$(VENVPYTHON) -m cakedoc.pdf.latexrun --check
	@$(MAKE) --no-print-directory -j$(LANGJOBS) $(addprefix pdf-,$(LANGUAGES))
	@if [ -d $(BUILDDIR)/html ]; then $(MAKE) --no-print-directory republish-html; fi
	@echo "pdf: $(addprefix $(BUILDDIR)/pdf/five-layer-cake-,$(addsuffix .pdf,$(LANGUAGES)))"

$(addprefix pdf-,$(LANGUAGES)): pdf-%:
	@$(call sphinx_step,latex,$*,$(BUILDDIR)/pdf/five-layer-cake-$*.pdf,$(call sphinx,latex,$*,$(STAGING)/latex/$*) \
	  -- $(VENVPYTHON) -m cakedoc.pdf.latexrun $(STAGING)/latex/$* $(BUILDDIR)/pdf/five-layer-cake-$*.pdf)

# The published site with the new PDFs, never the staging tree: that may be
# what a failed or killed `make html` left behind.
republish-html:
	@$(SITE) republish $(BUILDDIR)

# -- EPUB ----------------------------------------------------------------------

# One EPUB 3 per language (Sphinx's epub builder with cakedoc), zipped
# reproducibly by cakedoc.epub.package; then the site is republished with them.
epub: venv
	@tools/bootstrap.sh html
	@$(MAKE) --no-print-directory -j$(LANGJOBS) $(addprefix epub-,$(LANGUAGES))
	@if [ -d $(BUILDDIR)/html ]; then $(MAKE) --no-print-directory republish-html; fi
	@echo "epub: $(addprefix $(BUILDDIR)/epub/five-layer-cake-,$(addsuffix .epub,$(LANGUAGES)))"

$(addprefix epub-,$(LANGUAGES)): epub-%:
	@$(call sphinx_step,epub,$*,$(BUILDDIR)/epub/five-layer-cake-$*.epub,rm -rf $(STAGING)/epub/$* \
	  -- $(call sphinx,epub,$*,$(STAGING)/epub/$*) \
	  -- $(VENVPYTHON) -m cakedoc.epub.package $(STAGING)/epub/$* $(BUILDDIR)/epub/five-layer-cake-$*.epub)

# EPUBCheck (Debian's epubcheck) on both books; tests/test_epub.py runs it in
# `make test` and wants 0 errors and 0 warnings.  The jar, not /usr/bin/epubcheck:
# that is the jar itself, runnable only where binfmt_misc is set up (jarwrapper).
# TieredStopAtLevel=1: a one-off check spent half its CPU in the JIT's
# optimising compiler (10.8 s of CPU a book, 5.5 s without it).  EPUBCheck
# 4.2 checks one book per run.
EPUBCHECK    = java -XX:TieredStopAtLevel=1 -jar /usr/share/java/epubcheck.jar
epubcheck: epub
	@tools/bootstrap.sh epub
	@for book in $(addprefix $(BUILDDIR)/epub/five-layer-cake-,$(addsuffix .epub,$(LANGUAGES))); do \
	  echo "epubcheck: $$book"; $(EPUBCHECK) --failonwarnings $$book || exit 1; done

# -- Offline bundle --------------------------------------------------------------

# The published site (both languages, the PDFs and EPUBs, the landing page)
# as one reproducible zip, with its SHA-256.  It needs the PDFs and EPUBs.
dist: html pdf epub
	@$(call unchanged,dist,$(STAGING)/dist-inputs.json,$(BUILDDIR)/html cakedoc,\
	  $(BUILDDIR)/dist/five-layer-cake.zip $(BUILDDIR)/dist/SHA256SUMS,$(SITE) dist $(BUILDDIR))
	@echo "dist: $(BUILDDIR)/dist/five-layer-cake.zip ($(BUILDDIR)/dist/SHA256SUMS)"

# -- Checks --------------------------------------------------------------------

doctest: venv $(addprefix doctest-,$(LANGUAGES))

$(addprefix doctest-,$(LANGUAGES)): doctest-%:
	@$(call sphinx_step,doctest,$*,$(BUILDDIR)/doctest/$*/output.txt,$(call sphinx,doctest,$*,$(BUILDDIR)/doctest/$*))

linkcheck: venv
	$(call sphinx,linkcheck,zh,$(BUILDDIR)/linkcheck/zh)
	$(call sphinx,linkcheck,en,$(BUILDDIR)/linkcheck/en)

# Tests that read the site tour share one worker (tests/conftest.py), so the
# tour is made once.
test: bootstrap html pdf epub dist doctest review
	$(VENVPYTHON) -m pytest -n $(TESTJOBS) $(TESTFLAGS)

# -- Translation review ----------------------------------------------------------

# Exits non-zero on any error (CI runs it through `make test`); the review
# edition and its report.json are published atomically even then, because a
# reviewer needs them most when something is wrong.
review: venv
	@$(call unchanged,review,$(STAGING)/review-inputs.json,$(BUILD_INPUTS),$(BUILDDIR)/review,\
	  $(REVIEW) check --html $(BUILDDIR)/review --staging $(STAGING)/review)

review-accept: venv
	@test -n "$(PAGE)" || { echo "review-accept: which page? make review-accept PAGE=chips [BLOCK=12]" >&2; exit 2; }
	@$(REVIEW) accept $(PAGE) $(BLOCK)

# Local only (127.0.0.1), refusing other origins: cakedoc/review/serve.py.
.PHONY: review-serve
review-serve: venv
	@$(REVIEW) serve --html $(BUILDDIR)/review --staging $(STAGING)/review --port $(REVIEW_PORT)

# Page pairs out to CAT tools and back (cakedoc/xliff/): XLIFF 1.2 + a TBX termbase.
xliff: venv
	@$(VENVPYTHON) -m cakedoc.xliff export $(BUILDDIR)/xliff --source $(SOURCE_LANGUAGE)

xliff-import: venv
	@test -n "$(FILE)" || { echo "xliff-import: which file? make xliff-import FILE=$(BUILDDIR)/xliff/chips.xlf" >&2; exit 2; }
	@$(VENVPYTHON) -m cakedoc.xliff import $(FILE) --source $(SOURCE_LANGUAGE)

# Not in _build/pdf/: everything there is published with the site.
review-pdf: venv
	@tools/bootstrap.sh pdf
	@$(REVIEW) pdf $(BUILDDIR)/review-pdf/five-layer-cake-review.pdf --latexdir $(STAGING)/review-latex
	@echo "review-pdf: $(BUILDDIR)/review-pdf/five-layer-cake-review.pdf"

# Not part of `make test`: timings on a shared machine are measurements, not
# tests.  Everything it builds goes to _build/bench/.
# BENCH_GROWTH=1 adds the growth curves (issue #17; hours: bench/README.md).
BENCH_GROWTH ?= 0
bench: venv
	@tools/bootstrap.sh all
	BENCH_GROWTH=$(BENCH_GROWTH) $(VENVPYTHON) -m bench

# Search quality on the reader queries of bench/search/queries-*.yaml, in the
# published site (served and from file://), against Sphinx's own ranking;
# fails below recall@3 0.95 or MRR 0.85 in a language (bench/search/__init__.py).
# The site is built with Sphinx's own index for the comparison; the next plain
# `make html` writes every page again and deletes it.
search-eval: venv
	@$(MAKE) --no-print-directory html SPHINX_SEARCH_INDEX=1
	$(VENVPYTHON) -m bench.search

# -- Live preview ----------------------------------------------------------------

# One server (sphinx-autobuild's, on 127.0.0.1:PORT) for the landing page and
# both languages; every change rebuilds both and reloads every open page; build
# problems show in the terminal and over the page (cakedoc/serve/).
serve: venv
	@tools/bootstrap.sh html
	@$(VENVPYTHON) -m cakedoc.serve --port $(PORT) --builddir $(BUILDDIR) \
	  --sphinxopts "-j $(JOBS) $(SPHINXOPTS)"

clean:
	rm -rf $(BUILDDIR)/html $(BUILDDIR)/pdf $(BUILDDIR)/epub $(BUILDDIR)/dist $(BUILDDIR)/staging $(BUILDDIR)/doctrees \
	       $(BUILDDIR)/doctest $(BUILDDIR)/linkcheck $(BUILDDIR)/serve $(BUILDDIR)/review \
	       $(BUILDDIR)/review-pdf $(BUILDDIR)/xliff $(BUILDDIR)/bench $(BUILDDIR)/search-eval
