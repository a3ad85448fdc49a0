#!/usr/bin/env bash
# Scaling benchmark: the same sweep on a standalone cluster of 1 Worker, then of 2 Workers (1 core each), each
# cluster started fresh. Prints wall times and speedups (whole submission, and the trials phase that
# `sweep --timings` reports), and the per-run overheads found in the executor logs (executor JVM start to
# registration, application-jar fetch, libtorch engine load).
#
#   deploy/bench-scaling.sh [submit.sh options] -- APP_ARGS...   ({out} in APP_ARGS becomes a fresh output dir)
# e.g. deploy/bench-scaling.sh -- sweep "$PWD/deploy/conf/bench.conf" --output {out} --timings
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

submit_opts=()
while (( $# > 0 )) && [[ "$1" != "--" ]]; do submit_opts+=("$1"); shift; done
(( $# > 1 )) || { echo "usage: bench-scaling.sh [submit.sh options] -- APP_ARGS... ({out} = output dir)" >&2; exit 2; }
shift
app_args=("$@")

bench_dir="$(mktemp -d "${TMPDIR:-/tmp}/meanflow-bench.XXXXXX")"
current_run=""
cleanup() { [[ -n "$current_run" ]] && "$DEPLOY_DIR/stop-cluster.sh" "$current_run" 2>/dev/null || true; }
trap cleanup EXIT

# seconds between the first lines matching two patterns in a log4j file (HH:mm:ss timestamps, 1 s resolution)
log_gap() {
  local file="$1" from="$2" to="$3" a b
  a="$(grep -m1 "$from" "$file" | awk '{print $2}')" || true
  b="$(grep -m1 "$to" "$file" | awk '{print $2}')" || true
  [[ -n "$a" && -n "$b" ]] || { echo "?"; return; }
  echo $(( $(date -d "$b" +%s) - $(date -d "$a" +%s) ))
}

declare -A wall trials
for workers in 1 2; do
  current_run="$bench_dir/cluster-$workers"
  "$DEPLOY_DIR/start-cluster.sh" -p 0 -w "$workers" -c 1 "$current_run" >/dev/null
  out="$bench_dir/out-$workers"
  args=()
  for a in "${app_args[@]}"; do args+=("${a//\{out\}/$out}"); done
  start=$(date +%s.%N)
  "$DEPLOY_DIR/submit.sh" -m "$(cat "$current_run/master.url")" -c spark.cores.max="$workers" "${submit_opts[@]}" \
    -- "${args[@]}" >"$bench_dir/submit-$workers.log" 2>&1 \
    || { echo "submission on $workers worker(s) failed, log: $bench_dir/submit-$workers.log" >&2; exit 1; }
  wall[$workers]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  "$DEPLOY_DIR/stop-cluster.sh" "$current_run" 2>/dev/null
  current_run=""
  echo "== $workers worker(s): $(printf '%.1f' "${wall[$workers]}") s wall"
  sed -n '/^sweep overhead:/,/^  total/p' "$bench_dir/submit-$workers.log"
  trials[$workers]="$(awk '/trials(, | \()wall/ { print $3; exit }' "$bench_dir/submit-$workers.log")"
  for err in "$bench_dir/cluster-$workers"/worker-*/app-*/*/stderr; do
    echo "   $(basename "$(dirname "$err")"): executor JVM start->registered $(log_gap "$err" 'Started daemon' 'Successfully registered with driver') s," \
      "jar fetch $(log_gap "$err" 'Fetching spark://.*meanflow.jar' 'Adding file.*meanflow.jar') s," \
      "engine load $(log_gap "$err" 'Found matching platform' 'Number of intra-op threads') s"
  done
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "?" }'; }
printf '\n| workers | submission wall s | speedup | trials phase s | speedup |\n|---|---|---|---|---|\n'
printf '| 1 | %.1f | 1.00 | %s | 1.00 |\n' "${wall[1]}" "${trials[1]:-?}"
printf '| 2 | %.1f | %s | %s | %s |\n' "${wall[2]}" "$(ratio "${wall[1]}" "${wall[2]}")" "${trials[2]:-?}" \
  "$(ratio "${trials[1]:-0}" "${trials[2]:-0}")"
echo "(logs in $bench_dir)"
