#!/usr/bin/env bash
# Resident memory over a training run with the random resize on (the real workload), sampled
# every 2 s from /proc; prints one JSON line: allocator, steps, seconds per step, peak and final
# RSS, and the RSS growth over the second half of the run (flat memory means ~0).
# usage: scripts/bench-memory.sh [STEPS] [PRESET] [MAX_SIZE]   (env SINDIFF_MALLOC picks the allocator)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-200}"; preset="${2:-small-shallow}"; size="${3:-128}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$root/scripts/sindiff" train "$root/samples/hubble_deep_field.jpg" --out "$work/run" --preset "$preset" \
  --max-size "$size" --batch 4 --steps "$steps" --checkpoint-every 50 --preview-every 100 >/dev/null 2>"$work/err" &
launcher=$!
start=$(date +%s.%N)
while kill -0 "$launcher" 2>/dev/null; do
  pid=$(pgrep -f "sindiff.jar train.*$work/run" | head -1 || true)
  if [[ -n "$pid" ]]; then
    rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null || true)
    done_steps=$(($(wc -l < "$work/run/loss.csv" 2>/dev/null || echo 1) - 1))
    [[ -n "$rss" ]] && echo "$(date +%s.%N) $done_steps $rss" >> "$work/samples"
  fi
  sleep 2
done
wait "$launcher" || { cat "$work/err" >&2; exit 1; }
end=$(date +%s.%N)
awk -v steps="$steps" -v start="$start" -v end="$end" -v alloc="${SINDIFF_MALLOC:-auto}" -v preset="$preset" '
  { t[NR]=$1; r[NR]=$3; if ($3>peak) peak=$3 }
  END {
    n=NR; h=int(n/2); if (h<1) h=1
    printf("{\"allocator\":\"%s\",\"preset\":\"%s\",\"steps\":%d,\"wall_s\":%.1f,\"peak_rss_mb\":%d,\"final_rss_mb\":%d,\"second_half_growth_mb\":%d}\n",
      alloc, preset, steps, end-start, peak/1024, r[n]/1024, (r[n]-r[h])/1024)
  }' "$work/samples"
[[ -n "${SHOW_SAMPLES:-}" ]] && cat "$work/samples" >&2 || true
