#!/usr/bin/env bash
# Exactly-once publishing under a crash (issue 4): N posts due in the same minute on the Sandbox,
# two real Signpost.Worker processes on one PostgreSQL, one killed with SIGKILL midway.
# Prints published, duplicates, missing and lateness p50/p99; exits non-zero on a duplicate or a miss.
#
#   bench/publishing-exactly-once.sh [posts=2000] [workers=2] [kill-at=0.3]
#
# Uses SIGNPOST_BENCH_POSTGRES (an Npgsql connection string to an empty database) if set;
# otherwise starts a throwaway PostgreSQL 15 cluster on 127.0.0.1:55497 and removes it after.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
POSTS=${1:-2000} WORKERS=${2:-2} KILL_AT=${3:-0.3}
ART=${SIGNPOST_BENCH_ARTIFACTS:-/tmp/signpost-bench-publishing}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

PG_DIR=""
cleanup() {
  if [[ -n $PG_DIR ]]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
trap cleanup EXIT

CONNECTION=${SIGNPOST_BENCH_POSTGRES:-}
if [[ -z $CONNECTION ]]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_DIR=$(mktemp -d /tmp/signpost-bench-pg.XXXXXX)
  chown postgres "$PG_DIR"
  runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p 55497 -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on" start >/dev/null
  CONNECTION="Host=127.0.0.1;Port=55497;Username=postgres;Database=postgres;Maximum Pool Size=50"
fi

echo "==> building (Release)"
dotnet build src/Signpost.Worker -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet build bench/Signpost.Bench.Publishing -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
echo "==> running: $POSTS posts, $WORKERS workers, SIGKILL one at $KILL_AT of the posts"
dotnet "$ART/bin/Signpost.Bench.Publishing/release/Signpost.Bench.Publishing.dll" \
  "$CONNECTION" "$ART/bin/Signpost.Worker/release/Signpost.Worker.dll" "$POSTS" "$WORKERS" "$KILL_AT"
