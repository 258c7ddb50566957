# Thi đua documents. `make year=2020` runs the job; `make test` runs every test, `make test-fast` all but the slow ones.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
SETUP_LOG := $(VENV)/cai_dat.log
input ?= input_samples
output ?= output
ARGS = $(year) --input "$(input)" --output "$(output)"

# Staff read Vietnamese only. make echoes no command (-s) and never says "Entering directory".
MAKEFLAGS += -s --no-print-directory

# A failing command has already said what is wrong, in Vietnamese; make would add its own English
# line ("make: *** [Makefile:NN: run] Error 1") and GNU make has no switch against it: only an
# ignored failure is silent, and then make exits 0. So after its Vietnamese line a failing recipe
# ends make itself with SIGPIPE, the one signal make does not catch and shells (bash, zsh, dash)
# do not report: nothing more is printed and make exits non-zero (141, 128 + SIGPIPE), as scripts
# need. `$(PPID)` of a recipe's shell is the make that runs it. Use: `command || $(failed)`.
failed = { code=$$?; echo "Lệnh dừng lại (mã $$code), xem thông báo ở trên." >&2; kill -s PIPE $$PPID; exit $$code; }

.PHONY: run check test test-fast forms new-year ballots pdf templates bench update-golden office need-year

run: $(STAMP) need-year
	$(BIN)/python -m pipeline $(ARGS) || $(failed)

check: $(STAMP) need-year
	$(BIN)/python -m pipeline $(year) --input "$(input)" --check || $(failed)

need-year:
	test -n "$(year)" || { echo "Hãy ghi năm đánh giá, ví dụ: make year=2020" >&2; kill -s PIPE $$PPID; exit 2; }

# Set up on first use, and again when the dependencies change. Staff get what a run needs;
# the test tools (pytest, hypothesis) come with `make test`. pip's and setuptools' own messages
# (English, and about pip itself) go to a log, read only when the setup fails.
PIP_INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input
$(STAMP): pyproject.toml
	echo "Cài đặt lần đầu (một lần, khoảng một phút)..."
	mkdir -p $(VENV)
	{ $(PYTHON) -m venv $(VENV) && $(PIP_INSTALL) --upgrade pip && $(PIP_INSTALL) -e . ; } >$(SETUP_LOG) 2>&1 || { \
	  code=$$?; echo "Cài đặt không thành công. Hãy kiểm tra đã có Python 3.10 trở lên (python3 và gói python3-venv) và kết nối mạng, rồi chạy lại; chi tiết (tiếng Anh) trong $(SETUP_LOG)." >&2; \
	  kill -s PIPE $$PPID; exit $$code; }
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PIP_INSTALL) -e ".[test]" >>$(SETUP_LOG) 2>&1 || { \
	  code=$$?; echo "Không cài được công cụ kiểm thử; chi tiết trong $(SETUP_LOG)." >&2; kill -s PIPE $$PPID; exit $$code; }
	touch $(TEST_STAMP)

# LibreOffice (and pdftotext) are the independent readers of our documents.
office:
	command -v soffice >/dev/null && command -v pdftotext >/dev/null \
	  && fc-list :lang=vi family | grep -q "Liberation Serif" || { \
	  echo "Cài LibreOffice (lần đầu)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation fonts-liberation2 >/dev/null \
	  || $(failed); }

test: $(TEST_STAMP) office
	$(BIN)/python -m pytest -q || $(failed)

# The developers' loop: every test but the slow ones (LibreOffice, bench, bombs), in about half
# of the time; `make test` before a change is done.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -q -m "not slow" || $(failed)

forms: $(STAMP) need-year
	$(BIN)/python -m pipeline $(ARGS) --forms || $(failed)

ballots: $(STAMP) need-year
	$(BIN)/python -m pipeline $(ARGS) --ballots || $(failed)

new-year: $(STAMP) need-year
	$(BIN)/python -m pipeline $(year) --input "$(input)" --new-year || $(failed)

# the default Word templates copied into <input>/mau/ for staff to edit; never overwrites one
templates: $(STAMP)
	$(BIN)/python -m pipeline --templates --input "$(input)" || $(failed)

pdf: $(STAMP) office need-year
	$(BIN)/python -m pipeline $(year) --output "$(output)" --pdf || $(failed)

bench: $(TEST_STAMP)
	$(BIN)/python tools/bench.py || $(failed)

update-golden: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden || $(failed)

# A goal make has no rule for (`make chek`, `make year 2020`): a Vietnamese line instead of make's
# "No rule to make target". The files make reads or checks are named, so this rule never makes them.
Makefile pyproject.toml: ;
%:
	echo "Không có lệnh make $@. Các lệnh: make year=2020, make check year=2020, make forms year=2020, make ballots year=2020, make new-year year=2020, make pdf year=2020, make templates, make test." >&2; kill -s PIPE $$PPID; exit 2
