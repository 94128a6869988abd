#!/usr/bin/env bash
# Compares ./macro.sh metadata-load with wrk (Debian package `wrk`) on one target, back to back: one
# metadata-proxy (its JVM capped at -Xmx64m, embedded GCE metadata mock behind it) serves the token path,
# then R rounds each run wrk and metadata-load for D at C connections, alternating which goes first.
# Writes runs.csv, summary.md and every run's output to results/metadata/vs-wrk-<UTC>/.
#   scripts/metadata-vs-wrk.sh [ROUNDS] [DURATION_SECONDS] [CONNECTIONS]   (default 5 15 200)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-5}"
SECONDS_EACH="${2:-15}"
CONNECTIONS="${3:-200}"
for n in "$ROUNDS" "$SECONDS_EACH" "$CONNECTIONS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [ROUNDS] [DURATION_SECONDS] [CONNECTIONS]" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "$0: wrk not found; install it with: apt-get install -y wrk" >&2; exit 2; }
TOKEN_PATH=/computeMetadata/v1/instance/service-accounts/default/token
out="$ROOT/results/metadata/vs-wrk-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out/runs"

# shellcheck source=scripts/start-metadata-proxy.sh
. "$ROOT/scripts/start-metadata-proxy.sh"
trap 'kill "${proxy:-}" 2>/dev/null || true; wait "${proxy:-}" 2>/dev/null || true' EXIT
start_metadata_proxy "$out/proxy.log" "-Xmx64m"
echo "target $url$TOKEN_PATH (proxy JVM -Xmx64m); $ROUNDS rounds of ${SECONDS_EACH}s each, $CONNECTIONS connections" >&2

# Warm the proxy's JIT before the first measured run, with wrk's load.
wrk -t2 -c"$CONNECTIONS" -d10s -H 'Metadata-Flavor: Google' "$url$TOKEN_PATH" > "$out/runs/warmup-wrk.txt"

run_wrk() {
  local log="$out/runs/$1-wrk.txt"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H 'Metadata-Flavor: Google' "$url$TOKEN_PATH" > "$log"
  local rps non2xx errors
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$log")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$log")
  errors=$(sed -n 's/.*Socket errors: \(.*\)/\1/p' "$log")
  echo "$1,wrk,$rps,${non2xx:-0},${errors:-none}"
}

run_load() {
  local dir="$out/runs/$1-metadata-load"
  "$ROOT/macro.sh" --no-build metadata-load --url "$url" -c "$CONNECTIONS" --duration "${SECONDS_EACH}s" \
    --out "$dir" > "$dir.txt" 2>&1
  python3 - "$dir"/metadata-load-*/run.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f'{r["requestsPerSecond"]:.2f},{r["failedRequests"]},none')
PY
}

echo "round,generator,requests_per_second,failed_or_non2xx,socket_errors" > "$out/runs.csv"
for ((i = 1; i <= ROUNDS; i++)); do
  if ((i % 2)); then order=(wrk load); else order=(load wrk); fi
  for g in "${order[@]}"; do
    if [[ "$g" == wrk ]]; then
      row=$(run_wrk "$i")
    else
      row="$i,metadata-load,$(run_load "$i")"
    fi
    echo "$row" >> "$out/runs.csv"
    echo "$row" >&2
  done
done

python3 - "$out" "$ROUNDS" "$SECONDS_EACH" "$CONNECTIONS" "$url$TOKEN_PATH" <<'PY'
import csv, statistics, sys
out, rounds, secs, conns, target = sys.argv[1:]
rows = list(csv.DictReader(open(f"{out}/runs.csv")))
by = {}
for r in rows:
    by.setdefault(r["round"], {})[r["generator"]] = float(r["requests_per_second"])
ratios = [v["metadata-load"] / v["wrk"] for v in by.values()]
wrk = [v["wrk"] for v in by.values()]
load = [v["metadata-load"] for v in by.values()]
lines = [
    "# metadata-load against wrk, back to back",
    "",
    f"Target: `{target}`, a `metadata-proxy` (JVM `-Xmx64m`) in front of the embedded metadata mock, token cache on.",
    f"{rounds} rounds; each runs `wrk -t2 -c{conns} -d{secs}s` and `metadata-load -c {conns} --duration {secs}s`,",
    "alternating which goes first. Both share this machine's 2 vCPUs with the proxy.",
    "",
    "| round | wrk req/s | metadata-load req/s | metadata-load / wrk |",
    "|---|---:|---:|---:|",
]
for k, v in by.items():
    lines.append(f'| {k} | {v["wrk"]:,.0f} | {v["metadata-load"]:,.0f} | {v["metadata-load"] / v["wrk"]:.1%} |')
lines += [
    "",
    f"Median: wrk {statistics.median(wrk):,.0f} req/s, metadata-load {statistics.median(load):,.0f} req/s; "
    f"ratio median {statistics.median(ratios):.1%} (min {min(ratios):.1%}, max {max(ratios):.1%}).",
    "Failed requests / non-2xx and socket errors per run: runs.csv.",
    "",
    "Command: `scripts/metadata-vs-wrk.sh " + " ".join([rounds, secs, conns]) + "`",
]
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "wrote $out" >&2
