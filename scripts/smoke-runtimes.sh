#!/usr/bin/env bash
# Smoke test of ImportSpy under Bun and Deno, installed from the npm registry (scripts/runtimes.sh).
# For each runtime that can be installed here:
#   1. the embedded guard (test/smoke/protected.mjs) admits its importer when the contract names
#      this runtime, and the detected runtime has this name;
#   2. it blocks the import (enforce mode) when the contract names another runtime;
#   3. `importspy context --format json` names the runtime.
# A runtime without a package for this platform is skipped, saying so. Needs dist/ (npm run build).
# Exit: 0 when every installed runtime passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/runtimes.sh

[ -f dist/index.js ] || npm run build >&2

failed=0
fail() { echo "smoke FAIL [$1]: $2" >&2; failed=1; }

smoke() {
  local name="$1" exe="$2" other="$3"; shift 3
  local run=("$exe" "$@") out err
  echo "== smoke: $name $("$exe" --version | head -1) ($exe)"
  err="$(mktemp)"
  # 1. Admitted, and detected by name.
  if out="$(IMPORTSPY_SMOKE_RUNTIME="$name" IMPORTSPY_MODE=warn "${run[@]}" test/smoke/importer.mjs 2>"$err")"; then
    case "$out" in
      *"\"runtime\":{\"name\":\"$name\""*'"ok":true'*) echo "   guard admits its importer under $name: $out" ;;
      *) fail "$name" "guard: unexpected report: $out $(cat "$err")" ;;
    esac
  else
    fail "$name" "guard: exit $? $(cat "$err")"
  fi
  # 2. Blocked when the contract wants another runtime.
  if out="$(IMPORTSPY_SMOKE_RUNTIME="$other" IMPORTSPY_MODE=enforce "${run[@]}" test/smoke/importer.mjs 2>"$err")"; then
    fail "$name" "guard admitted a contract for $other: $out"
  elif grep -q 'mismatch.runtime' "$err" && [ -z "$out" ]; then
    echo "   guard blocks an importer whose contract requires $other (mismatch.runtime)"
  else
    fail "$name" "guard: blocked without mismatch.runtime: $(head -c 2000 "$err")"
  fi
  # 3. The CLI's context.
  if out="$("${run[@]}" bin/importspy.js context --format json 2>"$err")" && printf '%s' "$out" | grep -q "\"name\": \"$name\""; then
    echo "   importspy context names the runtime: $name"
  else
    fail "$name" "importspy context: $out $(cat "$err")"
  fi
  rm -f "$err"
}

if bun="$(bun_bin)"; then smoke bun "$bun" node; else echo "== smoke: Bun skipped: it cannot be installed from the npm registry here"; fi
# Deno: node_modules as npm left it; N-API (oxc-parser) needs --allow-ffi, hence -A.
if deno="$(deno_bin)"; then smoke deno "$deno" node run -A; else echo "== smoke: Deno skipped: it cannot be installed from the npm registry here"; fi

if [ "$failed" -ne 0 ]; then echo "smoke: FAILED" >&2; exit 1; fi
echo "smoke: passed"
