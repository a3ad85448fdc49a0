#!/usr/bin/env bash
# Runs every test from a clean build. The report test drives headless Chromium: installed here when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing Debian's chromium for the report page test" >&2
  if [[ $(id -u) -eq 0 ]]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
mvn -B -f "$root/pom.xml" clean verify "$@"
