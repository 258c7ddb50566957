# Thi đua documents. `make year=2020` runs the job; `make test` runs every test, `make test-fast` all but the slow ones.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
input ?= input_samples
output ?= output
ARGS = $(year) --input "$(input)" --output "$(output)"

.PHONY: run check test test-fast forms new-year ballots pdf templates bench update-golden office need-year

run: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(ARGS)

check: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(year) --input "$(input)" --check

need-year:
	@test -n "$(year)" || { echo "Hãy ghi năm đánh giá, ví dụ: make year=2020"; exit 2; }

# Set up on first use, and again when the dependencies change. Staff get what a run needs;
# the test tools (pytest, hypothesis, pandas for the benchmark's baseline) come with `make test`.
$(STAMP): pyproject.toml
	@echo "Cài đặt lần đầu (một lần, khoảng một phút)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(TEST_STAMP)

# LibreOffice (and pdftotext) are the independent readers of our documents.
office:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null \
	  && fc-list :lang=vi family | grep -q "Liberation Serif" || { \
	  echo "Cài LibreOffice (lần đầu)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation fonts-liberation2 >/dev/null; }

test: $(TEST_STAMP) office
	$(BIN)/python -m pytest -q

# The developers' loop: every test but the slow ones (LibreOffice, bench, bombs), in about half
# of the time; `make test` before a change is done.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

forms: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(ARGS) --forms

ballots: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(ARGS) --ballots

new-year: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(year) --input "$(input)" --new-year

# the default Word templates copied into <input>/mau/ for staff to edit; never overwrites one
templates: $(STAMP)
	@$(BIN)/python -m pipeline --templates --input "$(input)"

pdf: $(STAMP) office need-year
	@$(BIN)/python -m pipeline $(year) --output "$(output)" --pdf

bench: $(TEST_STAMP)
	@$(BIN)/python tools/bench.py

update-golden: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden
