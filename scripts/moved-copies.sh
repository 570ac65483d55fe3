#!/usr/bin/env bash
# What diversity a kept layout leaves on an image (docs/layout.md, "What diversity a kept layout
# allows"): copies of the image rolled sideways at random and shifted up or down by at most D px,
# scored with sindiff's own diversity and layout distance; and the row-kept ceiling. One JSON
# line per D. See scripts/MovedCopies.java.
#
#   scripts/moved-copies.sh IMAGE [D,D,...] [COUNT] [DRAWS] [LONG_SIDE]
#   defaults: 0,4,8,12,16,20,24,32 8 20 128 (IMAGE area-resized as 'train' does, to fit 128 px: fast's size)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
image="${1:?usage: scripts/moved-copies.sh IMAGE [D,D,...] [COUNT] [DRAWS] [LONG_SIDE]}"
shifts="${2:-0,4,8,12,16,20,24,32}" count="${3:-8}" draws="${4:-20}" long="${5:-128}"
[[ -f "$image" ]] || die "image '$image' not found; give an image file (PNG or JPEG)"
[[ "$shifts" =~ ^[0-9]+(,[0-9]+)*$ ]] || die "shifts '$shifts' must be pixel counts separated by commas, e.g. 0,8,16"
[[ "$count" =~ ^[0-9]+$ && "$count" -ge 2 && "$draws" =~ ^[0-9]+$ && "$draws" -ge 1 && "$long" =~ ^[0-9]+$ && "$long" -ge 16 ]] \
  || die "COUNT must be at least 2, DRAWS at least 1 and LONG_SIDE at least 16"
JAVA_OPTS="-Xmx2g -Dai.djl.pytorch.num_threads=1" \
  java_source "$root/scripts/MovedCopies.java" "$image" "$count" "$draws" "$shifts" "$long"
