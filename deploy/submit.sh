#!/usr/bin/env bash
# Submits the application jar to a Spark master the way spark-submit does (org.apache.spark.deploy.SparkSubmit
# run from the Maven dependency jars), in client or cluster deploy mode, and waits for the application to end.
#
#   deploy/submit.sh [-m MASTER] [-d client|cluster] [-p PROPERTIES_FILE] [-c key=value]... [-- APP_ARGS...]
#
# Without APP_ARGS nothing is guessed: pass the sweep command, e.g.
#   deploy/submit.sh -m "$(cat runs/cluster/master.url)" -- sweep "$PWD/conf/tiny.conf" --output "$PWD/runs/tiny"
# In cluster mode the driver runs inside a Worker, in that Worker's work dir: give absolute paths.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

usage() {
  cat >&2 <<USAGE
usage: submit.sh [-m MASTER] [-d client|cluster] [-p PROPERTIES_FILE] [-c key=value]... [-k CLASS] [-j APP_JAR]
                 [-J EXTRA_JARS] [-M DRIVER_MEMORY] -- APP_ARGS...
  -m MASTER       master URL (default: runs/cluster/master.url, else spark://127.0.0.1:7077)
  -d MODE         client (driver here, default) or cluster (driver inside a Worker)
  -p FILE         Spark properties file (default deploy/conf/local-cluster.conf)
  -c key=value    one more Spark setting (repeatable)
  -k CLASS        main class (default dev.meanflow.jobs.Main)
  -j APP_JAR      application jar (default jobs/target/meanflow.jar)
  -J JARS         comma-separated extra jars shipped to the driver and executors
  -M MEMORY       driver memory (default 1g)
USAGE
  exit 2
}

master="" mode=client props="$DEPLOY_DIR/conf/local-cluster.conf" class=dev.meanflow.jobs.Main
app_jar="$APP_JAR" extra_jars="" driver_memory=1g confs=()
while getopts "m:d:p:c:k:j:J:M:h" opt; do
  case "$opt" in
    m) master="$OPTARG" ;;
    d) mode="$OPTARG" ;;
    p) props="$OPTARG" ;;
    c) confs+=(--conf "$OPTARG") ;;
    k) class="$OPTARG" ;;
    j) app_jar="$OPTARG" ;;
    J) extra_jars="$OPTARG" ;;
    M) driver_memory="$OPTARG" ;;
    *) usage ;;
  esac
done
shift $((OPTIND - 1))
(( $# > 0 )) || usage
[[ "$mode" == client || "$mode" == cluster ]] || { echo "'$mode' in -d is invalid: must be client or cluster" >&2; exit 2; }
[[ -f "$props" ]] || { echo "'$props' in -p is invalid: no such properties file" >&2; exit 2; }
[[ -f "$app_jar" ]] || { echo "'$app_jar' in -j is invalid: no such jar (build it with mvn -pl jobs -am package)" >&2; exit 2; }
if [[ -z "$master" ]]; then
  if [[ -f runs/cluster/master.url ]]; then master="$(cat runs/cluster/master.url)"; else master=spark://127.0.0.1:7077; fi
fi
require_spark_home

args=(--master "$master" --deploy-mode "$mode" --class "$class" --properties-file "$props"
      --driver-memory "$driver_memory" "${confs[@]}")
[[ -n "$extra_jars" ]] && args+=(--jars "$extra_jars")
log_conf=()
if [[ "$mode" == client && -f "$REPO_DIR/conf/log4j2.properties" ]]; then
  # the driver is this JVM: Spark at WARN, so the sweep's own progress and summary are the output
  log_conf=(-Dlog4j2.configurationFile="$REPO_DIR/conf/log4j2.properties")
fi
if [[ "$mode" == cluster ]]; then
  # SparkSubmit returns as soon as the driver is accepted unless told to wait; its exit code then follows the driver
  args+=(--conf spark.standalone.submit.waitAppCompletion=true)
fi

# In client mode the driver is this JVM, so its heap is the driver memory.
exec "$JAVA" "${SPARK_JVM_FLAGS[@]}" -Xmx"$driver_memory" "${log_conf[@]}" -cp "$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.SparkSubmit "${args[@]}" "$app_jar" "$@"
