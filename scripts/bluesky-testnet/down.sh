#!/usr/bin/env bash
# Stops the network up.sh started in STATE_DIR (SIGTERM: each server closes) and deletes its data.
#
#   scripts/bluesky-testnet/down.sh STATE_DIR
set -uo pipefail
STATE=${1:?usage: down.sh STATE_DIR}
if [[ -f $STATE/network.pid ]]; then
  pid=$(<"$STATE/network.pid")
  if kill -TERM "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$STATE/network.pid"
fi
rm -rf "$STATE/tmp" "$STATE/ready.json" "$STATE/env"
