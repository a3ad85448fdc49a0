#!/usr/bin/env bash
# Starts a standalone Spark cluster on 127.0.0.1: one Master and N Workers, each a separate JVM, built only from
# the Maven dependency jars (SPARK_HOME=jobs/target/spark-home). Records the pids in RUN_DIR and prints the
# master URL on stdout once every Worker has registered. Stop it with stop-cluster.sh RUN_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  cat >&2 <<USAGE
usage: start-cluster.sh [-w WORKERS] [-c CORES] [-P] [-m MEMORY] [-p PORT] [-g GPUS -s DISCOVERY_SCRIPT] [RUN_DIR]
  -w WORKERS   number of Worker JVMs (default 2)
  -c CORES     cores each Worker offers (default 1)
  -P           pin each Worker, and the executors it launches, to CORES CPUs of its own (taskset), as a
               container's cpuset would; needs WORKERS x CORES <= the CPUs available
  -m MEMORY    memory each Worker offers to executors (default 2g)
  -p PORT      master port, 0 = any free port (default 7077)
  -g GPUS      GPUs each Worker offers (spark.worker.resource.gpu.amount), with
  -s SCRIPT    the discovery script printing {"name":"gpu","addresses":[...]}
  RUN_DIR      pids, logs and work dirs (default runs/cluster)
USAGE
  exit 2
}

workers=2 cores=1 pin=false memory=2g port=7077 gpus=0 discovery=""
while getopts "w:c:Pm:p:g:s:h" opt; do
  case "$opt" in
    w) workers="$OPTARG" ;;
    c) cores="$OPTARG" ;;
    P) pin=true ;;
    m) memory="$OPTARG" ;;
    p) port="$OPTARG" ;;
    g) gpus="$OPTARG" ;;
    s) discovery="$OPTARG" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
run_dir="${1:-runs/cluster}"
[[ "$workers" =~ ^[1-9][0-9]?$ ]] || { echo "'$workers' in -w is invalid: must be in [1, 99]" >&2; exit 2; }
[[ "$cores" =~ ^[1-9][0-9]*$ ]] || { echo "'$cores' in -c is invalid: must be a positive integer" >&2; exit 2; }
[[ "$port" =~ ^[0-9]+$ ]] || { echo "'$port' in -p is invalid: must be a port number or 0" >&2; exit 2; }
[[ "$gpus" =~ ^[0-9]+$ ]] || { echo "'$gpus' in -g is invalid: must be a non-negative integer" >&2; exit 2; }
if (( gpus > 0 )) && [[ ! -x "$discovery" ]]; then
  echo "'$discovery' in -s is invalid: -g needs an executable discovery script" >&2
  exit 2
fi
mapfile -t cpus < <(allowed_cpus)
if [[ "$pin" == true ]] && (( workers * cores > ${#cpus[@]} )); then
  echo "-P with -w $workers -c $cores is invalid: needs $((workers * cores)) CPUs, only" \
    "${#cpus[@]} are available" >&2
  exit 2
fi
require_spark_home
if [[ -e "$run_dir/master.pid" ]]; then
  echo "$run_dir already holds a cluster (master.pid): stop it first with stop-cluster.sh $run_dir" >&2
  exit 2
fi
mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"

# Waits until FILE contains PATTERN; fails if PID dies or TIMEOUT seconds pass.
wait_for_log() {
  local file="$1" pattern="$2" pid="$3" timeout="$4"
  local deadline=$((SECONDS + timeout))
  until grep -q "$pattern" "$file" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid died before '$pattern' appeared in $file:" >&2
      tail -20 "$file" >&2 || true
      return 1
    fi
    if (( SECONDS >= deadline )); then
      echo "timed out after ${timeout}s waiting for '$pattern' in $file" >&2
      return 1
    fi
    sleep 0.5
  done
}

fail() {
  echo "start-cluster: $1; stopping what was started" >&2
  "$DEPLOY_DIR/stop-cluster.sh" "$run_dir" >&2 || true
  exit 1
}

nohup "$JAVA" "${SPARK_JVM_FLAGS[@]}" -Xmx"$DAEMON_MEMORY" -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
  >"$run_dir/master.log" 2>&1 </dev/null &
echo $! >"$run_dir/master.pid"
wait_for_log "$run_dir/master.log" "Starting Spark master at spark://" "$(cat "$run_dir/master.pid")" 60 \
  || fail "the Master did not start"
master_url="$(grep -o 'Starting Spark master at spark://[0-9.]*:[0-9]*' "$run_dir/master.log" | head -1 | sed 's/.* at //')"
echo "$master_url" >"$run_dir/master.url"

worker_conf=()
if (( gpus > 0 )); then
  worker_conf=(-Dspark.worker.resource.gpu.amount="$gpus" -Dspark.worker.resource.gpu.discoveryScript="$discovery")
fi
for i in $(seq 1 "$workers"); do
  mkdir -p "$run_dir/worker-$i"
  # Without a pin, a "1-core" executor still runs its JIT and GC threads on every CPU of the machine.
  pin_cmd=()
  if [[ "$pin" == true ]]; then
    own="${cpus[*]:$(( (i - 1) * cores )):$cores}"
    pin_cmd=(taskset -c "${own// /,}")
  fi
  nohup "${pin_cmd[@]}" "$JAVA" "${SPARK_JVM_FLAGS[@]}" -Xmx"$DAEMON_MEMORY" "${worker_conf[@]}" \
    -cp "$SPARK_HOME/jars/*" \
    org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" \
    --work-dir "$run_dir/worker-$i" --webui-port 0 "$master_url" \
    >"$run_dir/worker-$i.log" 2>&1 </dev/null &
  echo $! >"$run_dir/worker-$i.pid"
done
for i in $(seq 1 "$workers"); do
  wait_for_log "$run_dir/worker-$i.log" "Successfully registered with master" "$(cat "$run_dir/worker-$i.pid")" 90 \
    || fail "worker $i did not register"
done
echo "$master_url"
