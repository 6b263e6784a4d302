# Terbalik — the two commands a new user needs are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1:8000

.PHONY: install run test test-fast lint messages bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
		|| { echo "Terbalik needs Python 3.11 or newer (found: $$($(PYTHON) --version))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: install
	DEBUG=1 $(BIN)/terbalik migrate --noinput
	DEBUG=1 $(BIN)/terbalik demo
	DEBUG=1 $(BIN)/terbalik serve $(HOST)

test: install
	$(BIN)/python -m pytest -n 2 -p no:cacheprovider

test-fast: install
	$(BIN)/python -m pytest -n 2 -m "not e2e"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# DEBUG=1: these are development commands; production settings would demand SECRET_KEY etc.
messages: install
	cd src/terbalik && DEBUG=1 ../../$(BIN)/terbalik makemessages -l id --no-obsolete --add-location file
	cd src/terbalik && DEBUG=1 ../../$(BIN)/terbalik compilemessages -l id

bench: install
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_match.py
	$(BIN)/python bench/bench_sheet_limits.py
	$(BIN)/python bench/bench_reports.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .mypy_cache .hypothesis
