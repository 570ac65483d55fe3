# Shared by the experiment scripts (source it): the sindiff launcher, running a script from the
# repository root, and the "sample, then evaluate into a CSV" step that quality-curve.sh and
# folder-experiment.sh both take after training.
#   usage: source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sindiff="$root/scripts/sindiff"

# die MESSAGE: one error line on stderr, exit code 2 (bad input), as sindiff itself does.
die() {
  echo "error: $*" >&2
  exit 2
}

# require_tool NAME: fail with one line when a program the script needs is missing.
require_tool() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is needed (e.g. apt-get install $1)"
}

# sample_and_eval RUN SAMPLES CSV LABEL COUNT [sample options...]: COUNT samples of RUN into the
# folder SAMPLES (replaced), then one row of their patch SWD, diversity and copy distance
# appended to CSV under LABEL. The sample summary goes to SAMPLES.json.
sample_and_eval() {
  local run="$1" samples="$2" csv="$3" label="$4" count="$5"
  shift 5
  "$sindiff" sample "$run" --out "$samples" --count "$count" --force --json "$@" >"$samples.json"
  "$sindiff" eval "$run" "$samples" --csv "$csv" --label "$label" --no-calibration >&2
}

# java_source FILE [ARGS...]: runs a single-file Java program of scripts/ on the sindiff jar
# through the launcher (the same build-if-stale, SINDIFF_JAR, offline and SINDIFF_MALLOC setup).
# JAVA_OPTS replaces the launcher's JVM options (SINDIFF_JAVA_OPTS).
java_source() {
  SINDIFF_JAVA_OPTS="${JAVA_OPTS:-${SINDIFF_JAVA_OPTS:--Xmx4g}}" "$sindiff" "$@" 2> >(grep -v -e "Failed to detect GPU count" >&2)
}
