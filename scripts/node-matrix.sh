#!/usr/bin/env bash
# Runs the loader-hook tests (spawned processes) on this Node and on Node 22, 24 and 26, in one
# vitest run (IMPORTSPY_TEST_NODES). The newer Node binaries come from the npm registry's `node`
# package, installed once into a cache (scripts/runtimes.sh). Quicker than .ci/run, which runs
# the whole suite once per Node. Usage:
#   scripts/node-matrix.sh            # build, then test on this Node + 22 + 24 + 26
#   NODE_MATRIX="22 24 25" scripts/node-matrix.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/runtimes.sh

nodes="$(command -v node)"
for major in ${NODE_MATRIX:-22 24 26}; do
  bin="$(node_bin "$major")"
  echo "node@$major: $("$bin" --version)" >&2
  nodes="$nodes:$bin"
done

npm run build >&2
IMPORTSPY_TEST_NODES="$nodes" npx vitest run test/loader/hooks.test.ts test/loader/concurrency.test.ts test/loader/coexist.test.ts test/security/edges.test.ts
