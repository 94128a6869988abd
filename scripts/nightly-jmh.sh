#!/usr/bin/env bash
# The nightly JMH job (.github/workflows/nightly-jmh.yml runs it; it also runs by hand):
#   1. the full preset over every benchmark, appended to the history (STATE/history.jsonl);
#   2. a screen of tonight's result against the last nightly's on the same machine (stored against stored);
#   3. every result the screen flags, or cannot judge (inconclusive: too few forks to see a change of the
#      threshold's size), is re-run against the last nightly's commit with --compare (interleaved, forks added
#      until it can see); only a regression confirmed there fails the job, and an inconclusive screen is never a
#      pass or a fail by itself;
#   4. trend charts and change points over the whole history;
#   5. tonight's result becomes this machine's reference: STATE/references/<id>/result.json, its commit in commit
#      and the machine in machine.txt. A machine is the CPU and JDK --record wrote in the history: scores from
#      another CPU or JDK say nothing of the code (without AVX-512 the JDK's AES-GCM decrypt ran 2.1x slower), and
#      hosted runners change CPU from night to night, so a screen against another machine's night would flag
#      what the machine changed and spend the night confirming it. A night on a machine without a reference is not
#      screened.
# Usage: scripts/nightly-jmh.sh STATE_DIR OUT_DIR
# Exit: 0 fine, 1 confirmed regression, 2 harness error, 3 a suspect --compare could not decide either (inconclusive).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(($# == 2)) || { echo "usage: $0 STATE_DIR OUT_DIR" >&2; exit 2; }
state="$(mkdir -p "$1" && cd "$1" && pwd)"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
export CPBENCH_HISTORY="$state/history.jsonl"

echo "==== full preset, recorded in $CPBENCH_HISTORY"
"$ROOT/jmh.sh" --record --results-dir "$out/jmh"
tonight="$(ls -t "$out"/jmh/*.json | head -1)"
machine="$(python3 -c 'import json, sys
run = json.loads(open(sys.argv[1]).read().splitlines()[-1])
print(run["cpu"] + ", JDK " + run["jdk"])' "$CPBENCH_HISTORY")"
reference="$state/references/$(printf '%s' "$machine" | sha256sum | cut -c1-12)"
# The single reference kept before references/ (until 2026-12) may be another machine's: not used, removed.
rm -f "$state/last-nightly.json" "$state/last-nightly.commit"

status=0
if [[ -f "$reference/result.json" && -f "$reference/commit" ]]; then
  last_commit="$(cat "$reference/commit")"
  echo "==== screen: $tonight against the last nightly on $machine (commit $last_commit)"
  screen=0
  "$ROOT/jmh.sh" --no-build --against "$reference/result.json" --candidate-result "$tonight" \
    --out "$out/screen" || screen=$?
  if ((screen == 1 || screen == 3)); then
    # One line per flagged or inconclusive result: a regex for its benchmark, its mode, and -p for each set parameter.
    python3 - "$out/screen/compare.json" > "$out/suspects.txt" <<'PY'
import json, re, sys
for r in json.load(open(sys.argv[1]))["results"]:
    if r["verdict"] in ("regression", "inconclusive") or r["allocVerdict"] == "regression":
        k = r["key"]
        params = " ".join(f"-p {n}={v}" for n, v in sorted(k["params"].items()) if v)
        print(f'^{re.escape(k["benchmark"])}$ {k["mode"]} {params}')
PY
    n=0
    while read -r regex bm params; do
      n=$((n + 1))
      echo "==== confirming suspect $n: $regex -bm $bm $params"
      rc=0
      # shellcheck disable=SC2086  # params is a list of -p k=v words without spaces
      "$ROOT/jmh.sh" --no-build --compare "$last_commit" "$regex" -bm "$bm" $params \
        --out "$out/confirm-$n" || rc=$?
      if ((rc == 1)); then
        echo "CONFIRMED regression: $regex $params (see $out/confirm-$n/compare.md)"
        status=1
      elif ((rc == 3)); then
        echo "INCONCLUSIVE: $regex $params: --compare could not see a change of the threshold's size either (see $out/confirm-$n/compare.md)"
        ((status != 0)) || status=3
      elif ((rc != 0)); then
        echo "harness error while confirming $regex (exit $rc)"
        ((status == 1)) || status=2
      else
        echo "not confirmed: $regex $params"
      fi
    done < "$out/suspects.txt"
  elif ((screen != 0)); then
    echo "screen failed (exit $screen)"
    status=2
  fi
else
  echo "==== no earlier nightly on $machine in $state: nothing to screen against yet"
fi

echo "==== trend over the history"
"$ROOT/jmh.sh" --no-build --trend --out "$out/trend" || status=2

mkdir -p "$reference"
cp "$tonight" "$reference/result.json"
git -C "$ROOT" rev-parse HEAD > "$reference/commit"
echo "$machine" > "$reference/machine.txt"
exit "$status"
