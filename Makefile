# Every target sets up its own virtual environment on first use.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp
ENV    ?= dev

.PHONY: up-local verify-local down-local test lint unit checkov clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "streamctl needs Python >= 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# A provider mirror the machine ships (scripts/find-provider-mirror), handed to streamctl
# and the tests; empty where there is none (Terraform then uses the registry).
WITH_MIRROR = STREAMCTL_PROVIDER_MIRROR="$$(scripts/find-provider-mirror)"

## The main job: deploy live/$(ENV) to a local AWS emulator (moto), no AWS account needed.
up-local: $(STAMP)
	$(WITH_MIRROR) $(BIN)/streamctl up --local --yes --env $(ENV)

## Check what up-local deployed, then take it down (ENV=mediaserver: the media server).
verify-local: $(STAMP)
	$(BIN)/streamctl verify --local --env $(ENV)

# Then the emulator stops too; if down fails, make stops first and the emulator keeps
# what is left for a second try.
down-local: $(STAMP)
	$(WITH_MIRROR) $(BIN)/streamctl down --local --yes --env $(ENV)
	$(BIN)/streamctl local stop --env $(ENV)

CHECKOV_VENV  = .venv-checkov
CHECKOV_STAMP = $(CHECKOV_VENV)/.installed-stamp

## The whole test suite: lint, types, HCL format, checkov, unit + CLI + real-Terraform tests.
# One test worker per core (pytest-xdist), a test file per worker at a time: much of the
# end-to-end tests' time is the provider waiting on the emulator, which another file's
# tests can use.
test: lint checkov $(STAMP)
	$(WITH_MIRROR) $(BIN)/pytest -q -n auto --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check orchestrator tests benchmarks
	$(BIN)/ruff format --check orchestrator tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m streamctl.terraform.embedded_worker fmt -check -recursive -diff modules live

# checkov pins dependencies that clash with ours: it gets a virtual environment of its own.
$(CHECKOV_STAMP):
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install --quiet 'checkov==3.3.30'
	@touch $(CHECKOV_STAMP)

## Security findings: zero failed checks; every skip is inline with a one-line reason.
checkov: $(CHECKOV_STAMP)
	$(CHECKOV_VENV)/bin/checkov -d modules --framework terraform --skip-download --skip-path .streamctl --compact --quiet
	$(CHECKOV_VENV)/bin/checkov -d live --framework terraform --skip-download --skip-path .streamctl --compact --quiet

## Virtual environments and scratch only. Never state: live/*/.streamctl holds every
## environment's local-backend state and the emulator's data; deleting it would orphan
## real resources. (To drop an environment, `streamctl down` it first.)
clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .streamctl/offline .streamctl/test-cache live/*/.streamctl/offline
