#!/usr/bin/env bash
# Runs the loader-hook tests (spawned processes) on Node 20, 22 and 24.
#
# The newer Node binaries come from the npm registry's `node` package, installed once into a
# cache directory (IMPORTSPY_NODE_CACHE, default ~/.cache/importspy-nodes); the Node running this
# script is the first of the list. Needs only the npm registry. Usage:
#   scripts/node-matrix.sh            # build, then test on this Node + 22 + 24
#   NODE_MATRIX="22 24 25" scripts/node-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/.."

cache="${IMPORTSPY_NODE_CACHE:-${HOME:-/tmp}/.cache/importspy-nodes}"
nodes="$(command -v node)"
for major in ${NODE_MATRIX:-22 24}; do
  dir="$cache/node$major"
  bin="$dir/node_modules/node/bin/node"
  if ! "$bin" --version >/dev/null 2>&1; then
    echo "installing node@$major into $dir" >&2
    npm install --prefix "$dir" --no-audit --no-fund --no-save "node@$major" >&2
  fi
  echo "node@$major: $("$bin" --version)" >&2
  nodes="$nodes:$bin"
done

npm run build >&2
IMPORTSPY_TEST_NODES="$nodes" npx vitest run test/loader/hooks.test.ts
