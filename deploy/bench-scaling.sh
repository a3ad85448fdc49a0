#!/usr/bin/env bash
# Scaling benchmark: the same sweep on a standalone cluster of 1 Worker, then of 2 Workers (1 core each), each run
# on a fresh cluster. The pair is repeated ROUNDS times, alternating, and speedups come from the medians: the cores
# of a shared cloud machine vary by 10% from one minute to the next.
#
# Workers are pinned to CPUs of their own (start-cluster.sh -P) so that "1 core" means one core: unpinned, the lone
# executor of the 1-Worker run also gets the idle core for its JIT and GC threads, which no executor of the
# 2-Worker run has, and the baseline is not a 1-core baseline. -U runs unpinned, for comparison.
#
# Prints each run (wall, trials phase and training sum from `sweep --timings`, per-executor start-up costs from the
# executor logs), then the medians, the speedups, and the training slowdown: how much slower the same trials train
# when both cores train, which bounds the trials-phase speedup at 2 / slowdown before any Spark overhead.
#
# With -t, first the machine's own ceiling, without Spark: `meanflow train TRAIN_ARGS` (one trial of the grid) timed
# alone on the first CPU, alone on the second, then on both at once, each pinned, in executor-like JVMs. The 1-Worker
# run trains on the first CPU, so the work both do at once, in units of the first alone, is the best speedup this
# machine allows now.
#
#   deploy/bench-scaling.sh [-r ROUNDS] [-U] [-t TRAIN_ARGS] [submit.sh options] -- APP_ARGS...
#   ({out} in APP_ARGS becomes a fresh output dir), e.g.
# deploy/bench-scaling.sh -t "--flow fm --iterations 40000 --batch 256 --width 32 --depth 2 --eval-steps 1" \
#   -- sweep "$PWD/deploy/conf/bench.conf" --output {out} --timings
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  echo "usage: bench-scaling.sh [-r ROUNDS] [-U] [-t TRAIN_ARGS] [submit.sh options] -- APP_ARGS..." \
    "({out} = output dir)" >&2
  exit 2
}

rounds=2 pin=(-P) train_args="" submit_opts=()
while (( $# > 0 )) && [[ "$1" != "--" ]]; do
  case "$1" in
    -r) (( $# > 1 )) || usage; rounds="$2"; shift 2 ;;
    -U) pin=(); shift ;;
    -t) (( $# > 1 )) || usage; train_args="$2"; shift 2 ;;
    *) submit_opts+=("$1"); shift ;;
  esac
done
[[ "$rounds" =~ ^[1-9]$ ]] || { echo "'$rounds' in -r is invalid: must be in [1, 9]" >&2; exit 2; }
(( $# > 1 )) || usage
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
# the seconds on the first `sweep --timings` line that starts with "  <label>" (lines end in "<seconds> s")
timing() { awk -v label="$2" 'index($0, label) == 3 { print $(NF - 1); exit }' "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "?" }'; }

# One `meanflow train` pinned to CPU $1, in a JVM set up like an executor of conf/local-cluster.conf (768 MB heap,
# one torch thread); prints its training seconds.
train_on_cpu() {
  local log="$bench_dir/train-cpu$1-$2.log"
  # shellcheck disable=SC2086 # TRAIN_ARGS is a space-separated option list by design
  OMP_NUM_THREADS=1 taskset -c "$1" "$JAVA" "${SPARK_JVM_FLAGS[@]}" -Xmx768m -cp "$APP_JAR:$SPARK_HOME/jars/*" \
    dev.meanflow.jobs.Main train $train_args --threads 1 >"$log" 2>&1 \
    || { echo "train on CPU $1 failed, log: $log" >&2; return 1; }
  grep -o 'iterations in [0-9.]* s' "$log" | awk '{ print $3 }'
}
if [[ -n "$train_args" ]]; then
  # the first two CPUs start-cluster.sh -P pins Workers 1 and 2 to
  mapfile -t cpus < <(allowed_cpus)
  (( ${#cpus[@]} >= 2 )) || { echo "-t needs 2 CPUs, only ${#cpus[@]} are available" >&2; exit 2; }
  c0="${cpus[0]}" c1="${cpus[1]}"
  alone0="$(train_on_cpu "$c0" alone)" alone1="$(train_on_cpu "$c1" alone)"
  train_on_cpu "$c0" pair >"$bench_dir/pair0" & pair0_pid=$!
  pair1="$(train_on_cpu "$c1" pair)"
  wait "$pair0_pid"
  pair0="$(cat "$bench_dir/pair0")"
  echo "machine ceiling, no Spark (train $train_args): CPU $c0 alone ${alone0} s, CPU $c1 alone ${alone1} s;" \
    "both at once ${pair0} s + ${pair1} s -> $(awk -v a="$alone0" -v p="$pair0" -v q="$pair1" \
    'BEGIN { printf "%.2f", a / p + a / q }') x the work of CPU $c0 alone"
fi

declare -A wall trials train
printf '| run | workers | submission wall s | trials phase s | training sum s |\n|---|---|---|---|---|\n' \
  >"$bench_dir/runs.md"
for round in $(seq 1 "$rounds"); do
  for workers in 1 2; do
    run="$round-$workers"
    current_run="$bench_dir/cluster-$run"
    "$DEPLOY_DIR/start-cluster.sh" -p 0 -w "$workers" -c 1 "${pin[@]}" "$current_run" >/dev/null
    out="$bench_dir/out-$run"
    args=()
    for a in "${app_args[@]}"; do args+=("${a//\{out\}/$out}"); done
    log="$bench_dir/submit-$run.log"
    start=$(date +%s.%N)
    "$DEPLOY_DIR/submit.sh" -m "$(cat "$current_run/master.url")" -c spark.cores.max="$workers" \
      "${submit_opts[@]}" -- "${args[@]}" >"$log" 2>&1 \
      || { echo "submission on $workers worker(s) failed, log: $log" >&2; exit 1; }
    wall[$run]=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    "$DEPLOY_DIR/stop-cluster.sh" "$current_run" 2>/dev/null
    current_run=""
    trials[$run]="$(timing "$log" "trials, wall")"
    train[$run]="$(timing "$log" "  training, sum")"
    echo "== round $round, $workers worker(s): ${wall[$run]} s wall"
    sed -n '/^sweep overhead:/,/^  total/p' "$log"
    for err in "$bench_dir/cluster-$run"/worker-*/app-*/*/stderr; do
      echo "   executor $(basename "$(dirname "$err")"):" \
        "JVM start->registered $(log_gap "$err" 'Started daemon' 'Successfully registered with driver') s," \
        "jar fetch $(log_gap "$err" 'Fetching spark://.*meanflow.jar' 'Adding file.*meanflow.jar') s," \
        "engine load $(log_gap "$err" 'Found matching platform' 'Number of intra-op threads') s"
    done
    printf '| %d | %d | %s | %s | %s |\n' "$round" "$workers" "${wall[$run]}" "${trials[$run]:-?}" \
      "${train[$run]:-?}" >>"$bench_dir/runs.md"
  done
done

# median over the rounds of one measure (the name of an array above) for one worker count
median_of() {
  local -n values="$1"
  local r v=()
  for r in $(seq 1 "$rounds"); do v+=("${values[$r-$2]:-0}"); done
  median "${v[@]}"
}
mw=() mt=() ms=()
for w in 1 2; do
  mw[$w]="$(median_of wall "$w")" mt[$w]="$(median_of trials "$w")" ms[$w]="$(median_of train "$w")"
done
echo
cat "$bench_dir/runs.md"
printf '\nmedians over %d round(s), workers %s:\n\n' "$rounds" "$([[ ${#pin[@]} -gt 0 ]] && echo pinned || echo unpinned)"
printf '| workers | submission wall s | speedup | trials phase s | speedup | training sum s |\n|---|---|---|---|---|---|\n'
printf '| 1 | %s | 1.00 | %s | 1.00 | %s |\n' "${mw[1]}" "${mt[1]}" "${ms[1]}"
printf '| 2 | %s | %s | %s | %s | %s |\n' "${mw[2]}" "$(ratio "${mw[1]}" "${mw[2]}")" "${mt[2]}" \
  "$(ratio "${mt[1]}" "${mt[2]}")" "${ms[2]}"
per_round=()
for r in $(seq 1 "$rounds"); do per_round+=("$(ratio "${trials[$r-1]:-0}" "${trials[$r-2]:-0}")"); done
echo
echo "trials-phase speedup of each round: ${per_round[*]}"
slowdown="$(ratio "${ms[2]}" "${ms[1]}")"
echo "training slowdown with both cores busy: ${slowdown}x, so the trials phase can reach at most" \
  "$(awk -v s="$slowdown" 'BEGIN { if (s > 0) printf "%.2f", 2 / s; else print "?" }') before any Spark overhead"
echo "(logs in $bench_dir)"
