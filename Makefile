# The course's commands. `make book` and `make test` are the two a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*/[0-9][0-9]_*.ipynb))
CHAPTERS := $(notdir $(patsubst %/,%,$(dir $(NOTEBOOKS))))
# nbgrader's gradebook runs the `alembic` command, so the venv's bin must come first on PATH.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0

# The book serves MathJax itself (no CDN): the npm package, pinned by version and checksum.
MATHJAX_VERSION := 3.2.2
MATHJAX_SHA256 := 1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09
MATHJAX := book/_static/mathjax/tex-mml-chtml.js
# The browser checks drive Debian's Chromium (Playwright's own browser download is not used).
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

# `make test` must reproduce the stored outputs exactly on any x86-64 machine, and the numerical
# libraries pick their kernels by the CPU: AVX-512 kernels add in another order than AVX2 ones,
# which changes the last digits of a sum and, over a training run, a printed accuracy. So the
# commands that run or store the notebooks cap PyTorch, oneDNN, MKL, OpenBLAS and NumPy at AVX2
# (which every x86-64 CPU of the last ten years has). Learners' own runs are not capped.
ifeq ($(shell uname -m),x86_64)
SAME_KERNELS := ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2 \
	OPENBLAS_CORETYPE=Zen NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR"
endif

.PHONY: help setup book test lint format lab execute release timings freeze clean mathjax chapter unit execute-chapter

help:
	@echo "make book      build the HTML book into _build/html (sets everything up first)"
	@echo "make test      run the whole test suite: lint, unit tests, notebooks, grading, book"
	@echo "make lab       open JupyterLab on the chapter notebooks"
	@echo "make execute   re-run every chapter notebook top to bottom and store its outputs"
	@echo "make release   write the nbgrader student version of every chapter into release/"
	@echo "make timings   benchmark: wall time and peak memory of every chapter notebook"
	@echo "make chapter CH=09_cnn   every check that concerns one chapter (nbval, round trip, truth checks)"
	@echo "make execute-chapter CH=09_cnn   re-run one chapter notebook and store its outputs"
	@echo "make unit      the package's unit tests alone"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "dlcourse needs Python 3.11 (pinned wheels); set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

mathjax: $(MATHJAX)

$(MATHJAX):
	@command -v npm >/dev/null || [ "$$(id -u)" != 0 ] || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; }
	@command -v npm >/dev/null || { echo "The book serves MathJax from npm's mathjax package: install npm"; exit 1; }
	rm -rf .mathjax-download book/_static/mathjax
	mkdir -p .mathjax-download book/_static
	cd .mathjax-download && npm pack --silent mathjax@$(MATHJAX_VERSION) >/dev/null
	echo "$(MATHJAX_SHA256)  .mathjax-download/mathjax-$(MATHJAX_VERSION).tgz" | sha256sum --check --quiet
	tar xzf .mathjax-download/mathjax-$(MATHJAX_VERSION).tgz -C .mathjax-download
	mv .mathjax-download/package/es5 book/_static/mathjax
	rm -rf .mathjax-download

BWRAP := /usr/bin/bwrap
$(BWRAP):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q bubblewrap; \
	else echo "Grading runs each submission in a sandbox: sudo apt-get install bubblewrap"; exit 1; fi

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	else echo "The browser checks need Chromium: sudo apt-get install chromium"; exit 1; fi

book: $(STAMP) $(MATHJAX)
	$(BIN)/jupyter-book build . --builder html -W --keep-going
	@echo
	@echo "The book is ready: open file://$(CURDIR)/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Serial on purpose: two workers each running PyTorch on two cores oversubscribe the CPU and
# take twice as long. (With more cores, `make test PYTEST_ARGS="-n 4 --dist loadscope"`.)
PYTEST_ARGS ?=
test: lint $(MATHJAX) $(CHROMIUM) $(BWRAP)
	$(SAME_KERNELS) $(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-current-env --durations=15 $(PYTEST_ARGS)

# One chapter: its stored outputs (nbval) and every test whose id names it.
CH ?=
chapter: $(STAMP) $(BWRAP) $(MATHJAX) $(CHROMIUM)
	@test -n "$(CH)" -a -f "notebooks/$(CH)/$(CH).ipynb" || { echo "usage: make chapter CH=NN_slug"; exit 2; }
	$(SAME_KERNELS) $(BIN)/python -m pytest --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-current-env notebooks/$(CH) $(PYTEST_ARGS)
	$(SAME_KERNELS) $(BIN)/python -m pytest tests -k "$(CH)" $(PYTEST_ARGS)

execute-chapter: $(STAMP) $(BWRAP)
	@test -n "$(CH)" -a -f "notebooks/$(CH)/$(CH).ipynb" || { echo "usage: make execute-chapter CH=NN_slug"; exit 2; }
	$(SAME_KERNELS) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=600 notebooks/$(CH)/$(CH).ipynb

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m unit $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

execute: $(STAMP)
	$(SAME_KERNELS) $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.record_timing=False --ExecutePreprocessor.timeout=600 $(NOTEBOOKS)

release: $(STAMP)
	@for chapter in $(CHAPTERS); do \
		$(BIN)/nbgrader generate_assignment "$$chapter" --force || exit 1; \
	done
	@echo "Student versions are in release/<chapter>/"

timings: $(STAMP)
	$(BIN)/python benchmarks/notebook_timings.py $(NOTEBOOKS)

freeze:
	rm -rf .freeze-venv
	$(PYTHON) -m venv .freeze-venv
	.freeze-venv/bin/python -m pip install --quiet --upgrade "pip==26.3"
	.freeze-venv/bin/python -m pip install --quiet -r requirements.in
	{ sed -n '1,2p' requirements.txt; .freeze-venv/bin/python -m pip freeze --all | grep -v "^pip==" | sed 's/+cpu$$//'; } > requirements.txt.new
	mv requirements.txt.new requirements.txt
	rm -rf .freeze-venv

clean:
	rm -rf _build release submitted autograded feedback gradebook.db grades.csv grading_report_*.csv \
		.pytest_cache book/_static/mathjax .mathjax-download test-report.xml
