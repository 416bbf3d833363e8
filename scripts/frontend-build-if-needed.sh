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
# The standalone server (what the image runs, and `make run`) serves static files from its own folder.
rm -rf .next/standalone/.next/static .next/standalone/public
cp -r .next/static .next/standalone/.next/static
if [ -d public ]; then cp -r public .next/standalone/public; fi
