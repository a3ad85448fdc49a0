#!/usr/bin/env bash
# Exports the settings of conf/native.env that the environment does not set already. Sourced by ./meanflow,
# deploy/env.sh and deploy/jvm/bin/java (the test JVMs' launcher).
while IFS='=' read -r native_key native_value; do
  [[ -z "$native_key" || "$native_key" == \#* ]] && continue
  if [[ -z "${!native_key:-}" ]]; then export "$native_key=$native_value"; fi
done <"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/conf/native.env"
unset native_key native_value
