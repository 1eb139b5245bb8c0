# Two entry points: `make demo` and `make test`. Each builds .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

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

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .event_lint_cache .mypy_cache .pytest_cache .ruff_cache
