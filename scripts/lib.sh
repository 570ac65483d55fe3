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
# (built first when it is missing or older than the sources; SINDIFF_JAR: a frozen copy),
# offline, with the launcher's default malloc settings. JAVA_OPTS adds JVM options.
java_source() {
  local jar="${SINDIFF_JAR:-$root/target/sindiff.jar}"
  if [[ -z "${SINDIFF_JAR:-}" ]] && [[ ! -f "$jar" || -n "$(find "$root/pom.xml" "$root/src/main" -newer "$jar" -print -quit)" ]]; then
    (cd "$root" && mvn -q -B -DskipTests package >&2)
  fi
  local cache="${SINDIFF_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sindiff}"
  DJL_OFFLINE=true OPT_OUT_TRACKING=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$cache/djl}" \
    ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$cache/engine}" \
    MALLOC_ARENA_MAX=1 MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 \
    java ${JAVA_OPTS:-} -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" "$@" \
    2> >(grep -v -e "Failed to detect GPU count" >&2)
}
