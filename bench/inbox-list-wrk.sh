#!/usr/bin/env bash
# The inbox list with a million messages stored (issue 5, performance): the real web app (Release,
# Production environment) on PostgreSQL with the demo organisations, a million generated messages
# in the ICB's inbox (a year of a busy ICB across seven channels: labels, priorities, statuses,
# assignees and clock states as they fall with age), then wrk against GET /api/v1/inbox (plain,
# filtered by status, label, priority, channel, assignee and clock state, most urgent first, and the
# second page by its keyset cursor) with an API token, and against the inbox page
# /o/riverside-icb/inbox with a signed-in session cookie. Prints p50/p95/p99 and requests/s per
# endpoint; exits non-zero if any p95 is 100 ms or more, or any answer is not 200.
#
#   bench/inbox-list-wrk.sh [messages=1000000] [duration=30s] [connections=16] [threads=2]
#
# PostgreSQL: SIGNPOST_BENCH_POSTGRES (an Npgsql connection string to a server, without Database=)
# if set, otherwise the dev PostgreSQL on 127.0.0.1:55999 (user postgres); the script makes its own
# database there and drops it afterwards (SIGNPOST_BENCH_KEEP=1 keeps it, to EXPLAIN queries).
# Installs wrk with apt-get if it is missing. Builds into SIGNPOST_BENCH_ARTIFACTS
# (default /tmp/signpost-bench-inbox-list); the app listens on SIGNPOST_BENCH_PORT (default 55181).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
MESSAGES=${1:-1000000} DURATION=${2:-30s} CONNECTIONS=${3:-16} THREADS=${4:-2}
ART=${SIGNPOST_BENCH_ARTIFACTS:-/tmp/signpost-bench-inbox-list}
SERVER=${SIGNPOST_BENCH_POSTGRES:-"Host=127.0.0.1;Port=55999;Username=postgres"}
DB=signpost_inbox_list_$$
CONNECTION="$SERVER;Database=$DB;Maximum Pool Size=40"
PORT=${SIGNPOST_BENCH_PORT:-55181}
BASE="http://127.0.0.1:$PORT"
ORG=riverside-icb
EMAIL=comms.officer@riverside.example
PASSWORD=riverside-kettle-lantern
TARGET_MS=100
WORK=$(mktemp -d /tmp/signpost-inbox-list.XXXXXX)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
field() { echo "$SERVER" | tr ';' '\n' | sed -n "s/^$1=//p"; }
pg() { psql -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" "$@"; }

APP_PID=""
cleanup() {
  [[ -n $APP_PID ]] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  if [[ ${SIGNPOST_BENCH_KEEP:-0} == 1 ]]; then
    echo "kept the database $DB"
  else
    pg -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "==> installing wrk"
  if [[ $(id -u) == 0 ]]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

echo "==> building web, bench and CLI (Release) into $ART"
for project in src/Signpost.Web bench/Signpost.Bench.Inbox src/Signpost.Cli; do
  dotnet build "$project" -c Release --artifacts-path "$ART" -v q -nologo >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
done
BENCH="dotnet $ART/bin/Signpost.Bench.Inbox/release/Signpost.Bench.Inbox.dll"
cli() { dotnet "$ART/bin/Signpost.Cli/release/signpost.dll" --database-provider postgres --connection-string "$CONNECTION" "$@"; }
pg -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

echo "==> starting the web app on PostgreSQL ($DB): Production, demo data, no jobs, no demo trickle"
(cd "$ART/bin/Signpost.Web/release" && \
  ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$BASE" \
  Database__Provider=postgres ConnectionStrings__Signpost="$CONNECTION" Database__MigrateOnStart=true \
  Demo__Load=true Demo__InboxTrickle=false Jobs__RunInWeb=false OpenTelemetry__Enabled=false \
  Security__CookiesRequireHttps=false Logging__LogLevel__Default=Warning \
  exec dotnet Signpost.Web.dll >>"$WORK/app.log" 2>&1) &
APP_PID=$!
for i in $(seq 1 240); do
  curl -fsS "$BASE/health/live" >/dev/null 2>&1 && break
  [[ $i == 240 ]] && { echo "the app did not start; log:" >&2; tail -50 "$WORK/app.log" >&2; exit 1; }
  sleep 0.5
done

echo "==> generating $MESSAGES messages in $ORG's inbox"
$BENCH generate "$CONNECTION" "$MESSAGES"
# A database that has been running has been vacuumed; do it now rather than let autovacuum start mid-run.
pg -q -d "$DB" -c 'VACUUM ANALYZE "InboxMessages"' -c 'VACUUM ANALYZE "PublicAuthors"'
pg -qtA -d "$DB" -c "SELECT pg_size_pretty(pg_total_relation_size('\"InboxMessages\"'))" | sed 's/^/InboxMessages with indexes: /'

echo "==> API token and a signed-in session for $EMAIL"
TOKEN=$(cli token create --email "$EMAIL" --organisation "$ORG" --name "inbox list bench" 2>/dev/null | tail -n 1)
[[ -n $TOKEN ]] || { echo "no token"; exit 1; }
JAR="$WORK/cookies"
curl -fsS -c "$JAR" -b "$JAR" "$BASE/account/sign-in" >"$WORK/sign-in.html"
ANTIFORGERY=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' "$WORK/sign-in.html" | sed 's/.*value="//; s/"$//' | head -n 1)
[[ -n $ANTIFORGERY ]] || ANTIFORGERY=$(grep -o '__RequestVerificationToken[^>]*value="[^"]*"' "$WORK/sign-in.html" | sed 's/.*value="//; s/"$//' | head -n 1)
curl -sS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "Input.Email=$EMAIL" --data-urlencode "Input.Password=$PASSWORD" \
  --data-urlencode "__RequestVerificationToken=$ANTIFORGERY" "$BASE/account/sign-in"
COOKIE=$(awk -F'\t' 'NF >= 7 && $6 !~ /^$/ { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$JAR")

channel_id() { pg -qtA -d "$DB" -c "SELECT c.\"Id\" FROM \"Channels\" c JOIN \"Organisations\" o ON o.\"Id\" = c.\"OrganisationId\" WHERE o.\"Slug\" = '$ORG' AND c.\"Network\" = '$1' ORDER BY c.\"CreatedAt\" LIMIT 1"; }
FACEBOOK=$(channel_id Facebook)
MASTODON=$(channel_id Mastodon)
MANAGER=$(pg -qtA -d "$DB" -c "SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" = 'COMMS.MANAGER@RIVERSIDE.EXAMPLE'")
CURSOR=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/inbox" | python3 -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"] or "")')
[[ -n $CURSOR ]] || { echo "the first page has no next cursor"; exit 1; }
URGENT_CURSOR=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/inbox?order=urgent" | python3 -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"] or "")')
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

cat >"$WORK/wrk.lua" <<'LUA'
local auth = os.getenv("WRK_AUTHORIZATION")
local cookie = os.getenv("WRK_COOKIE")
if auth and auth ~= "" then wrk.headers["Authorization"] = auth end
if cookie and cookie ~= "" then wrk.headers["Cookie"] = cookie end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.1f %.1f %.1f %d %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1000000), summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
LUA

# name|path|api or page
ENDPOINTS=(
  "open, newest first (default)|/api/v1/inbox|api"
  "second page (keyset cursor)|/api/v1/inbox?cursor=$(enc "$CURSOR")|api"
  "all statuses|/api/v1/inbox?status=all|api"
  "status closed|/api/v1/inbox?status=closed|api"
  "status awaiting department|/api/v1/inbox?status=awaiting-department|api"
  "label safeguarding (0.7%)|/api/v1/inbox?label=safeguarding|api"
  "label complaint, all statuses|/api/v1/inbox?label=complaint&status=all|api"
  "priority urgent, all statuses|/api/v1/inbox?priority=urgent&status=all|api"
  "most urgent first|/api/v1/inbox?order=urgent|api"
  "most urgent first, second page|/api/v1/inbox?order=urgent&cursor=$(enc "$URGENT_CURSOR")|api"
  "channel Facebook (34%)|/api/v1/inbox?channel=$FACEBOOK|api"
  "channel Mastodon (5%), all statuses|/api/v1/inbox?channel=$MASTODON&status=all|api"
  "assignee me|/api/v1/inbox?assignee=me|api"
  "assignee a colleague, closed|/api/v1/inbox?assignee=$MANAGER&status=closed|api"
  "unassigned|/api/v1/inbox?assignee=unassigned|api"
  "clock breached, all statuses|/api/v1/inbox?clock=breached&status=all|api"
  "clock due soon|/api/v1/inbox?clock=due-soon|api"
  "clock waiting|/api/v1/inbox?clock=waiting|api"
  "inbox page (HTML, signed in)|/o/$ORG/inbox|page"
  "inbox page, label and clock filters|/o/$ORG/inbox?label=complaint&clock=breached&status=all|page"
)

echo "==> wrk -t$THREADS -c$CONNECTIONS -d$DURATION per endpoint ($MESSAGES messages; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-42s %6s %9s %9s %9s %9s\n' "endpoint" "items" "p50 ms" "p95 ms" "p99 ms" "req/s" | tee "$WORK/table"
failed=0
for entry in "${ENDPOINTS[@]}"; do
  IFS='|' read -r name path kind <<<"$entry"
  if [[ $kind == api ]]; then
    export WRK_AUTHORIZATION="Bearer $TOKEN" WRK_COOKIE=""
    status=$(curl -sS -o "$WORK/body" -w '%{http_code}' -H "Authorization: $WRK_AUTHORIZATION" "$BASE$path")
    items=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$WORK/body" 2>/dev/null || echo "?")
  else
    export WRK_AUTHORIZATION="" WRK_COOKIE="$COOKIE"
    status=$(curl -sS -o "$WORK/body" -w '%{http_code}' -H "Cookie: $WRK_COOKIE" "$BASE$path")
    items=$(grep -c 'href="/o/'"$ORG"'/inbox/[0-9a-f-]\{36\}"' "$WORK/body" || true)
  fi
  if [[ $status != 200 || $items == "?" || $items == 0 ]]; then
    echo "FAIL: $name answered $status with ${items} messages ($path)"; head -c 600 "$WORK/body"; echo; failed=1; continue
  fi
  # Warm up (JIT, plan and buffer caches), then measure.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$WORK/wrk.lua" "$BASE$path" >/dev/null
  read -r _ p50 p95 p99 rps total bad broken < <(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s "$WORK/wrk.lua" "$BASE$path" | grep '^RESULT')
  mark=""
  if [[ $bad != 0 || $broken != 0 ]]; then mark=" FAIL: $bad not 2xx/3xx, $broken socket errors"; failed=1; fi
  if awk -v p="$p95" -v t="$TARGET_MS" 'BEGIN { exit !(p >= t) }'; then mark="$mark FAIL: p95 >= $TARGET_MS ms"; failed=1; fi
  printf '%-42s %6s %9s %9s %9s %9s%s\n' "$name" "$items" "$p50" "$p95" "$p99" "$rps" "$mark" | tee -a "$WORK/table"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $failed != 0 ]]; then echo "FAIL: target p95 < $TARGET_MS ms on every endpoint not met"; exit 1; fi
echo "OK: p95 under $TARGET_MS ms on every endpoint"
