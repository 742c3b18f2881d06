#!/usr/bin/env bash
# End-to-end throughput of `signpost check` and `signpost triage`, JSON included, and their peak
# memory at two input sizes (to show it stays flat), then alex over the same posts for reference.
#
#   bench/cli-throughput.sh [N]        N lines for the large run (default 1000000); the small run is 100000
#
# Env: SIGNPOST_BENCH_DIR (work directory, default a new temp dir), SIGNPOST_BENCH_THREADS (the CLI's
# --threads, default one per processor), ALEX_POSTS (posts given to alex, default 10000; 0 skips alex).
set -euo pipefail

large=${1:-1000000}
small=100000
alex_posts=${ALEX_POSTS:-10000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=${SIGNPOST_BENCH_DIR:-$(mktemp -d -t signpost-bench.XXXXXX)}
threads=${SIGNPOST_BENCH_THREADS:-$(nproc)}
mkdir -p "$work"

if [ ! -x /usr/bin/time ]; then
    echo "Installing GNU time (for peak memory)..."
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi

echo "Work directory: $work"
echo "Publishing the CLI (Release) and building the generator..."
dotnet publish "$root/src/Signpost.Cli" -c Release -o "$work/cli" --artifacts-path "$work/artifacts" -v quiet -nologo >"$work/build.log" 2>&1 \
    && dotnet build "$root/bench/Signpost.Bench" -c Release --artifacts-path "$work/artifacts" -v quiet -nologo >>"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
bench="$work/artifacts/bin/Signpost.Bench/release/Signpost.Bench"
cli="$work/cli/signpost"

for n in $small $large; do
    for kind in posts messages; do
        file="$work/$kind-$n.jsonl"
        [ -s "$file" ] || "$bench" --generate "$kind" "$n" "$file"
    done
done

echo
echo "Machine: $(nproc) processors, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg); CLI --threads $threads"
printf '%-8s %10s %10s %9s %12s %12s %14s\n' verb lines MB seconds lines/s "lines/cpu-s" "peak RSS MiB"

# run VERB FILE LINES: prints one row; sets $rate to lines per second.
run() {
    local verb=$1 file=$2 n=$3
    /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "$cli" "$verb" --input "$file" --threads "$threads" >"$work/out.jsonl" || {
        echo "signpost $verb exited with $? on $file" >&2
        exit 1
    }
    local out_lines
    out_lines=$(wc -l <"$work/out.jsonl")
    if [ "$out_lines" -ne "$n" ]; then
        echo "signpost $verb wrote $out_lines lines for $n" >&2
        exit 1
    fi
    read -r elapsed user sys rss_kb <"$work/time.txt"
    local mb
    mb=$(awk -v b="$(stat -c %s "$file")" 'BEGIN {printf "%.0f", b/1048576}')
    rate=$(awk -v n="$n" -v s="$elapsed" 'BEGIN {printf "%.0f", n/s}')
    local cpu_rate
    cpu_rate=$(awk -v n="$n" -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f", n/(u+s)}')
    printf '%-8s %10d %10s %9s %12s %12s %14.0f\n' "$verb" "$n" "$mb" "$elapsed" "$rate" "$cpu_rate" "$(awk -v k="$rss_kb" 'BEGIN {print k/1024}')"
}

for n in $small $large; do
    run check "$work/posts-$n.jsonl" "$n"
    run triage "$work/messages-$n.jsonl" "$n"
done

if [ "$alex_posts" -gt 0 ]; then
    echo
    if ! (cd "$root" && npx --no-install alex --version >/dev/null 2>&1); then
        echo "alex is not installed (npm install in $root); skipping the comparison."
        exit 0
    fi
    texts="$work/alex-texts"
    rm -rf "$texts"
    "$bench" --texts "$alex_posts" "$texts"
    "$bench" --generate posts "$alex_posts" "$work/posts-alex.jsonl"
    echo "The same $alex_posts posts: alex (one plain-text file per post) and signpost check (one JSON line per post)"
    start=$(date +%s.%N)
    (cd "$texts" && "$root/node_modules/.bin/alex" --text --quiet . >/dev/null 2>"$work/alex.txt") || true
    end=$(date +%s.%N)
    alex_rate=$(awk -v n="$alex_posts" -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", n/(b-a)}')
    alex_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b-a}')
    run check "$work/posts-alex.jsonl" "$alex_posts"
    same_rate=$rate
    echo "alex:     $alex_posts posts in $alex_seconds s = $alex_rate posts/s ($(grep -c 'warning' "$work/alex.txt" || true) warnings)"
    echo "signpost: $same_rate posts/s on the same posts, start-up included"
    awk -v s="$same_rate" -v a="$alex_rate" 'BEGIN {printf "ratio:    signpost check is %.0f times as fast as alex on the same posts\n", s/a}'
fi
