#!/usr/bin/env bash
# Webhook bursts with the receiving process killed (issue 5, reliability): the real web app on
# PostgreSQL with a Meta app secret, signed Page-comment webhooks fired at /webhooks/meta by several
# senders, the app SIGKILLed mid-burst and started again while the senders carry on. Then every
# comment whose request was answered 200 must be stored exactly once. Also: a forged signature gets
# 401, a signed malformed body 400, a body over 1 MiB 413, and none of them stores anything.
#
#   bench/inbox-webhook-kill.sh [requests=1500] [senders=8] [comments-per-request=5]
#
# Uses SIGNPOST_BENCH_POSTGRES (an Npgsql connection string without Database=) if set, otherwise the
# dev PostgreSQL on 127.0.0.1:55999; makes and drops its own database. Exits non-zero on any failure.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
REQUESTS=${1:-1500} SENDERS=${2:-8} PER=${3:-5}
ART=${SIGNPOST_BENCH_ARTIFACTS:-/tmp/signpost-bench-inbox}
SERVER=${SIGNPOST_BENCH_POSTGRES:-"Host=127.0.0.1;Port=55999;Username=postgres"}
DB=signpost_webhook_kill_$$
CONNECTION="$SERVER;Database=$DB;Maximum Pool Size=40"
PORT=${SIGNPOST_BENCH_PORT:-55180}
SECRET=bench-meta-app-secret
PAGE=448242228374517
WORK=$(mktemp -d /tmp/signpost-webhook-kill.XXXXXX)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
field() { echo "$SERVER" | tr ';' '\n' | sed -n "s/^$1=//p"; }
pg() { psql -h "$(field Host)" -p "$(field Port)" -U "$(field Username)" "$@"; }

APP_PID=""
cleanup() {
  [[ -n $APP_PID ]] && kill -9 "$APP_PID" 2>/dev/null || true
  pg -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> building (Release)"
dotnet build src/Signpost.Web -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
dotnet build bench/Signpost.Bench.Inbox -c Release --artifacts-path "$ART" -v q -nologo >/dev/null
BENCH="dotnet $ART/bin/Signpost.Bench.Inbox/release/Signpost.Bench.Inbox.dll"
pg -q -d postgres -c "CREATE DATABASE $DB" >/dev/null

start_app() {
  (cd "$ART/bin/Signpost.Web/release" && \
    ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
    Database__Provider=postgres ConnectionStrings__Signpost="$CONNECTION" Database__MigrateOnStart=true \
    Demo__Load=true Demo__InboxTrickle=false Jobs__RunInWeb=false OpenTelemetry__Enabled=false \
    Platforms__Facebook__ClientSecret="$SECRET" Logging__LogLevel__Default=Warning \
    exec dotnet Signpost.Web.dll >>"$WORK/app.log" 2>&1) &
  APP_PID=$!
  for _ in $(seq 1 240); do
    curl -fsS "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the app did not start; log:" >&2; tail -50 "$WORK/app.log" >&2; exit 1
}

echo "==> starting the web app on PostgreSQL ($DB)"
start_app
CHANNEL=$($BENCH channel "$CONNECTION" facebook "$PAGE" | tail -n 1)
count() { pg -qtA -d "$DB" -c "SELECT count(*) FROM \"InboxMessages\" WHERE \"ChannelId\" = '$CHANNEL'"; }

echo "==> refusals store nothing"
before=$(count)
body='{"object":"page","entry":[{"id":"'$PAGE'","time":1,"changes":[{"field":"feed","value":{"from":{"id":"1","name":"x"},"post_id":"'$PAGE'_1","comment_id":"forged_1","created_time":1,"item":"comment","parent_id":"'$PAGE'_1","verb":"add","message":"forged"}}]}]}'
sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$2" -hex | sed 's/^.* //'; }
forged=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Hub-Signature-256: sha256=$(sign "$body" wrong-secret)" --data-binary "$body" "http://127.0.0.1:$PORT/webhooks/meta")
malformed_body='{"object":"page","entry":'
malformed=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Hub-Signature-256: sha256=$(sign "$malformed_body" "$SECRET")" --data-binary "$malformed_body" "http://127.0.0.1:$PORT/webhooks/meta")
head -c 1100000 /dev/zero | tr '\0' 'a' >"$WORK/big"
oversized=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Hub-Signature-256: sha256=$(sign "$(cat "$WORK/big")" "$SECRET")" --data-binary "@$WORK/big" "http://127.0.0.1:$PORT/webhooks/meta")
after=$(count)
echo "forged signature: $forged, signed malformed body: $malformed, 1.05 MiB body: $oversized; stored before $before, after $after"
[[ $forged == 401 && $malformed == 400 && $oversized == 413 && $before == "$after" ]] || { echo "FAIL: refusals"; exit 1; }

echo "==> $REQUESTS signed requests of $PER comments from $SENDERS senders; SIGKILL the app mid-burst, start it again"
: >"$WORK/acked"
$BENCH burst "http://127.0.0.1:$PORT" "$SECRET" "$PAGE" "$REQUESTS" "$SENDERS" "$WORK/acked" "$PER" &
BURST=$!
# Kill once some of the burst is acknowledged, so requests are in flight at the moment of the kill.
for _ in $(seq 1 600); do
  [[ $(wc -l <"$WORK/acked") -ge $((REQUESTS * PER / 4)) ]] && break
  sleep 0.1
done
acked_at_kill=$(wc -l <"$WORK/acked")
kill -9 "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
echo "killed with $acked_at_kill comments acknowledged"
start_app
wait "$BURST"
echo "==> checking every acknowledged comment is stored exactly once"
$BENCH verify "$CONNECTION" "$CHANNEL" "$WORK/acked"
