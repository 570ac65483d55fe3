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
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
what="${1:-all}" preset="${2:-sindiffusion}" size="${3:-96x128}" batch="${4:-8}" pairs="${5:-6}"
jar="${SINDIFF_JAR:-$root/target/sindiff.jar}"
if [[ -z "${SINDIFF_JAR:-}" ]] && [[ ! -f "$jar" || -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit)" ]]; then
  (cd "$root" && mvn -q -B -DskipTests package >&2)
fi
export DJL_OFFLINE=true OPT_OUT_TRACKING=true
cache="${SINDIFF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sindiff}"
export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$cache/djl}" ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$cache/engine}"
export MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000
threads="${SINDIFF_THREADS:-$(nproc 2>/dev/null || echo 2)}"
case "$what" in all) list=(fused channels-last) ;; fused|channels-last) list=("$what") ;;
  *) echo "bench-fused-ab: WHAT must be fused, channels-last or all" >&2; exit 2 ;; esac
for w in "${list[@]}"; do
  java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$root/scripts/BenchFusedAb.java" \
    "$w" "$preset" "$size" "$batch" "$pairs" 2> >(grep -v -e "Failed to detect GPU count" >&2)
done
