#!/usr/bin/env bash
# Build micro/target/benchmarks.jar if stale, run JMH with a preset, write JMH JSON.
# ./jmh.sh --help for usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/micro/target/benchmarks.jar"
PROG="./jmh.sh"

usage() {
  cat <<EOF
Usage: $PROG [options] [--] [JMH args...]

Runs the JMH microbenchmarks of cpbench (micro/). Builds micro/target/benchmarks.jar
first if it is missing or older than any file under fixtures/src, micro/src or any
pom.xml, runs JMH with a preset, and always writes JMH JSON results.

Options:
  --full               Full preset (the default).
  --quick              Quick preset: a developer's smoke check, seconds per benchmark.
  --smoke              Smoke preset: proves every benchmark runs (tests and CI).
  --rebuild            Build the jar even if it is up to date.
  --no-build           Use the existing jar as is (error if it is missing).
  --results-dir DIR    Where to write the JSON (default: results/jmh/ under the repo root).
  --jvm PATH           Java to run JMH with; also passed to JMH as -jvm PATH for the forks
                       (default: \$JAVA_HOME/bin/java if JAVA_HOME is set, else java).
  -h, --help           Show this help.
  --                   End of options: everything after it goes to JMH verbatim.

Other arguments go to JMH: benchmark regexps and JMH options (-p, -t, -bm, -e,
-jvmArgsAppend, ...). Put JMH arguments whose values start with '--' after '--'.

Presets (every preset also adds -prof gc for gc.alloc.rate.norm, B/op, -foe true and
-jvmArgsAppend "-Xms1g -Xmx1g", a fixed heap for steadier runs):
  full    -f 3 -wi 3 -w 2s -i 5 -r 2s
  quick   -f 1 -wi 1 -w 1s -i 2 -r 1s
  smoke   -f 1 -wi 0 -i 1 -r 100ms
JMH options -f, -wi, -w, -i, -r, -foe and -prof gc given in the JMH args replace the
preset's value; any -jvmArgs, -jvmArgsAppend or -jvmArgsPrepend replaces the preset's
heap. -rf and -rff are refused: this script owns the result file.

Results:
  <results-dir>/<UTC yyyymmddTHHMMSSZ>-<git short commit[-dirty] | nogit>-<preset>.json
  The path is printed after the run; JMH prints its usual table itself.
  The exit code is JMH's.

List commands (-l, -lp, -lrf, -lprof, and JMH's -h after '--') run without the
preset and result flags.

Examples:
  $PROG --quick
  $PROG EnvelopeBenchmark -p payloadBytes=1024
  $PROG 'EnvelopeBenchmark.decrypt\$|AesGcmBenchmark.decrypt' -p payloadBytes=1024
  $PROG --smoke --no-build
  $PROG -l                       # list the benchmarks

JMH's own help: java -jar micro/target/benchmarks.jar -h
EOF
}

die() { echo "jmh.sh: $*" >&2; exit 2; }
bad_usage() { echo "jmh.sh: $*; see $PROG --help" >&2; exit 2; }

# ---- parse arguments --------------------------------------------------------
preset=""
build="auto"          # auto | always | never
results_dir="$ROOT/results/jmh"
jvm=""
jmh_args=()

set_preset() {
  if [[ -n "$preset" && "$preset" != "$1" ]]; then
    bad_usage "--$preset and --$1 are mutually exclusive"
  fi
  preset="$1"
}
set_build() {
  if [[ "$build" != "auto" && "$build" != "$1" ]]; then
    bad_usage "--rebuild and --no-build are mutually exclusive"
  fi
  build="$1"
}

# JMH 1.37 options that take a value as the next argument (java -jar benchmarks.jar -h).
takes_value() {
  case "$1" in
    -bm|-bs|-e|-f|-foe|-gc|-i|-jvm|-jvmArgs|-jvmArgsAppend|-jvmArgsPrepend|-o|-opi|-p|-prof|\
    -r|-rf|-rff|-si|-t|-tg|-to|-tu|-v|-w|-wbs|-wf|-wi|-wm|-wmb) return 0 ;;
    *) return 1 ;;
  esac
}

while (($#)); do
  arg="$1"; shift
  case "$arg" in
    --) jmh_args+=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    --full)  set_preset full ;;
    --quick) set_preset quick ;;
    --smoke) set_preset smoke ;;
    --rebuild)  set_build always ;;
    --no-build) set_build never ;;
    --results-dir) (($#)) || bad_usage "--results-dir needs a directory"; results_dir="$1"; shift ;;
    --results-dir=*) results_dir="${arg#*=}" ;;
    --jvm) (($#)) || bad_usage "--jvm needs a path"; jvm="$1"; shift ;;
    --jvm=*) jvm="${arg#*=}" ;;
    --*) bad_usage "unknown option '$arg'" ;;
    -?*)
      jmh_args+=("$arg")
      # Pass a JMH option's value through untouched, even if it starts with '--'.
      if takes_value "$arg" && (($#)); then
        jmh_args+=("$1"); shift
      fi
      ;;
    *) jmh_args+=("$arg") ;;
  esac
done
preset="${preset:-full}"
[[ -n "$results_dir" ]] || bad_usage "--results-dir needs a directory"

# ---- inspect the JMH args ---------------------------------------------------
# user_sets[opt]=1 when the user gave that option (so the preset's value is dropped).
declare -A user_sets=()
list_mode=false
user_jvm=false
n=${#jmh_args[@]}
for ((k = 0; k < n; k++)); do
  a="${jmh_args[k]}"
  case "$a" in
    -l|-lp|-lrf|-lprof|-h) list_mode=true; continue ;;
    -rf|-rff|-rf=*|-rff=*) die "the script owns the result file ($a); use --results-dir DIR" ;;
    -jvm|-jvm=*) user_jvm=true ;;
  esac
  name="${a%%=*}"
  case "$name" in
    -f|-wi|-w|-i|-r|-foe) user_sets[$name]=1 ;;
    -jvmArgs|-jvmArgsAppend|-jvmArgsPrepend) user_sets[-jvmArgsAppend]=1 ;;   # the user sizes the JVM
    -prof)
      if [[ "$a" == *=* ]]; then v="${a#*=}"; else v="${jmh_args[k + 1]:-}"; fi
      case "$v" in gc|gc:*|org.openjdk.jmh.profile.GCProfiler*) user_sets[-prof]=1 ;; esac
      ;;
  esac
  # Attached values for one-letter options, e.g. -f1, -i5, -r2s.
  [[ "$a" =~ ^-(f|i|w|r)[0-9] ]] && user_sets[-${BASH_REMATCH[1]}]=1
  # Skip the value of an option that takes one.
  if takes_value "$a"; then ((k += 1)); fi
done
if [[ -n "$jvm" && "$user_jvm" == true ]]; then
  bad_usage "give the JVM once: --jvm PATH (it also sets JMH's -jvm)"
fi

# ---- Java -------------------------------------------------------------------
if [[ -n "$jvm" ]]; then
  java="$jvm"
elif [[ -n "${JAVA_HOME:-}" ]]; then
  java="$JAVA_HOME/bin/java"
else
  java="java"
fi
if ! command -v "$java" >/dev/null 2>&1; then
  die "Java not found or not executable: $java"
fi

# ---- build if stale ---------------------------------------------------------
SCRIPT=jmh.sh
# shellcheck source=scripts/build-if-stale.sh
. "$ROOT/scripts/build-if-stale.sh"
build_if_stale "$ROOT" micro "$JAR" "$build"

# ---- list commands: no preset, no result file ---------------------------------
if [[ "$list_mode" == true ]]; then
  rc=0
  "$java" -jar "$JAR" "${jmh_args[@]}" || rc=$?
  exit "$rc"
fi

# ---- preset flags -------------------------------------------------------------
case "$preset" in
  full)  preset_args=(-f 3 -wi 3 -w 2s -i 5 -r 2s) ;;
  quick) preset_args=(-f 1 -wi 1 -w 1s -i 2 -r 1s) ;;
  smoke) preset_args=(-f 1 -wi 0 -i 1 -r 100ms) ;;
esac
# A fixed 1 GiB heap: forks reuse memory they have touched. With the default heap (1/4 of RAM) short runs
# of the 256 KiB benchmarks were at times 20-30x slower on this project's VM, and never with a fixed heap.
preset_args+=(-prof gc -foe true -jvmArgsAppend "-Xms1g -Xmx1g")

run_args=()
for ((k = 0; k < ${#preset_args[@]}; k += 2)); do
  opt="${preset_args[k]}"
  [[ -n "${user_sets[$opt]:-}" ]] || run_args+=("$opt" "${preset_args[k + 1]}")
done

# ---- result file ----------------------------------------------------------------
git_id="nogit"
if command -v git >/dev/null 2>&1 \
   && short="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"; then
  git_id="$short"
  if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    git_id="$git_id-dirty"
  fi
fi
mkdir -p "$results_dir"
results_dir="$(cd "$results_dir" && pwd)"
result_file="$results_dir/$(date -u +%Y%m%dT%H%M%SZ)-$git_id-$preset.json"

run_args+=(-rf json -rff "$result_file")
[[ -z "$jvm" ]] || run_args+=(-jvm "$jvm")

# ---- run ------------------------------------------------------------------------
rc=0
"$java" -jar "$JAR" "${run_args[@]}" "${jmh_args[@]}" || rc=$?

if [[ -s "$result_file" ]]; then
  echo
  "$java" -cp "$JAR" dev.cpbench.micro.ResultTable "$result_file" || true
  echo "JMH results: $result_file"
else
  echo "jmh.sh: JMH wrote no result file (exit code $rc)" >&2
fi
exit "$rc"
