#!/usr/bin/env bash
# `make test`: every suite. The UI suites run first so that pytest's summary is the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-$(command -v uv || echo "$HOME/.local/bin/uv")}"
bash scripts/ensure-services.sh

if [ -f frontend/package.json ]; then
  command -v npm >/dev/null 2>&1 || { echo "error: the UI suites need Node.js 20+ with npm (apt-get install nodejs npm)" >&2; exit 1; }
  echo "== UI: install, lint, unit tests, build, end-to-end =="
  make --no-print-directory frontend-install
  # The typed API client must match the API's OpenAPI (regenerate with `npm run gen:api`).
  (cd frontend && npm run --silent check:api && npm run --silent test:ci)
fi

echo "== Python: lint, types, tests with coverage =="
"$UV" run ruff check .
"$UV" run ruff format --check .
"$UV" run mypy
"$UV" run pytest --cov --cov-report=term-missing:skip-covered --cov-report=xml:artifacts/coverage.xml
