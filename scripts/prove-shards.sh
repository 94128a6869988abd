#!/usr/bin/env bash
# Proves sharding on this machine: one stand-in process (./macro.sh stand-in), then for mixed-uniform and
# cold-start a single-process run and a 3-shard run (3 processes, --start-at), the shards merged with
# ./macro.sh merge; compares their counts and latencies. Writes summary.md and every run to
# results/shards/<UTC>/.
#   scripts/prove-shards.sh [TENANTS] [LOAD_SECONDS] [OBJECTS]   (default 200 30 10000)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TENANTS="${1:-200}"
SECONDS_LOAD="${2:-30}"
OBJECTS="${3:-10000}"
for n in "$TENANTS" "$SECONDS_LOAD" "$OBJECTS"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [TENANTS] [LOAD_SECONDS] [OBJECTS]" >&2; exit 2; }
done
out="$ROOT/results/shards/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
macro() { "$ROOT/macro.sh" --no-build "$@"; }

"$ROOT/macro.sh" --help >/dev/null   # builds the macro jar if stale, before anything is timed
restart_file="$out/restart-requested"
macro stand-in --api-servers 3 --kubeconfig-out "$out/stand-in.kubeconfig" --restart-file "$restart_file" > "$out/stand-in.log" 2>&1 &
stand_in=$!
trap 'kill "$stand_in" 2>/dev/null || true; wait "$stand_in" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  grep -q "target flags:" "$out/stand-in.log" 2>/dev/null && break
  kill -0 "$stand_in" 2>/dev/null || { cat "$out/stand-in.log" >&2; exit 1; }
  sleep 0.1
done
read -r -a target <<<"$(sed -n 's/^stand-in: target flags: //p' "$out/stand-in.log")"
restart_cmd="touch $restart_file && while [ -e $restart_file ]; do sleep 0.05; done"

mixed=(mixed-uniform --tenants "$TENANTS" --write-rps-per-tenant 2 --read-rps-per-tenant 6 --load-duration "${SECONDS_LOAD}s")
cold=(cold-start --objects "$OBJECTS" --restart-cmd "$restart_cmd")

run_pair() {  # NAME START_DELAY_S SCENARIO...
  local name="$1" delay="$2"; shift 2
  echo "== $name: one process" >&2
  macro "$@" "${target[@]}" --out "$out/$name/single" > "$out/$name-single.log" 2>&1 || true
  echo "== $name: 3 shards" >&2
  local start_at pids=()
  start_at="$(date -u -d "+${delay} seconds" +%Y-%m-%dT%H:%M:%SZ)"
  for i in 0 1 2; do
    macro "$@" "${target[@]}" --shard "$i/3" --start-at "$start_at" --out "$out/$name/shards" > "$out/$name-shard$i.log" 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  macro merge --out "$out/$name/merged" "$out/$name/shards"/* > "$out/$name-merge.log" 2>&1
}

run_pair mixed 40 "${mixed[@]}" --load-start-offset 60s
run_pair cold-start 30 "${cold[@]}"

python3 - "$out" "$TENANTS" "$SECONDS_LOAD" "$OBJECTS" <<'PY'
import glob, json, sys
out, tenants, secs, objects = sys.argv[1:]
def run(pattern):
    return json.load(open(glob.glob(f"{out}/{pattern}/*/run.json")[0]))
def ops(r):
    return {o["operation"]: o for o in r.get("operations", [])}
def row(r, op):
    rows = [x for x in r["latencyMs"] if x["operation"] == op]
    return next((x for x in rows if x["endpoint"] == "all"), rows[0] if rows else None)
lines = ["# Sharded runs against one stand-in: 3 shards merged against one process", "",
         f"`scripts/prove-shards.sh {tenants} {secs} {objects}`: one `./macro.sh stand-in` (3 API servers, KMS v2 plugin, Transit mock) "
         "serves both runs of each scenario; the shards are 3 processes started together with `--start-at`, merged with `./macro.sh merge`.", ""]
s, m = run("mixed/single"), run("mixed/merged")
lines += [f"## mixed-uniform, {tenants} tenants × (2 writes + 6 reads)/s, {secs} s", "",
          "| | status | tenants ready | creates | scheduled | sent in window | answered in window | errors | 409s | load-read p50 / p99 ms | load-write p50 / p99 ms |",
          "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
for name, r in (("one process", s), ("3 shards merged", m)):
    o = ops(r); rr = r["rates"]; lr = row(r, "load-read"); lw = row(r, "load-write")
    lines.append(f'| {name} | {r["status"]} | {r["tenants"]["ready"]} | {o["create"]["count"]} | {rr["scheduled"]} | {rr["sentInWindow"]} | '
                 f'{rr["completedInWindow"]} | {r["errors"]} | {o["load-write"]["conflicts"]} | {lr["p50Ms"]:.2f} / {lr["p99Ms"]:.2f} | {lw["p50Ms"]:.2f} / {lw["p99Ms"]:.2f} |')
lines += ["", "Per shard (from the merged run.json):", "", "| shard | status | tenants ready | requested ops/s | sent/s | answered/s | held |", "|---|---|---:|---:|---:|---:|---|"]
for sh in m["shards"]:
    r = sh["rates"]
    lines.append(f'| {sh["shard"]} | {sh["status"]} | {sh["tenantsReady"]} | {r["requestedOpsPerSecond"]:.1f} | {r["sentPerSecond"]:.1f} | {r["completedPerSecond"]:.1f} | {r["held"]} |')
s, m = run("cold-start/single"), run("cold-start/merged")
lines += ["", f"## cold-start, {objects} Secrets, 3 API servers", "",
          "| | status | object reads | expected | errors | list p50 / max ms (whole list per endpoint) |", "|---|---|---:|---:|---:|---|"]
for name, r in (("one process", s), ("3 shards merged", m)):
    l = row(r, "list")
    lines.append(f'| {name} | {r["status"]} | {r["objectReads"]} | {r["expectedObjectReads"]} | {r["errors"]} | {l["p50Ms"]:.1f} / {l["maxMs"]:.1f} |')
open(f"{out}/summary.md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
echo "wrote $out" >&2
