#!/usr/bin/env bash
# Relay sampling against plain sampling on a large canvas of the shipped model: COUNT images per
# method at SIZE, their patch SWD ('sindiff eval'), sampling time and full-size denoiser
# evaluations per image. Prints one JSON line per method.
#   plain:        the default sampler (DPM-Solver++(2M), 20 Karras steps) at full size
#   relay:        --relay K (1/K size first, then the steps below --relay-strength at full size)
#   plain-short:  plain sampling with as many full-size steps as relay uses
# usage: scripts/bench-relay.sh [SIZE=256x1024] [COUNT=8] [K=2] [STRENGTH=0.5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
size="${1:-256x1024}"; count="${2:-8}"; k="${3:-2}"; strength="${4:-0.5}"
model="${MODEL:-models/hubble}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
run() { # name, then sample options
  local name="$1"; shift
  scripts/sindiff sample "$model" --size "$size" --count "$count" --out "$out/$name" --force "$@" >/dev/null 2>"$out/$name.log"
  local seconds full
  seconds=$(grep -o 'sampled [0-9]* image(s) in [0-9.]*' "$out/$name.log" | awk '{print $NF}')
  full=$(grep -o 'then dpm++2m(steps=[0-9]*' "$out/$name.log" | grep -o '[0-9]*$' || true)
  scripts/sindiff eval "$model" "$out/$name" --json --no-calibration 2>/dev/null > "$out/$name.json"
  python3 - "$name" "$seconds" "${full:-$STEPS_FULL}" "$count" "$out/$name.json" <<'PY'
import json, sys
name, seconds, full, count, path = sys.argv[1:]
r = json.load(open(path))
print(json.dumps({"method": name, "full_size_evaluations": int(full), "seconds_per_image": round(float(seconds) / int(count), 2),
                  "swd_mean": round(r["swd_mean"], 4), "swd_std": round(r["swd_std"], 4), "diversity": round(r["diversity"], 3),
                  "min_copy_distance": round(r["min_copy_distance"], 3)}))
PY
}
STEPS_FULL=20 run plain
run relay --relay "$k" --relay-strength "$strength"
relay_full=$(grep -o 'then dpm++2m(steps=[0-9]*' "$out/relay.log" | grep -o '[0-9]*$')
STEPS_FULL="$relay_full" run plain-short --steps "$relay_full"
