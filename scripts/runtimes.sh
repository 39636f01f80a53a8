# Sourced by the CI scripts: installs JavaScript runtimes from the npm registry into a cache
# outside the repository (IMPORTSPY_NODE_CACHE, default ~/.cache/importspy-node) and prints the
# path of the executable.
#   node_bin 22     → …/node22/node_modules/node/bin/node   (the registry's `node` package, whose
#                     preinstall fetches node-<os>-<arch>; where npm does not run that script, the
#                     platform package itself, installed with --ignore-scripts)
#   bun_bin         → …/bun/node_modules/@oven/bun-<platform>/bin/bun   (fails where none exists)
#   deno_bin        → …/deno/node_modules/@deno/<platform>/deno         (fails where none exists)
# Progress goes to stderr, the path alone to stdout.

runtime_cache="${IMPORTSPY_NODE_CACHE:-${HOME:-/tmp}/.cache/importspy-node}"

# Installs `$2` into "$runtime_cache/$1" unless "$3" already runs; $4: more npm options.
_install_into() {
  local dir="$runtime_cache/$1" spec="$2" exe="$3"
  if ! "$exe" --version >/dev/null 2>&1; then
    echo "installing $spec into $dir" >&2
    npm install --prefix "$dir" --no-audit --no-fund --no-save ${4:-} "$spec" >&2 || return 1
  fi
  "$exe" --version >/dev/null 2>&1 || { echo "$spec installed, but $exe does not run" >&2; return 1; }
  printf '%s\n' "$exe"
}

node_bin() {
  local os arch
  _install_into "node$1" "node@$1" "$runtime_cache/node$1/node_modules/node/bin/node" && return 0
  read -r os arch < <(_platform) || { echo "no Node package for $(uname -sm)" >&2; return 1; }
  _install_into "node$1" "node-$os-$arch@$1" "$runtime_cache/node$1/node_modules/node-$os-$arch/bin/node" --ignore-scripts
}

# The platform's name as Bun and Deno spell it, e.g. linux-x64; musl is told apart for Bun.
_platform() {
  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) return 1 ;; esac
  case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) return 1 ;; esac
  printf '%s %s\n' "$os" "$arch"
}

_is_musl() { [ "$(uname -s)" = Linux ] && ! ldd --version 2>&1 | grep -qi 'glibc\|gnu libc'; }

bun_bin() {
  local os arch name
  read -r os arch < <(_platform) || { echo "no Bun package for $(uname -sm)" >&2; return 1; }
  name="bun-$os-$([ "$arch" = arm64 ] && echo aarch64 || echo x64)"
  if _is_musl; then name="$name-musl"; fi
  _install_into bun "@oven/$name" "$runtime_cache/bun/node_modules/@oven/$name/bin/bun" --ignore-scripts
}

deno_bin() {
  local os arch name
  read -r os arch < <(_platform) || { echo "no Deno package for $(uname -sm)" >&2; return 1; }
  if _is_musl; then echo "no Deno package for musl libc" >&2; return 1; fi
  name="$os-$arch$([ "$os" = linux ] && echo -glibc)"
  _install_into deno "@deno/$name" "$runtime_cache/deno/node_modules/@deno/$name/deno" --ignore-scripts
}
