# Estoca Mock API — developer entry points. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY_SRC := core/src mockserver/src api/src operator/src
HOST ?= 127.0.0.1
PORT ?= 8000
UI_PORT ?= 3000
export UV_LINK_MODE ?= copy
export NEXT_TELEMETRY_DISABLED := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z][a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: uv
uv: ## Install uv if it is missing (from PyPI, with the system Python 3.11+)
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --user --quiet uv \
	  || python3 -m pip install --user --quiet --break-system-packages uv  # Debian's "externally managed" Python

.PHONY: install
install: uv ## Install the Python workspace (.venv)
	@$(UV) sync --frozen --quiet

.PHONY: frontend-install
frontend-install: ## Install the UI's npm packages when package-lock.json changed
	@if [ -f frontend/package.json ] && ! command -v npm >/dev/null 2>&1; then \
	  echo "note: Node.js 20+ (npm) is not installed: the web console is skipped; mocks and API still run"; \
	elif [ -f frontend/package.json ]; then \
	  if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules/.package-lock.json ]; then \
	    cd frontend && npm ci --no-audit --no-fund --loglevel=error; \
	  fi; \
	fi

.PHONY: frontend-build
frontend-build: frontend-install ## Build the UI when its sources changed
	@if [ -f frontend/package.json ] && command -v npm >/dev/null 2>&1; then bash scripts/frontend-build-if-needed.sh; fi

.PHONY: run
run: install frontend-build ## Run the product: mocks + API on :8000 (embedded PostgreSQL), UI on :3000
	@bash scripts/run.sh $(HOST) $(PORT) $(UI_PORT)

.PHONY: test
test: install ## Run every test suite (installs and starts what it needs)
	@bash scripts/test.sh

.PHONY: test-python
test-python: install ## Run only the Python suite
	@bash scripts/ensure-services.sh && $(UV) run pytest

.PHONY: bench
bench: install ## Benchmark the mockserver with wrk (prints the table, writes docs/benchmarks.md)
	@$(UV) run python bench/run.py

.PHONY: crds
crds: install ## Regenerate crds/ (and the chart's copy) from the spec models
	@$(UV) run python -m estoca_core.crdgen --out crds --docs docs/spec.md
	@cp crds/mockgroups.yaml crds/mockendpoints.yaml charts/estoca-mock-api/files/crds/

.PHONY: lint
lint: install ## ruff + mypy (+ eslint/tsc for the UI, hadolint for Dockerfiles)
	@$(UV) run ruff check .
	@$(UV) run ruff format --check .
	@$(UV) run mypy
	@$(UV) run python -m estoca_core.crdgen --check --docs docs/spec.md
	@if [ -f frontend/package.json ]; then $(MAKE) --no-print-directory frontend-install && cd frontend && npm run --silent lint && npm run --silent typecheck && npm run --silent check:api; fi

.PHONY: format
format: install ## Format the Python code
	@$(UV) run ruff format . && $(UV) run ruff check --fix .

.PHONY: i18n
i18n: install ## Extract, update and compile the API's message catalogs
	@$(UV) run python -m estoca_api.i18n extract
	@$(UV) run python -m estoca_api.i18n compile

.PHONY: clean
clean: ## Remove build and test artefacts (keeps the embedded database)
	rm -rf .pytest_cache .mypy_cache .ruff_cache htmlcov .coverage frontend/.next artifacts
