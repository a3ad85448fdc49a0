# Sourced by the deploy scripts: where Spark's jars are and how its JVMs are started.
# Everything can be overridden from the environment.

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$DEPLOY_DIR/.." && pwd)"

# A SPARK_HOME made of Maven jars only: `mvn -pl jobs -am package` fills jobs/target/spark-home/jars.
# Workers need SPARK_HOME/jars and SPARK_SCALA_VERSION to build the command line of each executor they launch.
export SPARK_HOME="${SPARK_HOME:-$REPO_DIR/jobs/target/spark-home}"
export SPARK_SCALA_VERSION="${SPARK_SCALA_VERSION:-2.13}"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# DJL offline, OpenMP passive, libtorch's buffers in glibc's heap (conf/native.env, declared once): for the JVMs
# these scripts start, Workers (whose executors inherit it) and bench-scaling.sh's trainings without Spark.
source "$DEPLOY_DIR/native-env.sh"

APP_JAR="${APP_JAR:-$REPO_DIR/jobs/target/meanflow.jar}"
JAVA="${JAVA:-java}"
DAEMON_MEMORY="${DAEMON_MEMORY:-512m}"

# The flags Spark needs on Java 17 (spark-submit adds them for the JVMs it starts; Master, Worker and a
# SparkSubmit run with plain `java` need them). Same list as ${spark.jvm.flags} in the parent pom.
# -XX:+IgnoreUnrecognizedVMOptions must stay first: --sun-misc-unsafe-memory-access is a JDK 23+ option.
SPARK_JVM_FLAGS=(
  -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled
  -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE
  --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED
)

# The CPUs this process may run on (its affinity, e.g. a container's cpuset), one id per line.
allowed_cpus() {
  local range
  for range in $(sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status | tr ',' ' '); do
    seq "${range%-*}" "${range#*-}"
  done
}

require_spark_home() {
  if [[ ! -d "$SPARK_HOME/jars" ]]; then
    echo "SPARK_HOME=$SPARK_HOME has no jars/ folder: run 'mvn -B -pl jobs -am package -DskipTests' first" >&2
    exit 2
  fi
}

# True when pid is alive and is a JVM running one of Spark's classes (guards against a recycled pid).
is_spark_pid() {
  local pid="$1"
  [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'org\.apache\.spark\.'
}
