#!/usr/bin/env bash
# Installs @atproto/dev-env (the AT Protocol reference servers) from this folder's
# package-lock.json into DIR (default: .test/bluesky-testnet at the repository root) with
# npm ci, unless DIR already holds this lock file's install. About 90 s the first time:
# better-sqlite3 compiles from source (needs make, g++ and python3).
#
#   scripts/bluesky-testnet/install.sh [DIR]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DIR=${1:-$HERE/../../.test/bluesky-testnet}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)

stamp=$DIR/node_modules/.signpost-npm-ci
lock_hash=$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -d' ' -f1)
installed() { [[ -f $stamp && $(<"$stamp") == "$lock_hash" ]]; }
if installed; then
  echo "up to date: $DIR"
  exit 0
fi

# Two test runs in one checkout must not install into the same folder at once: the second
# waits, then finds the first's install.
exec 9>"$DIR/.install.lock"
flock 9
if installed; then
  echo "up to date: $DIR"
  exit 0
fi

# Compile native modules against the installed Node's own headers (Debian and NodeSource put
# them in /usr/include/node) instead of downloading them.
if [[ -z ${npm_config_nodedir:-} && -f /usr/include/node/node.h ]]; then
  export npm_config_nodedir=/usr
fi

cp "$HERE/package.json" "$HERE/package-lock.json" "$DIR/"
(cd "$DIR" && npm ci --no-audit --no-fund --loglevel=error)
echo "$lock_hash" >"$stamp"
echo "installed: $DIR"
