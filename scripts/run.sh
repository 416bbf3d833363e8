#!/usr/bin/env bash
# `make run`: the standalone product. Mocks + API on :8000 (embedded PostgreSQL unless DATABASE_URL is
# set), the UI on :3000 talking to the API through Next rewrites. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${1:-127.0.0.1}"; PORT="${2:-8000}"; UI_PORT="${3:-3000}"
UV="${UV:-$(command -v uv || echo "$HOME/.local/bin/uv")}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

"$UV" run estoca-mock up --host "$HOST" --port "$PORT" --load-examples &
pids+=($!)
if [ -f frontend/.next/standalone/server.js ]; then
  # Next's standalone server, as in the frontend image; /api/* is proxied to API_URL (frontend/proxy.ts).
  (cd frontend/.next/standalone && API_URL="http://$HOST:$PORT" HOSTNAME="$HOST" PORT="$UI_PORT" exec node server.js) &
  pids+=($!)
  echo "UI:   http://localhost:$UI_PORT"
fi
echo "Mocks and API: http://$HOST:$PORT  (API docs: http://$HOST:$PORT/docs)"
wait -n "${pids[@]}"
