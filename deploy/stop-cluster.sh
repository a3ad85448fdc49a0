#!/usr/bin/env bash
# Stops the cluster that start-cluster.sh recorded in RUN_DIR: Workers (and the executor and driver JVMs they
# launched) first, then the Master. Only the recorded pids and their child processes are signalled.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

run_dir="${1:-runs/cluster}"
[[ -d "$run_dir" ]] || { echo "'$run_dir' is not a run dir of start-cluster.sh" >&2; exit 2; }

shopt -s nullglob
pid_files=("$run_dir"/worker-*.pid "$run_dir"/master.pid)
targets=()
for f in "${pid_files[@]}"; do
  pid="$(cat "$f")"
  if is_spark_pid "$pid"; then
    # executors and cluster-mode drivers are children of their Worker
    for child in $(pgrep -P "$pid" || true); do targets+=("$child"); done
    targets+=("$pid")
  fi
done

if (( ${#targets[@]} > 0 )); then
  kill -TERM "${targets[@]}" 2>/dev/null || true
  deadline=$((SECONDS + 15))
  while (( SECONDS < deadline )); do
    alive=()
    for pid in "${targets[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    (( ${#alive[@]} == 0 )) && break
    sleep 0.3
  done
  for pid in "${targets[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "stop-cluster: $pid ignored SIGTERM for 15 s, sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
fi
rm -f "${pid_files[@]}"
echo "stopped ${#targets[@]} process(es) of $run_dir" >&2
