# Every target sets up its own virtual environment on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
ENV    ?= dev

.PHONY: up-local test lint unit checkov clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "streamctl needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## The main job: deploy live/$(ENV) to a local AWS emulator (moto), no AWS account needed.
up-local: $(STAMP)
	$(BIN)/streamctl up --local --yes --env $(ENV)

## The whole test suite: lint, types, HCL format, unit + CLI + real-Terraform tests.
test: lint $(STAMP)
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check orchestrator tests benchmarks
	$(BIN)/ruff format --check orchestrator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m streamctl.engine.embedded_worker fmt -check -recursive -diff modules live

clean:
	rm -rf $(VENV) .streamctl live/*/.streamctl
