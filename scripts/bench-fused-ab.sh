#!/usr/bin/env bash
# The UNet's previous and new CPU paths compared inside one JVM, alternating step by step (the
# machine's drift then affects both alike); prints one JSON line per comparison. See
# docs/performance.md, "Training step vs PyTorch", and scripts/BenchFusedAb.java.
#
#   scripts/bench-fused-ab.sh [fused|channels-last|all] [PRESET] [HxW] [BATCH] [PAIRS]
#   defaults: all sindiffusion 96x128 8 6
#
# fused: previous ops (DJL's layer norm, x*sigmoid(x)) against libtorch's group_norm/silu, each
# in the memory order the machine gets; channels-last: the fused ops in NCHW against
# channels-last. Environment as the launcher's (offline, glibc-nommap, SINDIFF_THREADS or all
# cores). Run it alone on the machine (shared machine: `flock /tmp/sindiff-cpu.lock ...`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
what="${1:-all}" preset="${2:-sindiffusion}" size="${3:-96x128}" batch="${4:-8}" pairs="${5:-6}"
case "$what" in all) list=(fused channels-last) ;; fused|channels-last) list=("$what") ;;
  *) echo "bench-fused-ab: WHAT must be fused, channels-last or all" >&2; exit 2 ;; esac
for w in "${list[@]}"; do
  java_source "$root/scripts/BenchFusedAb.java" "$w" "$preset" "$size" "$batch" "$pairs"
done
