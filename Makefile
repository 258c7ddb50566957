# Thi đua documents. `make year=2020` runs the job; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
input ?= input_samples
output ?= output
ARGS = $(year) --input "$(input)" --output "$(output)"

.PHONY: run check test forms new-year pdf bench update-golden office need-year

run: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(ARGS)

check: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(year) --input "$(input)" --check

need-year:
	@test -n "$(year)" || { echo "Hãy ghi năm đánh giá, ví dụ: make year=2020"; exit 2; }

# Set up on first use, and again when the dependencies change.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

# LibreOffice (and pdftotext) are the independent readers of our documents.
office:
	@command -v soffice >/dev/null && command -v pdftotext >/dev/null \
	  && fc-list :lang=vi family | grep -q "Liberation Serif" || { \
	  echo "Cài LibreOffice (lần đầu)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation fonts-liberation2 >/dev/null; }

test: $(STAMP) office
	$(BIN)/python -m pytest -q

forms: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(ARGS) --forms

new-year: $(STAMP) need-year
	@$(BIN)/python -m pipeline $(year) --input "$(input)" --new-year

pdf: $(STAMP) office need-year
	@$(BIN)/python -m pipeline $(year) --output "$(output)" --pdf

bench: $(STAMP)
	@$(BIN)/python tools/bench.py

update-golden: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden
