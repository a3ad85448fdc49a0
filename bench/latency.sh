#!/usr/bin/env bash
# What a user waits for, each command a fresh JVM through ./meanflow, on a fresh output root: the quick sweep
# (with --timings), its no-op rerun, summary, a one-shot sql, verify. Prints seconds next to the targets.
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
timed "quick sweep again (nothing to run)" "<= 4 s" ./meanflow sweep conf/quick.conf --output "$root"
timed "summary" "<= 4 s" ./meanflow summary --output "$root"
timed "sql, one statement" "<= 4 s" ./meanflow sql --output "$root" "SELECT count(*) FROM evals"
timed "verify" "-" ./meanflow verify "$root"
echo
grep -E "spark start-up|trials, wall|training, sum|evaluation, sum|landing|waited|trial end|summary  " "$log"
