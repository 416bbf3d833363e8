#!/usr/bin/env bash
# Build the UI only when a source file is newer than the last build.
set -euo pipefail
cd "$(dirname "$0")/../frontend"
stamp=.next/BUILD_ID
if [ -f "$stamp" ] && [ -z "$(find app components context hooks lib locales public scripts proxy.ts tsconfig.json next.config.* package.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exit 0
fi
echo "Building the UI (next build)..."
npm run --silent build
