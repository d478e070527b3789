#!/usr/bin/env bash
# Sets up everything pilot needs, idempotently, saying what it does:
#   1. Debian's postgresql-<major> and postgresql-server-dev-<major> (apt, as root)
#   2. npm packages (npm ci, when package-lock.json changed); better-sqlite3's addon rebuilt if it does not load
#   3. the TypeScript build (when a source is newer than the build)
#   4. the pg_pilot extension (make; make install when the installed copy differs)
#   5. Debian's chromium, the headless browser the report test opens `pilot report` pages in (apt, as root)
# A second run changes nothing and says so. PILOT_PG_MAJOR picks the PostgreSQL major (15).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

major="${PILOT_PG_MAJOR:-15}"
changed=0
say() { echo "setup: $*"; }
fail() { echo "setup: error: $*" >&2; exit 1; }

# --- 0. Node -----------------------------------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
[ "$node_major" -ge 20 ] || fail "pilot needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))"

# --- 1. PostgreSQL from Debian's packages ------------------------------------------------
packages=("postgresql-$major" "postgresql-server-dev-$major")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
server_before="$(/usr/lib/postgresql/$major/bin/postgres --version 2>/dev/null || true)"
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing Debian packages: ${missing[*]}. Install them as root: sudo apt-get update && sudo apt-get install -y ${missing[*]} (then run this again)"
  fi
  say "installing ${missing[*]} with apt-get (PostgreSQL server and the headers to build pg_pilot)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" make gcc >/dev/null
  changed=1
else
  say "PostgreSQL $major server and headers: already installed"
fi
server_after="$(/usr/lib/postgresql/$major/bin/postgres --version 2>/dev/null || true)"
pg_config="/usr/lib/postgresql/$major/bin/pg_config"
[ -x "$pg_config" ] || fail "no $pg_config after installing postgresql-server-dev-$major"

# --- 2. npm packages -----------------------------------------------------------------------
lock_hash="$(sha1sum package-lock.json | cut -d' ' -f1)"
if [ ! -f node_modules/.pilot-lock-hash ] || [ "$(cat node_modules/.pilot-lock-hash)" != "$lock_hash" ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-fund --no-audit --loglevel=error
  echo "$lock_hash" > node_modules/.pilot-lock-hash
  changed=1
else
  say "npm packages: up to date"
fi

# better-sqlite3 (the results store) is a native addon. `npm ci` builds it from source with
# node-gyp (~100 s; its prebuilt download is not reachable here). npm 11 warns that install
# scripts are "not yet covered by allowScripts", but still runs them: check that it loads
# rather than trusting the warning, and rebuild it when it does not (e.g. an install with
# --ignore-scripts, or a build for another Node.js version).
sqlite_check="new (require('better-sqlite3'))(':memory:').close()"
if node -e "$sqlite_check" >/dev/null 2>&1; then
  say "better-sqlite3 native addon: loads"
else
  for tool in make g++ python3; do
    command -v "$tool" >/dev/null || fail "better-sqlite3 must be compiled and $tool is missing: install it (Debian: sudo apt-get install -y make g++ python3), then run this again"
  done
  say "better-sqlite3 native addon does not load: rebuilding it from source (npm rebuild better-sqlite3 runs its install script, node-gyp; about 100 s)"
  npm rebuild better-sqlite3 --no-fund --no-audit --loglevel=error
  node -e "$sqlite_check" || fail "better-sqlite3 still does not load after npm rebuild; see the node-gyp output above"
  changed=1
fi

# --- 3. TypeScript build -------------------------------------------------------------------
stamp=dist/.build-stamp
if [ ! -f "$stamp" ] || [ -n "$(find src algorithms bench test tsconfig.json package.json -newer "$stamp" -type f 2>/dev/null | head -1)" ]; then
  say "compiling TypeScript (tsc)"
  npx --no-install tsc -p tsconfig.json
  touch "$stamp"
  changed=1
else
  say "TypeScript build: up to date"
fi

# --- 4. pg_pilot extension -----------------------------------------------------------------
ext=extension/pg_pilot
# with_llvm=no: no JIT bitcode, so clang is not needed.
make -s -C "$ext" PG_CONFIG="$pg_config" with_llvm=no >/dev/null
pkglib="$("$pg_config" --pkglibdir)"
share="$("$pg_config" --sharedir)/extension"
ext_installed=1
cmp -s "$ext/pg_pilot.so" "$pkglib/pg_pilot.so" || ext_installed=0
for f in "$ext"/pg_pilot.control "$ext"/pg_pilot--*.sql; do
  cmp -s "$f" "$share/$(basename "$f")" || ext_installed=0
done
if [ "$ext_installed" -eq 0 ]; then
  if [ "$(id -u)" -ne 0 ] && [ ! -w "$pkglib" ]; then
    fail "pg_pilot is built but not installed; install it as root: sudo make -C $ext install PG_CONFIG=$pg_config with_llvm=no"
  fi
  say "installing the pg_pilot extension into $pkglib"
  make -s -C "$ext" PG_CONFIG="$pg_config" with_llvm=no install >/dev/null
  changed=1
else
  say "pg_pilot extension: installed and current"
fi

# --- 5. Chromium (for the test suite) -------------------------------------------------------
# test/integration/report opens the HTML reports in headless Chromium; pilot itself never needs it.
if command -v chromium >/dev/null 2>&1; then
  say "chromium (headless browser for the report test): already installed"
elif [ "$(id -u)" -ne 0 ]; then
  say "chromium is missing: the report test needs it. Install it as root: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium"
else
  say "installing chromium with apt-get (the report test opens pages in it, headless)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  changed=1
fi

# A running managed cluster keeps the old server binary and the old pg_pilot.so loaded.
if [ "$changed" -eq 1 ] && node bin/pilot.js db status >/dev/null 2>&1; then
  if [ "$server_before" != "$server_after" ] || [ "$ext_installed" -eq 0 ]; then
    say "restarting the managed cluster so it runs the new server / pg_pilot"
    node bin/pilot.js db restart >/dev/null
  fi
fi

if [ "$changed" -eq 0 ]; then
  say "everything already in place; nothing to do"
else
  say "done"
fi
