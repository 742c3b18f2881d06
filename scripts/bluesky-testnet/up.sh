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
# next_port N: sets PORT to the first port from N that is free and not handed out before
# (not a $(...) subshell, so that the list of ports handed out survives).
taken=" "
next_port() {
  PORT=$1
  while ! port_is_free "$PORT" || [[ $taken == *" $PORT "* ]]; do PORT=$((PORT + 1)); done
  taken+="$PORT "
}

# One start: the four ports, then the servers in the background, until ready.json appears (0),
# the process dies (1) or the time is up (2).
start_once() {
  next_port 2582 && PLC_PORT=$PORT
  next_port 2583 && PDS_PORT=$PORT
  next_port 2584 && BSKY_PORT=$PORT
  next_port 2587 && OZONE_PORT=$PORT

  # REDIS_HOST must be set for dev-env but is never used. TMPDIR holds the PDS's SQLite files and blobs.
  (
    cd "$INSTALL"
    export PLC_PORT PDS_PORT BSKY_PORT OZONE_PORT REDIS_HOST=unused LOG_ENABLED=${LOG_ENABLED:-false}
    export TMPDIR=$STATE/tmp READY_FILE=$STATE/ready.json
    exec nohup node -r "$HERE/bind-loopback.cjs" "$HERE/start-network.mjs" </dev/null >"$LOG" 2>&1
  ) &
  pid=$!
  echo "$pid" >"$STATE/network.pid"

  local deadline=$((SECONDS + ${BLUESKY_START_TIMEOUT:-90}))
  until [[ -s $STATE/ready.json ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if ((SECONDS > deadline)); then return 2; fi
    sleep 0.2
  done
}

# Another program may take a port between the check and the servers' listen: then try again
# with the ports after it (next_port remembers the ones tried).
for attempt in 1 2 3; do
  rc=0
  start_once || rc=$?
  if ((rc == 0)); then break; fi
  kill -TERM "$pid" 2>/dev/null || true
  if ((rc == 1 && attempt < 3)) && grep -q EADDRINUSE "$LOG"; then
    cp "$LOG" "$LOG.attempt$attempt"
    continue
  fi
  echo "the Bluesky test network did not start; $LOG:" >&2
  tail -n 30 "$LOG" >&2
  exit 1
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
