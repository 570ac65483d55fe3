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
JAVA_OPTS="-Xmx2g -Dai.djl.pytorch.num_threads=1" \
  java_source "$root/scripts/MovedCopies.java" "$image" "$count" "$draws" "$shifts" "$long"
