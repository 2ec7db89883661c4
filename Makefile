# Two commands on a fresh machine: `make run` (the dashboard on the bundled data) and
# `make test` (every test). Both create the environment from the lock file when needed.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
PORT ?= 8501

.PHONY: run test lint format schema validate bench install install-test browser clean mutate

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check "uv==0.13.8"

install: $(UV)
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python

install-test: $(UV)
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python --group test

## Debian's chromium drives the end-to-end tests (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the end-to-end tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install
	SAHELWATCH_EDITING=$${SAHELWATCH_EDITING:-open} $(VENV)/bin/streamlit run app.py --server.port $(PORT)

test: install-test browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/python -m pytest

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

schema: install
	$(VENV)/bin/sahelwatch schema

validate: install
	$(VENV)/bin/sahelwatch validate data

bench: install-test browser
	$(VENV)/bin/python benchmarks/run.py
	$(VENV)/bin/python benchmarks/extraction.py

## Mutation testing (issue 10, docs/mutation.md): mutmut mutates the modules listed in
## [tool.mutmut] of pyproject.toml, runs the unit tests chosen there against each mutant, and
## prints the score per module; it fails while a survivor is neither killed nor judged equivalent.
MUTATE_JOBS ?= 2
mutate: $(UV)
	$(UV) sync --frozen --inexact --python $(VENV)/bin/python --group mutate
	rm -rf mutants && mkdir mutants
	time $(VENV)/bin/mutmut run --max-children $(MUTATE_JOBS) > mutants/run.log 2>&1
	$(VENV)/bin/mutmut results --all true | $(VENV)/bin/python scripts/mutation_score.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache .ruff_cache mutants
