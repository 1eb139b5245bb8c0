# Two entry points: `make demo` and `make test`. Each builds .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	@bash examples/demo.sh

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check event_lint tests bench
	$(BIN)/ruff format --check event_lint tests bench
	$(BIN)/mypy --strict event_lint

# The OS's headless Chromium for the catalog's browser tests (tests/catalog/test_browser.py,
# skipped without it). Debian packages; needs root; skipped when chromium is installed.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
		echo "chromium and chromedriver are installed"; \
	else \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	fi

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/server_latency.py

clean:
	rm -rf $(VENV) .event_lint_cache .mypy_cache .pytest_cache .ruff_cache
