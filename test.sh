#!/usr/bin/env bash
# Signpost's test command: the one in the README, and what CI runs (.ci/run).
#
#   ./test.sh                          build, format check, every test project
#   ./test.sh Signpost.Core.Tests ...  the same, but run only the named test projects
#
# On a fresh Debian 12 machine it installs what is missing (PostgreSQL, Chromium, fonts,
# the npm dev tools), starts a throwaway PostgreSQL and maildev on 127.0.0.1, builds once in
# Release with warnings as errors, checks formatting, runs each test project's xunit v3 app
# directly (no rebuild) and stops everything it started, however it ends.
# The last line it prints is always "N passed, N failed[, N skipped]"; it exits non-zero when
# anything failed, a failed build or format check counting as one failure.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Test matrix: a test project under tests/, then the database providers it runs against, one
# run per provider with SIGNPOST_TEST_PROVIDER set (no provider: one run, variable unset).
# To add a project, add a line. A project under tests/ that is not listed here still runs
# once, so none is ever skipped by omission; a listed project that does not exist yet is
# skipped with a note.
# ---------------------------------------------------------------------------------------------
TEST_MATRIX=(
  "Signpost.Policy.Tests"
  "Signpost.Core.Tests        sqlite postgres"
  "Signpost.Web.Tests         sqlite postgres"
  "Signpost.Cli.Tests         sqlite postgres"
  "Signpost.Web.BrowserTests"
  "Signpost.Platforms.Tests"
)

# Test projects that need the Bluesky test network (scripts/bluesky-testnet/: the AT Protocol
# reference servers on 127.0.0.1). It is installed and started only when one of them runs.
BLUESKY_TEST_PROJECTS=(Signpost.Platforms.Tests Signpost.Web.BrowserTests)

SOLUTION=Signpost.slnx
CONFIGURATION=Release
# Longest one test app may run before it is stopped and counted as failed (CI allows 20 min).
TEST_TIMEOUT_SECONDS=${SIGNPOST_TEST_TIMEOUT_SECONDS:-600}
CHROMIUM=/usr/bin/chromium

# The closing line goes to the original stdout (fd 3), whatever is redirected when the trap
# runs; children get fd 3 closed so that none holds CI's output open.
exec 3>&1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# MSBuild worker nodes exit with the build instead of lingering after the script.
export MSBUILDDISABLENODEREUSE=1

RESULTS_DIR=$ROOT/.test/results
LOG_DIR=$ROOT/.test/logs
rm -rf "$RESULTS_DIR" "$LOG_DIR"
mkdir -p "$RESULTS_DIR" "$LOG_DIR"

PASSED=0 FAILED=0 SKIPPED=0
FINISHED=false
WORK_DIR="" PG_ROOT="" PG_BIN="" PG_DATA="" MAILDEV_PID="" CHILD_PID=""
BLUESKY_NEEDED=false BLUESKY_DIR=$ROOT/.test/bluesky-testnet BLUESKY_INSTALL_PID="" BLUESKY_STATE=""

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
STEP_STARTED=0
step() { STEP_STARTED=$SECONDS; echo "==> $*"; }
step_done() { echo "    ${1:-ok} ($((SECONDS - STEP_STARTED))s)"; }
fail_step() { FAILED=$((FAILED + 1)); step_done "FAILED: $*"; }
# A setup step failed and nothing after it can run: count it once and stop.
STOP_REPORTED=false
abort() { fail_step "$@"; STOP_REPORTED=true; exit 1; }

# Shows each compiler/analyzer diagnostic of a log once, in order (MSBuild repeats them).
show_diagnostics() {
  local lines
  lines=$({ grep -E ': (error|warning) [A-Za-z0-9_]+:' "$1" || true; } | sed -E "s|$ROOT/||g; s| \[[^]]*/([^]/]+)\.csproj[^]]*\]$| [\1]|" | awk '!seen[$0]++')
  if [[ -z $lines ]]; then tail -n 30 "$1"; return; fi
  head -n 25 <<<"$lines"
  local count
  count=$(wc -l <<<"$lines")
  if ((count > 25)); then echo "    ... and $((count - 25)) more in ${1#"$ROOT"/}"; fi
}

# run_child LOG COMMAND...: runs COMMAND in the background with its output in LOG and waits
# for it, so that Ctrl-C or a TERM reaches the trap at once (bash defers traps while a
# foreground child runs) and the trap can stop it. The redirection stays on the child: a
# trap that ran inside a redirected function call would print into the log.
run_child() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 </dev/null 3>&- &
  CHILD_PID=$!
  local rc=0
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

# PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
as_postgres() {
  if is_root; then
    (cd "$PG_ROOT" && runuser -u postgres -- "$@") 3>&-
  else
    "$@" 3>&-
  fi
}

# A port is taken when something accepts a connection on it.
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while ! port_is_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
    if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then echo "$dir"; return 0; fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir)
    if [[ -x $dir/initdb && -x $dir/pg_ctl ]]; then echo "$dir"; return 0; fi
  fi
  return 1
}

# ---------------------------------------------------------------------------------------------
# Cleanup: runs on every exit (success, failure, Ctrl-C); prints the closing line last.
# ---------------------------------------------------------------------------------------------
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [[ -n $CHILD_PID ]]; then
    kill -TERM "$CHILD_PID" 2>/dev/null
    wait "$CHILD_PID" 2>/dev/null
  fi
  if [[ -n $MAILDEV_PID ]]; then
    kill -TERM "$MAILDEV_PID" 2>/dev/null
    wait "$MAILDEV_PID" 2>/dev/null
  fi
  if [[ -n $BLUESKY_INSTALL_PID ]]; then
    # Its own process group (setsid): npm, node-gyp and the compiler stop with it.
    kill -TERM -- -"$BLUESKY_INSTALL_PID" 2>/dev/null
    wait "$BLUESKY_INSTALL_PID" 2>/dev/null
  fi
  # Before PostgreSQL: the AppView and Ozone hold connections to it.
  [[ -n $BLUESKY_STATE ]] && "$ROOT/scripts/bluesky-testnet/down.sh" "$BLUESKY_STATE" >/dev/null 2>&1 3>&-
  if [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]]; then
    as_postgres "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -s >/dev/null 2>&1
  fi
  [[ -n $PG_ROOT ]] && rm -rf "$PG_ROOT"
  [[ -n $WORK_DIR ]] && rm -rf "$WORK_DIR"

  if [[ $FINISHED != true && $STOP_REPORTED != true ]]; then
    FAILED=$((FAILED + 1))
    echo "test.sh stopped early (exit code $rc); logs in .test/logs/" >&3
  fi
  local summary="$PASSED passed, $FAILED failed"
  if ((SKIPPED > 0)); then summary+=", $SKIPPED skipped"; fi
  echo "$summary" >&3
  if ((FAILED > 0)); then exit 1; fi
  exit 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 1. Install what is missing (only then; apt-get update once)
# ---------------------------------------------------------------------------------------------
install_missing() {
  local -a apt_packages=()
  find_pg_bin >/dev/null || apt_packages+=(postgresql)
  [[ -x $CHROMIUM ]] || apt_packages+=(chromium)
  # Chromium needs at least one font to render text in screenshots and layouts.
  [[ -d /usr/share/fonts/truetype/dejavu ]] || apt_packages+=(fonts-dejavu-core)
  command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)   # reads the TRX files
  command -v curl >/dev/null 2>&1 || apt_packages+=(curl)         # waits for maildev
  command -v npm >/dev/null 2>&1 || apt_packages+=(nodejs npm)
  if [[ $BLUESKY_NEEDED == true ]]; then
    # better-sqlite3, in the Bluesky test network, compiles from source.
    command -v make >/dev/null 2>&1 || apt_packages+=(make)
    command -v g++ >/dev/null 2>&1 || apt_packages+=(g++)
  fi

  if ((${#apt_packages[@]} > 0)); then
    step "installing ${apt_packages[*]}"
    if ! is_root; then
      abort "not root: install these Debian packages first: ${apt_packages[*]}"
    fi
    local log=$LOG_DIR/apt.log
    if ! {
      DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 "${apt_packages[@]}"
    } >"$log" 2>&1; then
      tail -n 20 "$log"
      abort "apt-get install (log: .test/logs/apt.log)"
    fi
    step_done
  fi

  # npm dev tools (maildev; nhsuk-frontend for scripts/update-nhsuk-frontend.sh), reinstalled
  # when package.json or package-lock.json changed since the last npm ci.
  local stamp=node_modules/.signpost-npm-ci lock_hash
  lock_hash=$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)
  if [[ ! -f $stamp || $(<"$stamp") != "$lock_hash" ]]; then
    step "npm ci"
    if ! npm ci --no-audit --no-fund --loglevel=error >"$LOG_DIR/npm.log" 2>&1; then
      tail -n 20 "$LOG_DIR/npm.log"
      abort "npm ci (log: .test/logs/npm.log)"
    fi
    echo "$lock_hash" >"$stamp"
    step_done
  fi
}

# ---------------------------------------------------------------------------------------------
# 2. Throwaway PostgreSQL on 127.0.0.1 (tests create and drop their own databases)
# ---------------------------------------------------------------------------------------------
start_postgres() {
  step "starting PostgreSQL"
  PG_BIN=$(find_pg_bin) || abort "no PostgreSQL server binaries found"
  PG_ROOT=$(mktemp -d /tmp/signpost-pg.XXXXXX)
  PG_DATA=$PG_ROOT/data
  local password log=$PG_ROOT/postgres.log
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$PG_ROOT/pwfile"
  if is_root; then chown -R postgres:postgres "$PG_ROOT"; fi

  # Unix socket: trust (only this user can reach the private directory); TCP: password.
  if ! as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$PG_ROOT/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync \
    >"$LOG_DIR/initdb.log" 2>&1; then
    tail -n 20 "$LOG_DIR/initdb.log"
    abort "initdb"
  fi
  rm -f "$PG_ROOT/pwfile"

  # Durability is pointless for a cluster deleted at exit; speed matters.
  local port=55432 attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port "$port")
    if as_postgres "$PG_BIN/pg_ctl" start -D "$PG_DATA" -w -t 60 -l "$log" -s \
      -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -k $PG_ROOT" \
      >>"$LOG_DIR/pg_ctl.log" 2>&1; then
      break
    fi
    # Another process may have taken the port between the check and the start.
    if ((attempt == 5)); then
      tail -n 20 "$log" 2>/dev/null || true
      abort "pg_ctl start"
    fi
    port=$((port + 1))
  done

  export SIGNPOST_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres;Include Error Detail=true"
  # Prove that the connection string works before any test depends on it.
  if ! PGPASSWORD=$password PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -h 127.0.0.1 -p "$port" \
    -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>"$LOG_DIR/psql.log"; then
    cat "$LOG_DIR/psql.log"
    abort "cannot connect to PostgreSQL on 127.0.0.1:$port"
  fi
  step_done "ok, 127.0.0.1:$port, $("$PG_BIN/postgres" --version)"
}

# ---------------------------------------------------------------------------------------------
# 3. maildev: an SMTP server that keeps what it receives, with an HTTP API for the tests
# ---------------------------------------------------------------------------------------------
start_maildev() {
  step "starting maildev"
  local smtp_port web_port log=$LOG_DIR/maildev.log
  smtp_port=$(free_port 51025)
  web_port=$(free_port 51080)
  [[ $web_port != "$smtp_port" ]] || web_port=$(free_port $((smtp_port + 1)))
  mkdir -p "$WORK_DIR/maildev"
  node_modules/.bin/maildev --ip 127.0.0.1 --web-ip 127.0.0.1 \
    --smtp "$smtp_port" --web "$web_port" --mail-directory "$WORK_DIR/maildev" \
    </dev/null >"$log" 2>&1 3>&- &
  MAILDEV_PID=$!

  local url=http://127.0.0.1:$web_port
  local deadline=$((SECONDS + 30))
  until curl -fsS -o /dev/null "$url/email" 2>/dev/null; do
    if ! kill -0 "$MAILDEV_PID" 2>/dev/null || ((SECONDS > deadline)); then
      tail -n 20 "$log"
      abort "maildev did not answer on $url"
    fi
    sleep 0.2
  done
  export SIGNPOST_TEST_SMTP_HOST=127.0.0.1
  export SIGNPOST_TEST_SMTP_PORT=$smtp_port
  export SIGNPOST_TEST_MAILDEV_URL=$url
  step_done "ok, SMTP 127.0.0.1:$smtp_port, web $url"
}

# ---------------------------------------------------------------------------------------------
# 3b. The Bluesky test network: PLC directory, PDS, AppView and Ozone from @atproto/dev-env
#    (scripts/bluesky-testnet/), on 127.0.0.1, for the Bluesky connector's end-to-end tests
# ---------------------------------------------------------------------------------------------

# npm ci into .test/bluesky-testnet when its lock file changed (about 90 s: better-sqlite3
# compiles), in the background while the solution builds.
install_bluesky() {
  local stamp=$BLUESKY_DIR/node_modules/.signpost-npm-ci lock_hash
  lock_hash=$(cat scripts/bluesky-testnet/package.json scripts/bluesky-testnet/package-lock.json | sha256sum | cut -d' ' -f1)
  if [[ -f $stamp && $(<"$stamp") == "$lock_hash" ]]; then return; fi
  step "installing the Bluesky test network (npm ci, in the background)"
  setsid scripts/bluesky-testnet/install.sh "$BLUESKY_DIR" >"$LOG_DIR/bluesky-install.log" 2>&1 </dev/null 3>&- &
  BLUESKY_INSTALL_PID=$!
  step_done "started"
}

# Starts the network on the throwaway PostgreSQL (its own database there) and exports the
# SIGNPOST_TEST_BLUESKY_* variables the tests read. A failure here fails the run but lets the
# other test projects run; the Bluesky tests then fail saying the network is missing (CI=true).
start_bluesky() {
  step "starting the Bluesky test network (PLC, PDS, AppView, Ozone)"
  if [[ -n $BLUESKY_INSTALL_PID ]]; then
    local rc=0
    wait "$BLUESKY_INSTALL_PID" || rc=$?
    BLUESKY_INSTALL_PID=""
    if ((rc != 0)); then
      tail -n 20 "$LOG_DIR/bluesky-install.log"
      fail_step "installing the Bluesky test network (log: .test/logs/bluesky-install.log)"
      return
    fi
  fi

  local pg_port="" pg_password=""
  [[ $SIGNPOST_TEST_POSTGRES =~ Port=([0-9]+) ]] && pg_port=${BASH_REMATCH[1]}
  [[ $SIGNPOST_TEST_POSTGRES =~ Password=([^\;]+) ]] && pg_password=${BASH_REMATCH[1]}
  if ! PGPASSWORD=$pg_password "$PG_BIN/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres \
    -Atqc 'CREATE DATABASE bluesky_testnet' >"$LOG_DIR/bluesky.log" 2>&1 3>&-; then
    cat "$LOG_DIR/bluesky.log"
    fail_step "could not create the Bluesky test network's database"
    return
  fi

  BLUESKY_STATE=$WORK_DIR/bluesky
  if ! run_child "$LOG_DIR/bluesky.log" env \
    "DB_POSTGRES_URL=postgresql://postgres:$pg_password@127.0.0.1:$pg_port/bluesky_testnet" \
    "BLUESKY_NETWORK_LOG=$LOG_DIR/bluesky-network.log" \
    scripts/bluesky-testnet/up.sh "$BLUESKY_STATE" "$BLUESKY_DIR"; then
    tail -n 20 "$LOG_DIR/bluesky.log"
    fail_step "the Bluesky test network did not start (logs: .test/logs/bluesky*.log)"
    return
  fi
  # shellcheck source=/dev/null
  source "$BLUESKY_STATE/env"
  step_done "ok, PDS $SIGNPOST_TEST_BLUESKY_PDS, AppView $SIGNPOST_TEST_BLUESKY_APPVIEW, Ozone $SIGNPOST_TEST_BLUESKY_OZONE"
}

# ---------------------------------------------------------------------------------------------
# 4. Build once (warnings as errors) and check formatting
# ---------------------------------------------------------------------------------------------
BUILD_OK=false
build() {
  step "building ($SOLUTION, $CONFIGURATION, warnings as errors)"
  local log=$LOG_DIR/build.log
  if run_child "$log" dotnet build "$SOLUTION" -c "$CONFIGURATION" -p:SignpostStrict=true \
    -nologo -v quiet -clp:NoSummary; then
    BUILD_OK=true
    step_done
  else
    show_diagnostics "$log"
    fail_step "build (full log: .test/logs/build.log)"
  fi
}

format_check() {
  step "checking formatting (dotnet format --verify-no-changes)"
  local log=$LOG_DIR/format.log
  if run_child "$log" dotnet format "$SOLUTION" --verify-no-changes --no-restore -v quiet; then
    step_done
  else
    show_diagnostics "$log"
    fail_step "format check: run 'dotnet format $SOLUTION' (log: .test/logs/format.log)"
  fi
}

# ---------------------------------------------------------------------------------------------
# 5. Tests: each project's built xunit v3 app, run directly, writing a TRX file
# ---------------------------------------------------------------------------------------------

# Prints "passed failed skipped" then, for each failed test, its name and first message lines.
parse_trx() {
  python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
root = ET.parse(sys.argv[1]).getroot()
passed = failed = skipped = 0
failures = []
for result in root.iterfind(".//t:Results/t:UnitTestResult", ns):
    outcome = result.get("outcome", "")
    if outcome == "Passed":
        passed += 1
    elif outcome in ("NotExecuted", "Inconclusive"):
        skipped += 1
    else:
        failed += 1
        message = result.findtext("t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns)
        lines = [line.rstrip() for line in message.strip().splitlines()][:8]
        failures.append((result.get("testName", "?"), lines))
print(passed, failed, skipped)
for name, lines in failures:
    print(f"      FAIL {name}")
    for line in lines:
        print(f"           {line}")
PY
}

run_test_app() {
  local project=$1 provider=$2
  local label=$project name=$project
  if [[ -n $provider ]]; then label="$project ($provider)"; name="$project-$provider"; fi
  step "$label"

  local dll
  dll=$(ls "tests/$project/bin/$CONFIGURATION"/*/"$project.dll" 2>/dev/null | head -n 1 || true)
  if [[ -z $dll ]]; then
    fail_step "tests/$project was not built (is it in $SOLUTION?)"
    return
  fi

  local out=$RESULTS_DIR/$name trx
  trx=$out/$name.trx
  mkdir -p "$out"
  local rc=0
  # xunit v3's in-process runner (what the app runs when not started by 'dotnet test').
  local -a with_env=(env -u SIGNPOST_TEST_PROVIDER)
  if [[ -n $provider ]]; then with_env=(env "SIGNPOST_TEST_PROVIDER=$provider"); fi
  run_child "$out/output.log" "${with_env[@]}" timeout -k 30 "$TEST_TIMEOUT_SECONDS" \
    dotnet "$dll" -noColor -noLogo -noAutoReporters -reporter quiet -result-trx "$trx" || rc=$?

  if [[ ! -s $trx ]]; then
    tail -n 30 "$out/output.log"
    if ((rc == 124)); then
      fail_step "timed out after ${TEST_TIMEOUT_SECONDS}s, no results"
    else
      fail_step "exited with code $rc, no results (log: ${out#"$ROOT"/}/output.log)"
    fi
    return
  fi

  local parsed counts p f s
  if ! parsed=$(parse_trx "$trx"); then
    fail_step "could not read ${trx#"$ROOT"/}"
    return
  fi
  counts=$(head -n 1 <<<"$parsed")
  read -r p f s <<<"$counts"
  PASSED=$((PASSED + p)) FAILED=$((FAILED + f)) SKIPPED=$((SKIPPED + s))
  tail -n +2 <<<"$parsed"

  local summary="$p passed, $f failed"
  ((s == 0)) || summary+=", $s skipped"
  ((p + f + s > 0)) || summary="no tests"
  if ((rc != 0 && f == 0)); then
    # The runner failed without a failed test (crash, timeout, bad argument): still a failure.
    tail -n 30 "$out/output.log"
    if ((rc == 124)); then summary+="; timed out after ${TEST_TIMEOUT_SECONDS}s"; fi
    fail_step "$summary; the runner exited with code $rc"
    return
  fi
  step_done "$summary"
}

run_tests() {
  local -a only=("$@")
  if [[ $BUILD_OK != true ]]; then
    echo "==> tests not run: the build failed"
    return
  fi
  local -A listed=()
  local -a runs=()
  local entry project providers provider

  for entry in "${TEST_MATRIX[@]}"; do
    read -r project providers <<<"$entry"
    listed[$project]=1
    runs+=("$project|$providers")
  done
  # Any project under tests/ that the matrix does not name runs once.
  local dir
  for dir in tests/*/; do
    project=$(basename "$dir")
    if [[ -f $dir/$project.csproj && -z ${listed[$project]:-} ]]; then runs+=("$project|"); fi
  done

  local run name
  for name in "${only[@]}"; do
    if [[ " ${runs[*]%%|*} " != *" $name "* ]]; then echo "==> $name: no such test project"; fi
  done
  for run in "${runs[@]}"; do
    project=${run%%|*}
    providers=${run#*|}
    if ((${#only[@]} > 0)) && [[ " ${only[*]} " != *" $project "* ]]; then continue; fi
    if [[ ! -d tests/$project ]]; then
      echo "==> $project: skipped, tests/$project does not exist yet"
      continue
    fi
    if [[ -z $providers ]]; then
      run_test_app "$project" ""
    else
      for provider in $providers; do run_test_app "$project" "$provider"; done
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------
TOTAL_STARTED=$SECONDS
WORK_DIR=$(mktemp -d /tmp/signpost-test.XXXXXX)
export SIGNPOST_CHROMIUM=$CHROMIUM

if (($# == 0)); then BLUESKY_NEEDED=true; fi
for name in "$@"; do
  if [[ " ${BLUESKY_TEST_PROJECTS[*]} " == *" $name "* ]]; then BLUESKY_NEEDED=true; fi
done

install_missing
if [[ $BLUESKY_NEEDED == true ]]; then install_bluesky; fi
start_postgres
start_maildev
build
format_check
if [[ $BLUESKY_NEEDED == true && $BUILD_OK == true ]]; then start_bluesky; fi
run_tests "$@"

echo "==> done in $((SECONDS - TOTAL_STARTED))s; results in .test/results/"
FINISHED=true
