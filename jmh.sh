#!/usr/bin/env bash
# Build micro/target/benchmarks.jar if stale, run JMH with a preset, write JMH JSON.
# ./jmh.sh --help for usage.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/micro/target/benchmarks.jar"
# cpbench-micro: the tools this script hands off to (run, compare, record, trend, table)
CLI=dev.cpbench.micro.cli.MicroCli
PROG="./jmh.sh"

usage() {
  cat <<EOF
Usage: $PROG [options] [--] [JMH args...]

Runs the JMH microbenchmarks of cpbench (micro/). Builds micro/target/benchmarks.jar
first if it is missing or older than any file under fixtures/src, micro/src or any
pom.xml, runs JMH with a preset, and always writes JMH JSON results.

Options:
  --full               Full preset (the default).
  --quick              Quick preset: every benchmark at its key parameter points (below),
                       45 runs of 3 s warm-up + 1 s measured each (wall time: results/README.md).
  --smoke              Smoke preset: proves every benchmark runs (tests and CI).
  --rebuild            Build the jar even if it is up to date.
  --no-build           Use the existing jar as is (error if it is missing).
  --results-dir DIR    Where to write the JSON (default: results/jmh/ under the repo root).
  --jvm PATH           Java to run JMH with; also passed to JMH as -jvm PATH for the forks
                       (default: \$JAVA_HOME/bin/java if JAVA_HOME is set, else java).
  -h, --help           Show this help.
  --                   End of options: everything after it goes to JMH verbatim.

Regression checks (see "Comparing A against B" below):
  --compare [REF]      Build benchmarks.jar at git REF (default: the merge-base of HEAD
                       with main) in a temporary worktree, run it and the working tree's
                       jar interleaved, one fork at a time, and judge every result.
  --against FILE.json  The same verdict against a stored JMH result (weaker evidence:
                       the baseline did not run now, interleaved, on this machine).
  --candidate-result FILE.json
                       With --against: judge a second stored result instead of running
                       (a screen, e.g. tonight's nightly against last night's).
  --baseline-jar JAR   With --compare: use this benchmarks.jar as the baseline instead of
                       building REF (e.g. to compare JVM options with --candidate-jvm-args).
  --candidate-jvm-args ARGS
                       JVM options for the candidate's forks only (appended to
                       -jvmArgsAppend), e.g. -XX:+UseParallelGC.
  --threshold PCT      Smallest change that counts as a regression (default: 5%).
  --max-forks N        With --compare/--against: forks per side at most (default: 60); forks
                       are added 2 per side per look until every result is decided.
  --budget DURATION    With --compare/--against: start no look that would end after this
                       (default: 10m; e.g. 90s, 30m, 1h30m). The first look always runs.
  --out DIR            Where compare/trend output goes (default: runs/compare-<UTC>,
                       runs/trend-<UTC>).
  --record             After a run, append it to results/history/history.jsonl
                       (or \$CPBENCH_HISTORY).
  --trend [REGEX]      Chart the history per benchmark and flag change points; writes
                       trend.md, trend.json and <Class.method>.png|svg to --out.

Other arguments go to JMH: benchmark regexps and JMH options (-p, -t, -bm, -e,
-jvmArgsAppend, ...). Put JMH arguments whose values start with '--' after '--'.

Presets (in dev.cpbench.micro.Preset; java -jar micro/target/benchmarks.jar applies
the full one, so a benchmark run either way gets the same settings; every preset
also adds -prof gc for gc.alloc.rate.norm, B/op,
-prof dev.cpbench.micro.ProcessCpuProfiler for cpu.time.norm, the JVM's CPU ns/op
over all its threads, and -jvmArgsAppend "-Xms1g -Xmx1g", a fixed heap):
  full    -f 3 -wi 3 -w 2s -i 5 -r 2s     every parameter point
  quick   -f 1 -wi 1 -w 3s -i 1 -r 1s     these points only (other parameters: all values):
            AesGcmBenchmark         payloadBytes=1024,262144 (ACCP vs JDK, per call and per byte)
            EnvelopeBenchmark       payloadBytes=1024
            DecryptFanoutBenchmark  transitLatencyMicros=1000 (DIRECT vs COALESCE, 1/8/64 callers)
            ListDecodeBenchmark     objects=1000
            ListEncodeBenchmark     objects=1000 payloadBytes=1024 (3 encoders, gzip or not)
            WatchCacheBenchmark     objects=1000
            MetadataBenchmark       all points
  smoke   -f 1 -wi 1 -w 100ms -i 1 -r 100ms   every parameter value once: run k sets each
            parameter to its k-th value (its last when it has fewer), smallest and largest sizes
            among them
JMH options -f, -wi, -w, -i, -r, -foe and -prof gc given in the JMH args replace the
preset's value; a -p you give replaces the quick preset's points for that parameter;
any -jvmArgs, -jvmArgsAppend or -jvmArgsPrepend replaces the preset's heap. -rf and
-rff are refused: this script owns the result file.

Runs go benchmark class by class (one JMH runner each, a '# cpbench: benchmark N of M'
line with an ETA before each) and do not stop at a failure (unless you pass -foe true).
± Error is NaN for a result with 2 measurements or fewer (quick: 1 fork x 1 iteration):
JMH gives no confidence interval then; the full preset (3 forks x 5) gives one.

Results:
  <results-dir>/<UTC yyyymmddTHHMMSSZ>-<git short commit[-dirty] | nogit>-<preset>.json
  One JMH JSON of every result that finished, written as <name>.partial and renamed, so a
  failed run leaves no empty or partial file. Then a table of the results, with a FAILED
  line and the reason for each benchmark that gave none, and the path.
  Exit: 0 every benchmark gave a result; 1 some failed (the JSON holds the others; no
  file when none finished); 2 bad usage, no benchmark matched, or JMH's lock is held.

JMH's lock: one JMH run at a time per temp dir (\$TMPDIR/jmh.lock, else /tmp/jmh.lock).
If another run holds it, wait for it, or run with TMPDIR=DIR for a lock of its own
(the two runs then share the CPUs and disturb each other's figures).

List commands (-l, -lp, -lrf, -lprof, and JMH's -h after '--') run without the
preset and result flags.

Comparing A against B (--compare, --against):
  Preset: 10 forks per side at the first look (-f N sets it), then 2 more per side per look
  up to --max-forks or --budget, each -wi 1 -w 4s -i 2 -r 1s, plus -prof gc, -foe true and
  the fixed heap; one JMH invocation per fork, in the order A B B A A B...
  Results are matched by benchmark, mode, threads and parameters. A regression is a change
  in the bad direction (ops/time: lower is worse; time/op: higher is worse) of more than
  --threshold between the means of the per-fork scores AND p below the look's level in
  Welch's two-sided t-test on those per-fork scores (levels from alpha spending: 0.01 over
  all looks). "No change" only when the minimum detectable effect at 80% power is within
  --threshold; otherwise "inconclusive: could only detect changes >= X%". Allocation
  (gc.alloc.rate.norm) regresses when the candidate allocates more than 16 B/op and 2% more.
  compare.md also splits each result's noise into iterations and fork levels and gives the
  -i that would see most in the same time (e.g. -i 8 on a machine noisy from moment to moment).
  Writes compare.json and compare.md (and every fork's JSON and log under logs/).
  Exit: 0 no regression, 1 regression, 2 harness error, 3 inconclusive (measure more).

Examples:
  $PROG --quick
  $PROG EnvelopeBenchmark -p payloadBytes=1024
  $PROG 'EnvelopeBenchmark.decrypt\$|AesGcmBenchmark.decrypt' -p payloadBytes=1024
  $PROG --smoke --no-build
  $PROG -l                       # list the benchmarks
  $PROG --compare HEAD~1 'EnvelopeBenchmark.decrypt\$' -p payloadBytes=1024 -p cipher=ACCP
  $PROG --against results/jmh/FILE.json EnvelopeBenchmark -p payloadBytes=1024
  $PROG --record --quick         # a run, appended to the history
  $PROG --trend EnvelopeBenchmark

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
mode="run"            # run | compare | against | trend
ref=""
against=""
baseline_jar=""
candidate_jvm_args=""
candidate_result=""
threshold=""
max_forks=""
budget=""
out=""
record=false

set_mode() {
  if [[ "$mode" != "run" && "$mode" != "$1" ]]; then
    bad_usage "--$mode and --$1 are mutually exclusive"
  fi
  mode="$1"
}
is_commit() { git -C "$ROOT" rev-parse --verify -q "$1^{commit}" >/dev/null 2>&1; }

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
    --compare)
      set_mode compare
      # An optional REF: the next argument when it names a commit.
      if (($#)) && [[ "$1" != -* ]] && is_commit "$1"; then ref="$1"; shift; fi ;;
    --compare=*) set_mode compare; ref="${arg#*=}" ;;
    --against) (($#)) || bad_usage "--against needs a JMH JSON file"; set_mode against; against="$1"; shift ;;
    --against=*) set_mode against; against="${arg#*=}" ;;
    --baseline-jar) (($#)) || bad_usage "--baseline-jar needs a jar"; baseline_jar="$1"; shift ;;
    --baseline-jar=*) baseline_jar="${arg#*=}" ;;
    --candidate-jvm-args) (($#)) || bad_usage "--candidate-jvm-args needs JVM options"; candidate_jvm_args="$1"; shift ;;
    --candidate-jvm-args=*) candidate_jvm_args="${arg#*=}" ;;
    --candidate-result) (($#)) || bad_usage "--candidate-result needs a JMH JSON file"; candidate_result="$1"; shift ;;
    --candidate-result=*) candidate_result="${arg#*=}" ;;
    --threshold) (($#)) || bad_usage "--threshold needs a percentage"; threshold="$1"; shift ;;
    --threshold=*) threshold="${arg#*=}" ;;
    --max-forks) (($#)) || bad_usage "--max-forks needs a number"; max_forks="$1"; shift ;;
    --max-forks=*) max_forks="${arg#*=}" ;;
    --budget) (($#)) || bad_usage "--budget needs a duration"; budget="$1"; shift ;;
    --budget=*) budget="${arg#*=}" ;;
    --out) (($#)) || bad_usage "--out needs a directory"; out="$1"; shift ;;
    --out=*) out="${arg#*=}" ;;
    --record) record=true ;;
    --trend) set_mode trend ;;
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
[[ -n "$results_dir" ]] || bad_usage "--results-dir needs a directory"
case "$mode" in
  compare|against)
    [[ -z "$preset" ]] || bad_usage "--$preset does not apply to --$mode (it has its own preset; JMH options still apply)"
    [[ "$record" == false ]] || bad_usage "--record applies to a plain run"
    preset=compare ;;
  *)
    [[ -z "$baseline_jar$candidate_jvm_args$candidate_result$threshold$max_forks$budget" ]] \
      || bad_usage "--baseline-jar, --candidate-jvm-args, --candidate-result, --threshold, --max-forks and --budget apply to --compare and --against"
    preset="${preset:-full}" ;;
esac
[[ -z "$baseline_jar" || "$mode" == compare ]] || bad_usage "--baseline-jar applies to --compare"
[[ -z "$candidate_result" || "$mode" == against ]] || bad_usage "--candidate-result applies to --against"
[[ -z "$baseline_jar" || -z "$ref" ]] || bad_usage "give --compare a REF or --baseline-jar, not both"
[[ "$mode" != trend || "$record" == false ]] || bad_usage "--record and --trend are separate runs"

# ---- inspect the JMH args ---------------------------------------------------
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

# ---- history: a trend over the recorded runs ------------------------------------
HISTORY="${CPBENCH_HISTORY:-$ROOT/results/history/history.jsonl}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
if [[ "$mode" == trend ]]; then
  [[ -f "$HISTORY" ]] || die "no history yet: $HISTORY (./jmh.sh --record adds a run)"
  exec "$java" -cp "$JAR" "$CLI" trend --history "$HISTORY" --out "${out:-$ROOT/runs/trend-$stamp}" "${jmh_args[@]}"
fi

# ---- list commands: no preset, no result file ---------------------------------
if [[ "$list_mode" == true ]]; then
  rc=0
  "$java" -jar "$JAR" "${jmh_args[@]}" || rc=$?
  exit "$rc"
fi

# JMH's lock is \$java.io.tmpdir/jmh.lock: TMPDIR gives a run (or a comparison's forks) its own.
host_opts=()
[[ -z "${TMPDIR:-}" ]] || host_opts+=("-Djava.io.tmpdir=$TMPDIR")

# ---- preset: its forks, warm-up, measurement, heap and profilers live in dev.cpbench.micro.Preset ----------
run_args=()
[[ -z "$jvm" ]] || run_args+=(-jvm "$jvm")

# ---- compare: baseline and candidate, interleaved fork by fork ---------------------
if [[ "$mode" == compare || "$mode" == against ]]; then
  forks=()
  compare_args=()
  for ((k = 0; k < ${#jmh_args[@]}; k++)); do
    a="${jmh_args[k]}"
    case "$a" in
      -f) forks=(--forks "${jmh_args[k + 1]:-}"); ((k += 1)) ;;
      -f[0-9]*) forks=(--forks "${a#-f}") ;;
      -f=*) forks=(--forks "${a#-f=}") ;;
      *) compare_args+=("$a") ;;
    esac
  done
  out="${out:-$ROOT/runs/compare-$stamp}"
  mkdir -p "$out"
  head_id="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo nogit)"
  base=()
  if [[ "$mode" == against ]]; then
    [[ -f "$against" ]] || die "--against: no such file: $against"
    base=(--against "$against")
  elif [[ -n "$baseline_jar" ]]; then
    [[ -f "$baseline_jar" ]] || die "--baseline-jar: no such file: $baseline_jar"
    base=(--baseline-jar "$baseline_jar" --baseline-label "$baseline_jar")
  else
    if [[ -z "$ref" ]]; then
      ref="$(git -C "$ROOT" merge-base HEAD main 2>/dev/null || git -C "$ROOT" merge-base HEAD origin/main 2>/dev/null)" \
        || die "no REF given and no merge-base with main or origin/main; name one: --compare REF"
    fi
    is_commit "$ref" || die "--compare: not a commit: $ref"
    sha="$(git -C "$ROOT" rev-parse "$ref^{commit}")"
    # Built once per commit, kept for the next comparison against it.
    cache="${XDG_CACHE_HOME:-$HOME/.cache}/cpbench/benchmarks-$sha.jar"
    if [[ ! -f "$cache" ]]; then
      worktree="$(mktemp -d "${TMPDIR:-/tmp}/cpbench-baseline.XXXXXX")"
      trap 'git -C "$ROOT" worktree remove --force "$worktree" >/dev/null 2>&1 || true' EXIT
      echo "jmh.sh: building the baseline at $ref (${sha:0:12}) in $worktree" >&2
      git -C "$ROOT" worktree add --detach -q "$worktree" "$sha" >&2
      (cd "$worktree" && mvn -B -q -pl micro -am package -DskipTests) >&2 \
        || die "building the baseline at $ref failed"
      mkdir -p "$(dirname "$cache")"
      cp "$worktree/micro/target/benchmarks.jar" "$cache"
    fi
    base=(--baseline-jar "$cache" --baseline-label "$ref (${sha:0:12})")
  fi
  candidate=(--candidate-jar "$JAR" --candidate-label "working tree at $head_id")
  if [[ -n "$candidate_result" ]]; then
    [[ -f "$candidate_result" ]] || die "--candidate-result: no such file: $candidate_result"
    candidate=(--candidate-result "$candidate_result" --candidate-label "$candidate_result")
  fi
  extra=()
  [[ -z "$threshold" ]] || extra+=(--threshold "$threshold")
  [[ -z "$max_forks" ]] || extra+=(--max-forks "$max_forks")
  [[ -z "$budget" ]] || extra+=(--budget "$budget")
  [[ -z "$candidate_jvm_args" ]] || extra+=(--candidate-jvm-args "$candidate_jvm_args")
  rc=0
  "$java" "${host_opts[@]}" -cp "$JAR" "$CLI" compare "${base[@]}" "${candidate[@]}" "${forks[@]}" --out "$out" --java "$java" "${extra[@]}" \
    -- "${run_args[@]}" "${compare_args[@]}" || rc=$?
  exit "$rc"
fi

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
result_file="$results_dir/$stamp-$git_id-$preset.json"

# ---- run: class by class, the JSON of every result, the table (SuiteRun) ------------
rc=0
"$java" "${host_opts[@]}" -cp "$JAR" "$CLI" run --preset "$preset" --result "$result_file" \
  -- "${run_args[@]}" "${jmh_args[@]}" || rc=$?

if [[ -f "$result_file" && "$record" == true ]]; then
  dirty=()
  [[ "$git_id" != *-dirty ]] || dirty=(--dirty)
  "$java" -cp "$JAR" "$CLI" record --history "$HISTORY" --jmh "$result_file" \
    --commit "$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo nogit)" "${dirty[@]}" --preset "$preset" || rc=2
fi
exit "$rc"
