#!/usr/bin/env bash
# The training step of sindiff (DJL) and of the same network in PyTorch eager, side by side:
# alternates `sindiff bench` and scripts/bench-vs-pytorch.py (DJL, PyTorch, PyTorch, DJL, ...)
# and prints one JSON line with every round's median step time, the medians over the rounds and
# the ratio DJL / PyTorch. See docs/performance.md, "Training step vs PyTorch".
#
#   scripts/bench-vs-pytorch.sh [--rounds 3] [--preset sindiffusion] [--size 96x128] [--batch 8]
#                               [--threads 2] [--warmup 2] [--repeat 4] [--same-malloc]
#                               [--max-isa AVX2]
#
# Needs Debian's python3-torch (apt-get install -y python3-torch), run with /usr/bin/python3
# (override with PYTHON=...). Both sides use the same thread count; each runs in its own process
# with its usual environment (sindiff through its launcher, PyTorch as a user would start it).
# --same-malloc gives PyTorch the launcher's glibc settings too (no mmap, no trim), so that the
# comparison is of the step alone, not of the allocators. --max-isa limits both sides' oneDNN
# (ONEDNN_MAX_CPU_ISA) and ATen kernels (ATEN_CPU_CAPABILITY, for AVX2) to an instruction set,
# to see how a machine without AVX-512 fares. The machine should be otherwise idle: on a shared
# machine run it under the shared lock, e.g. `flock /tmp/sindiff-cpu.lock scripts/bench-vs-pytorch.sh`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-/usr/bin/python3}"
rounds=3 preset=sindiffusion size=96x128 batch=8 threads=2 warmup=2 repeat=4 same_malloc=false max_isa=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --preset) preset="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --same-malloc) same_malloc=true; shift ;;
    --max-isa) max_isa="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "bench-vs-pytorch: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
"$python" -c 'import torch' 2>/dev/null || {
  echo "bench-vs-pytorch: $python cannot import torch; install Debian's python3-torch (apt-get install -y python3-torch)" >&2; exit 1; }

if [[ -n "$max_isa" ]]; then
  export ONEDNN_MAX_CPU_ISA="$max_isa"
  [[ "${max_isa,,}" == avx2* ]] && export ATEN_CPU_CAPABILITY=avx2
fi
torch_env=()
if [[ "$same_malloc" == true ]]; then  # the launcher's default (SINDIFF_MALLOC=glibc-nommap)
  torch_env=(MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000)
fi
common=(--preset "$preset" --size "$size" --batch "$batch" --warmup "$warmup" --repeat "$repeat")
djl=() torch=()
run_djl() {
  echo "bench-vs-pytorch: round $r/$rounds: sindiff (DJL)" >&2
  djl+=("$(SINDIFF_THREADS="$threads" "$root/scripts/sindiff" bench "${common[@]}" | tail -n 1)")
}
run_torch() {
  echo "bench-vs-pytorch: round $r/$rounds: PyTorch" >&2
  torch+=("$(env "${torch_env[@]}" "$python" "$root/scripts/bench-vs-pytorch.py" "${common[@]}" --threads "$threads" | tail -n 1)")
}
for ((r = 1; r <= rounds; r++)); do  # DJL first in odd rounds, PyTorch first in even ones
  if ((r % 2)); then run_djl; run_torch; else run_torch; run_djl; fi
done

"$python" - "$same_malloc" "${max_isa:-native}" "${#djl[@]}" "${djl[@]}" "${torch[@]}" <<'EOF'
import json, statistics, sys
same_malloc, isa, n = sys.argv[1] == "true", sys.argv[2], int(sys.argv[3])
djl = [json.loads(s) for s in sys.argv[4:4 + n]]
torch = [json.loads(s) for s in sys.argv[4 + n:]]
d = [r["train_step_s"] for r in djl]
t = [r["train_step_s"] for r in torch]
print(json.dumps({
    "preset": djl[0]["preset"], "height": djl[0]["height"], "width": djl[0]["width"], "batch": djl[0]["batch"],
    "threads": djl[0]["threads"], "rounds": n, "pytorch": torch[0]["engine"],
    "pytorch_same_malloc": same_malloc, "max_isa": isa,
    "djl_train_step_s": d, "pytorch_train_step_s": t,
    "djl_median_s": round(statistics.median(d), 4), "pytorch_median_s": round(statistics.median(t), 4),
    "ratio_djl_over_pytorch": round(statistics.median(d) / statistics.median(t), 3),
    "ratio_per_round": [round(a / b, 3) for a, b in zip(d, t)],
    "djl_denoiser_eval_s": [r["denoiser_eval_s"] for r in djl],
}))
EOF
