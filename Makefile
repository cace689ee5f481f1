# Two commands do all the set-up: `make report` and `make test`.
# Both create .venv with the package and its dev extras on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORT_DIR ?= reports/sample

.PHONY: install test lint report clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks

test: $(STAMP) lint
	$(BIN)/python -m pytest

report: $(STAMP)
	$(BIN)/framing report --corpus sample --out $(REPORT_DIR) --overwrite

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
