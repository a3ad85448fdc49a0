#!/usr/bin/env bash
# What a user waits for, each command a fresh JVM through ./meanflow, on a fresh output root: the quick sweep
# (with --timings), its no-op rerun, summary, a one-shot sql, verify. Prints seconds next to the targets, each
# short command with the launcher's class archive and, as the baseline, without it (MEANFLOW_CDS=0); a one-shot sql
# answered by the root's query server and, as its baseline, in its own JVM (--server=off).
# Usage: bench/latency.sh [ROOT]   (ROOT must not exist; default: a new temporary folder)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="${1:-$(mktemp -d)/quick}"
./meanflow --version >/dev/null # build first, outside the timings
log="$(mktemp)"
timed() { # label, target, command...
  local label="$1" target="$2"; shift 2
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >>"$log" 2>&1
  t1=$(date +%s.%N)
  printf '%-34s %7.2f s   target %s\n' "$label" "$(echo "$t1 - $t0" | bc)" "$target"
}
echo "output root $root; $(nproc) cores; $(uptime | sed 's/.*load/load/')"
timed "quick sweep, fresh root" "-" ./meanflow sweep conf/quick.conf --output "$root" --timings
# the first run of a command after a build records its class archive: once each, outside the timings
./meanflow summary --output "$root" >>"$log" 2>&1
./meanflow sql --output "$root" "SELECT count(*) FROM evals" >>"$log" 2>&1 # also starts the query server
./meanflow verify "$root" >>"$log" 2>&1
until ./meanflow sql-server --status --output "$root" >>"$log" 2>&1; do sleep 1; done
short() { # label, target, command...: with the class archive, then without; prints the ratio
  local label="$1" target="$2"; shift 2
  local with without
  with="$(seconds "$@")"
  without="$(MEANFLOW_CDS=0 seconds "$@")"
  printf '%-34s %7.2f s   target %-8s (%.2f s without the class archive: %.2f x)\n' \
    "$label" "$with" "$target" "$without" "$(echo "$without / $with" | bc -l)"
}
seconds() {
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >>"$log" 2>&1
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
short "quick sweep again (nothing to run)" "<= 4 s" ./meanflow sweep conf/quick.conf --output "$root"
short "summary" "<= 4 s" ./meanflow summary --output "$root"
short "sql, one statement (server)" "<= 4 s" ./meanflow sql --output "$root" "SELECT count(*) FROM evals"
served="$(seconds ./meanflow sql --output "$root" "SELECT count(*) FROM evals")"
alone="$(seconds ./meanflow sql --server=off --output "$root" "SELECT count(*) FROM evals")"
printf '%-34s %7.2f s   target %-8s (%.2f s in its own JVM, --server=off: %.2f x)\n' \
  "sql, one statement (server)" "$served" "<= 4 s" "$alone" "$(echo "$alone / $served" | bc -l)"
./meanflow sql-server --stop --output "$root" >>"$log" 2>&1
short "verify" "-" ./meanflow verify "$root"
echo
grep -E "spark start-up|trials, wall|training, sum|evaluation, sum|landing|waited|trial end|summary  " "$log"
