#!/usr/bin/env bash
# Starts the Bluesky test network (PLC, PDS, AppView, Ozone) on 127.0.0.1 in the background
# and waits until it answers. Needs a PostgreSQL for the AppView and Ozone.
#
#   DB_POSTGRES_URL=postgresql://USER:PASSWORD@127.0.0.1:PORT/DB scripts/bluesky-testnet/up.sh STATE_DIR [INSTALL_DIR]
#
# STATE_DIR receives network.pid, ready.json and env: the SIGNPOST_TEST_BLUESKY_* exports the
# tests read (`source STATE_DIR/env`). The servers' output goes to $BLUESKY_NETWORK_LOG
# (default STATE_DIR/network.log). Ports start at the usual ones (PLC 2582, PDS 2583,
# AppView 2584, Ozone 2587) and move up past any that are taken. Stop it with
# down.sh STATE_DIR. INSTALL_DIR is where install.sh put @atproto/dev-env.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${1:?usage: up.sh STATE_DIR [INSTALL_DIR]}
INSTALL=${2:-$HERE/../../.test/bluesky-testnet}
: "${DB_POSTGRES_URL:?DB_POSTGRES_URL must point at a PostgreSQL database for the AppView and Ozone}"
[[ -d $INSTALL/node_modules/@atproto/dev-env ]] || { echo "not installed in $INSTALL: run install.sh first" >&2; exit 1; }
mkdir -p "$STATE/tmp"
STATE=$(cd "$STATE" && pwd)
rm -f "$STATE/ready.json" "$STATE/env"
LOG=${BLUESKY_NETWORK_LOG:-$STATE/network.log}

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
taken=" "
next_port() {
  local port=$1
  while ! port_is_free "$port" || [[ $taken == *" $port "* ]]; do port=$((port + 1)); done
  taken+="$port "
  echo "$port"
}
PLC_PORT=$(next_port 2582)
PDS_PORT=$(next_port 2583)
BSKY_PORT=$(next_port 2584)
OZONE_PORT=$(next_port 2587)

# REDIS_HOST must be set for dev-env but is never used. TMPDIR holds the PDS's SQLite files and blobs.
(
  cd "$INSTALL"
  export PLC_PORT PDS_PORT BSKY_PORT OZONE_PORT REDIS_HOST=unused LOG_ENABLED=${LOG_ENABLED:-false}
  export TMPDIR=$STATE/tmp READY_FILE=$STATE/ready.json
  exec nohup node -r "$HERE/bind-loopback.cjs" "$HERE/start-network.mjs" </dev/null >"$LOG" 2>&1
) &
pid=$!
echo "$pid" >"$STATE/network.pid"

deadline=$((SECONDS + ${BLUESKY_START_TIMEOUT:-90}))
until [[ -s $STATE/ready.json ]]; do
  if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
    echo "the Bluesky test network did not start; $LOG:" >&2
    tail -n 30 "$LOG" >&2
    kill -TERM "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.2
done

# The tests' settings, from what the network reported.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const out = {
    SIGNPOST_TEST_BLUESKY_PDS: r.pds, SIGNPOST_TEST_BLUESKY_APPVIEW: r.appview,
    SIGNPOST_TEST_BLUESKY_OZONE: r.ozone, SIGNPOST_TEST_BLUESKY_PLC: r.plc,
    SIGNPOST_TEST_BLUESKY_APPVIEW_DID: r.appviewDid, SIGNPOST_TEST_BLUESKY_OZONE_DID: r.ozoneDid,
    SIGNPOST_TEST_BLUESKY_ADMIN_PASSWORD: r.adminPassword, SIGNPOST_TEST_BLUESKY_JWT_SECRET: r.jwtSecret,
  };
  for (const [k, v] of Object.entries(out)) console.log(`export ${k}=${JSON.stringify(String(v))}`);
' "$STATE/ready.json" >"$STATE/env"
cat "$STATE/env"
