#!/usr/bin/env bash
# Spark resource discovery script for real GPU nodes (spark.worker.resource.gpu.discoveryScript, or
# spark.driver/executor.resource.gpu.discoveryScript on YARN and Kubernetes). Prints the CUDA indices of this
# node's GPUs as Spark expects: {"name":"gpu","addresses":["0","1",...]}.
# The indices are the ones DJL sees (Device.gpu(i)) as long as CUDA_VISIBLE_DEVICES is not set for executors.
set -euo pipefail
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo "gpu-discovery: nvidia-smi not found on $(hostname)" >&2
  exit 1
fi
indices="$(nvidia-smi --query-gpu=index --format=csv,noheader | tr -d ' ')"
addresses=""
for i in $indices; do
  addresses+="${addresses:+,}\"$i\""
done
echo "{\"name\":\"gpu\",\"addresses\":[$addresses]}"
