#!/usr/bin/env bash
# Validates correlation's attribution by injection (issue 19 §4): embedded cold starts without an injected cost
# (baselines) and with one per hot path (./macro.sh cold-start --inject HOT_PATH=+COST), taking turns so that drift
# over the session hits every kind alike, then ./macro.sh validate-attribution over them: one row per hot path,
# the wall time the injection added against the time correlation attributes to that hot path and to the others.
#
#   scripts/validate-attribution.sh [options] [N]
#     N                   runs of each kind (default 3; the rows compare medians)
#     --objects N         corpus size (default 10000)
#     --inject "LIST"     the injections, one row each (default below)
#     --micro FILES       JMH JSON files, comma-separated (default: those of results/correlation/cold-start-embedded)
#     --out DIR           default results/correlation/validation; runs go to DIR/runs
#     -- ARGS             more ./macro.sh cold-start options for every run (e.g. --no-client-gzip)
# Default injections, each adding a second or more to a 10,000-Secret cold start with 3 API servers: kms-decrypt=+600ms
# (a wait in each of the 9 KMS Decrypts, partly hidden behind the other servers' refills), watch-cache-refill=+100us,
# envelope-decrypt=+100us, list-encode=+100us, client-parse=+100us (CPU per object). The runs' JVM has a fixed,
# pre-touched heap and compiles with C1 only (-Xms3g -Xmx3g -XX:+AlwaysPreTouch -XX:TieredStopAtLevel=1, put before
# CPBENCH_JAVA_OPTS): a growing heap's first touches cost the list phase after a short ready phase more than after a
# long one, and C2's work grows with a phase's length, so either makes an injection's added time differ from its cost
# (measured, results/correlation/validation/README.md); a kube-apiserver's heap is warm and it compiles nothing at run
# time. At the defaults: 18 runs, about 8 minutes (N=5: 30 runs, 13 minutes). Run it on a quiet machine; exit status
# as validate-attribution's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
N=3
objects=10000
injections="kms-decrypt=+600ms watch-cache-refill=+100us envelope-decrypt=+100us list-encode=+100us client-parse=+100us"
micro=""
out="results/correlation/validation"
extra=()
while (($#)); do
  case "$1" in
    --objects) objects="${2:?--objects needs a number}"; shift 2 ;;
    --inject) injections="${2:?--inject needs a list}"; shift 2 ;;
    --micro) micro="${2:?--micro needs files}"; shift 2 ;;
    --out) out=$(realpath -m "${2:?--out needs a directory}"); shift 2 ;;
    -h|--help) usage ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "validate-attribution.sh: unknown option $1" >&2; usage ;;
    *) N="$1"; shift ;;
  esac
done
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "validate-attribution.sh: N must be a positive number, got '$N'" >&2; exit 2; }
if [[ -z "$micro" ]]; then
  micro=$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))["inputs"]["micro"]))' \
    "$ROOT/results/correlation/cold-start-embedded/report.json")
fi
mkdir -p "$out/runs"
cd "$ROOT"
export CPBENCH_JAVA_OPTS="-Xms3g -Xmx3g -XX:+AlwaysPreTouch -XX:TieredStopAtLevel=1 ${CPBENCH_JAVA_OPTS:-}"

# run KIND: one cold start; prints its run directory
run() {
  local inject=() log
  [[ "$1" != base ]] && inject=(--inject "$1")
  log=$(mktemp)
  if ! ./macro.sh cold-start --target embedded --objects "$objects" --out "$out/runs" "${inject[@]}" "${extra[@]}" >"$log" 2>&1; then
    cat "$log" >&2
    echo "validate-attribution.sh: the $1 run failed (output above)" >&2
    exit 1
  fi
  sed -n 's/^run directory: //p' "$log"
  rm -f "$log"
}

declare -A dirs
kinds=(base $injections)
total=$((N * ${#kinds[@]}))
done_runs=0
for ((i = 1; i <= N; i++)); do
  for kind in "${kinds[@]}"; do
    done_runs=$((done_runs + 1))
    echo "# run $done_runs of $total: $kind" >&2
    dir=$(run "$kind")
    dirs[$kind]+="${dirs[$kind]:+,}$dir"
  done
done

injected=""
for kind in $injections; do
  injected+="${injected:+,}${dirs[$kind]}"
done
./macro.sh validate-attribution --micro "$micro" --baseline "${dirs[base]}" --injected "$injected" --out "$out"
