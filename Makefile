# newsdesk: `make run` serves the chat on the bundled sample archive; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: run test lint browser bench killtest fuzz clean

run: $(VENV)/.installed
	$(BIN)/newsdesk serve --sample --host $(HOST) --port $(PORT)

test: $(VENV)/.installed browser lint
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else \
	    echo "note: /usr/bin/chromium is missing; run 'sudo apt-get install chromium' or the browser tests are skipped"; \
	  fi; \
	fi

bench: $(VENV)/.installed
	$(BIN)/python -m eval.bench_ingest
	$(BIN)/python -m eval.bench_query
	$(BIN)/python -m eval.bench_keywords --skip-quality
	$(BIN)/python -m eval.bench_filters

# Reliability suites at full length (the default tests run short versions of both).
killtest: $(VENV)/.installed
	$(BIN)/python -m eval.killloop --cycles 50

fuzz: $(VENV)/.installed
	NEWSDESK_FUZZ_EXAMPLES=2000 $(BIN)/python -m pytest -q tests/test_fuzz.py

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .mypy_cache .ruff_cache *.egg-info
