#!/usr/bin/env bash
# Test stand-in for gpu-discovery.sh on machines without a GPU: claims FAKE_GPU_COUNT GPUs (default 2), so Spark's
# GPU scheduling can be exercised. Trials assigned such a GPU find no CUDA device and fall back to the CPU.
set -euo pipefail
count="${FAKE_GPU_COUNT:-2}"
addresses=""
for ((i = 0; i < count; i++)); do
  addresses+="${addresses:+,}\"$i\""
done
echo "{\"name\":\"gpu\",\"addresses\":[$addresses]}"
