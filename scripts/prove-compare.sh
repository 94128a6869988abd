#!/usr/bin/env bash
# Proves ./jmh.sh --compare on this machine: N comparisons with an injected 10% slowdown (each must be flagged)
# and N with none (none should be), alternating, one benchmark method with one parameter set each.
# The slowdown: -Dcpbench.injectSlowdownPercent=10 makes EnvelopeBenchmark.decrypt repeat its operation in 10 of
# every 100 invocations (dev.cpbench.micro.InjectedSlowdown), given to the candidate's forks only; baseline and
# candidate are otherwise the same jar. Writes runs.csv and summary.md to results/compare-proof/<UTC>/.
#   scripts/prove-compare.sh [N]     (default 20; about 85 s per comparison here)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${1:-20}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [N comparisons of each kind]" >&2; exit 2; }
BENCH='EnvelopeBenchmark.decrypt$'
PARAMS=(-p payloadBytes=1024 -p cipher=ACCP)
out="$ROOT/results/compare-proof/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/runs"

"$ROOT/jmh.sh" -l >/dev/null   # builds benchmarks.jar if stale, before anything is timed
baseline="$out/baseline-benchmarks.jar"
cp "$ROOT/micro/target/benchmarks.jar" "$baseline"
trap 'rm -f "$baseline"' EXIT

echo "run,injected_percent,exit,seconds,verdict,change_percent,p_value,alloc_verdict" > "$out/runs.csv"
for ((i = 1; i <= N; i++)); do
  # Alternate which kind goes first, so drift over the session hits both alike.
  if ((i % 2)); then kinds=(10 0); else kinds=(0 10); fi
  for pct in "${kinds[@]}"; do
    dir="$out/runs/$i-$pct"
    start=$(date +%s%N)
    rc=0
    "$ROOT/jmh.sh" --no-build --compare --baseline-jar "$baseline" \
      --candidate-jvm-args "-Dcpbench.injectSlowdownPercent=$pct" --out "$dir" \
      "$BENCH" "${PARAMS[@]}" > "$dir.log" 2>&1 || rc=$?
    millis=$((($(date +%s%N) - start) / 1000000))
    seconds="$((millis / 1000)).$(printf '%03d' $((millis % 1000)))"
    row=$(python3 - "$dir/compare.json" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))["results"][0]
    print(f'{r["verdict"]},{r["changePercent"]:.2f},{r["pValue"]},{r["allocVerdict"]}')
except Exception as e:
    print(f"harness-error,,,")
PY
)
    echo "$i,$pct,$rc,$seconds,$row" >> "$out/runs.csv"
    echo "comparison $i, injected $pct%: exit $rc, $(printf '%.0f' "$seconds") s, $row" >&2
  done
done
rm -rf "$out/runs"

python3 - "$out" "$N" <<'PY'
import csv, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
rows = list(csv.DictReader(open(f"{out}/runs.csv")))
slow = [r for r in rows if r["injected_percent"] == "10"]
same = [r for r in rows if r["injected_percent"] == "0"]
detected = sum(r["exit"] == "1" and r["verdict"] == "regression" for r in slow)
false_alarms = sum(r["exit"] == "1" for r in same)
errors = sum(r["exit"] not in ("0", "1") for r in rows)
secs = [float(r["seconds"]) for r in rows]
def changes(rs): return [float(r["change_percent"]) for r in rs if r["change_percent"]]
with open(f"{out}/summary.md", "w") as f:
    f.write(f"""# ./jmh.sh --compare: detection and false alarms on this machine

Benchmark: `EnvelopeBenchmark.decrypt` (payloadBytes=1024, cipher=ACCP), default compare preset
(10 forks per side, interleaved, -wi 1 -w 1s -i 2 -r 1s; threshold 5%, Welch p < 0.01).
Command: `scripts/prove-compare.sh {n}`.

| comparisons | injected | flagged | rate | measured change: median (min – max) |
|---:|---:|---:|---:|---|
| {len(slow)} | 10% | {detected} | {100*detected/len(slow):.0f}% detected | {statistics.median(changes(slow)):+.1f}% ({min(changes(slow)):+.1f}% – {max(changes(slow)):+.1f}%) |
| {len(same)} | 0% | {false_alarms} | {100*false_alarms/len(same):.0f}% false alarms | {statistics.median(changes(same)):+.1f}% ({min(changes(same)):+.1f}% – {max(changes(same)):+.1f}%) |

Harness errors: {errors}. Seconds per comparison: median {statistics.median(secs):.0f}, max {max(secs):.0f}.
""")
print(open(f"{out}/summary.md").read())
PY
