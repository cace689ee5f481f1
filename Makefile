# Two commands do all the set-up: `make report` and `make test`.
# Both create .venv with the package and its dev extras on first use, and
# install the JupyterLab settings that open notebooks/*.py as notebooks on
# double-click (jupyter/overrides.json, into .venv, not your home folder).
# `make lab` starts JupyterLab on the project.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
REPORT_DIR ?= reports/sample

.PHONY: install test lint report lab clean

install: $(STAMP) $(LAB_SETTINGS)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(LAB_SETTINGS): jupyter/overrides.json jupyter/install_settings.py $(STAMP)
	$(BIN)/python jupyter/install_settings.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks notebooks jupyter

test: install lint
	$(BIN)/python -m pytest

report: install
	$(BIN)/framing report --corpus sample --out $(REPORT_DIR) --overwrite

lab: install
	$(BIN)/python -m jupyter lab

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache
