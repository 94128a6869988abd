#!/usr/bin/env bash
# Proves ./jmh.sh --compare on this machine: N comparisons of each kind, the kinds taking turns (the first kind
# rotating every round, so drift over the session hits every kind alike), one benchmark method and parameter set:
#   0        nothing injected: any regression verdict is a false alarm;
#   3, 5, 10 -Dcpbench.injectSlowdownTokens=T on the candidate's forks: CPU work worth X% of the operation, no
#            allocation (dev.cpbench.micro.InjectedCost): the timing verdict should say regression. T is sized once
#            per proof (calibration.csv) where the tokens are spent: forks of the benchmark with 0 tokens and with
#            25-400, interleaved; T is where the line through the latter reaches X% above the former (see below);
#   alloc:B  -Dcpbench.injectAllocationBytes=B: the allocation check should flag it (not in the default kinds).
# Baseline and candidate are otherwise the same jar. Writes cpu.txt, calibration.csv, runs.csv (a row per comparison, as
# it ends, with the commit and the machine's load average when it began) and summary.md (the table: detected /
# inconclusive / missed / false alarms / minutes per comparison) to results/compare-proof/<UTC>/ or --out. A proof takes
# hours: given an --out that already holds a runs.csv, it continues there, skipping the comparisons already made (so a
# proof can span sessions; the summary counts them all).
#
#   scripts/prove-compare.sh [options] [N] [-- extra JMH args]
#     N                 comparisons of each kind (default 20)
#     --kinds "LIST"    default "0 3 5 10"
#     --threshold PCT   default 2: the goals (5% caught in >= 95%, 3% in >= 80%) need a threshold under 3%
#     --max-forks N, --budget DURATION, -f N   passed to ./jmh.sh --compare (its defaults: 60, 10m, 10)
#     --out DIR         instead of results/compare-proof/<UTC>/; continues a proof already there
#     --size-from DIR   size the slowdowns from the comparisons of an earlier proof (repeatable; see below)
#     --tokens "LIST"   the tokens for each kind given, e.g. "3:25 5:38 10:69" (see below)
# At the defaults a comparison takes up to 10 minutes: 80 comparisons up to about 13 hours. Run it on a quiet machine,
# from a checkout nothing rebuilds meanwhile (the candidate is its micro/target/benchmarks.jar), e.g. a worktree:
#   git worktree add ../proof HEAD && ../proof/scripts/prove-compare.sh --out "$PWD/results/compare-proof/<UTC>" 20
# Tiny check that the script works (seconds per comparison, proves nothing about the statistics):
#   scripts/prove-compare.sh --out /tmp/proof --kinds "0 10 alloc:64" -f 2 --max-forks 4 1 -- -wi 0 -i 1 -r 100ms
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
N=20
kinds="0 3 5 10"
threshold=2
compare_opts=()
out=""
size_from=()
tokens_given=""
extra=()
while (($#)); do
  case "$1" in
    --kinds) kinds="${2:?--kinds needs a list}"; shift 2 ;;
    --threshold) threshold="${2:?--threshold needs a percentage}"; shift 2 ;;
    --max-forks|--budget|-f) compare_opts+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --out) out="${2:?--out needs a directory}"; shift 2 ;;
    --size-from) size_from+=("${2:?--size-from needs a proof directory}"); shift 2 ;;
    --tokens) tokens_given="${2:?--tokens needs a list}"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) usage ;;
    [1-9]*) [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage; N="$1"; shift ;;
    *) echo "prove-compare.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
read -r -a kind_list <<< "$kinds"
for kind in "${kind_list[@]}"; do
  [[ "$kind" =~ ^([0-9]+(\.[0-9]+)?|alloc:[1-9][0-9]*)$ ]] || { echo "prove-compare.sh: bad kind '$kind' (a percentage or alloc:BYTES)" >&2; exit 2; }
done
# JMH takes $java.io.tmpdir/jmh.lock (a POSIX lock, which flock(1) does not see) for a whole run: another JMH run
# there would fail every fork and spoil the timings of the rest. As in jmh.sh, TMPDIR names that directory.
lock="${TMPDIR:-/tmp}/jmh.lock"
python3 -c 'import fcntl, sys; fcntl.lockf(open(sys.argv[1], "a"), fcntl.LOCK_EX | fcntl.LOCK_NB)' "$lock" 2>/dev/null \
  || { echo "prove-compare.sh: another JMH run holds $lock; run this when the machine is quiet" >&2; exit 2; }
tmpdir_opts=()
[[ -z "${TMPDIR:-}" ]] || tmpdir_opts+=("-Djava.io.tmpdir=$TMPDIR")
BENCH='EnvelopeBenchmark.decrypt$'
# The JDK cipher, not ACCP: with ACCP a fresh fork settles at one of two levels ~40% apart (results/compare-proof/
# README.md), which no number of forks within 10 minutes can see 5% through; the JDK cipher's forks agree within ~6%.
PARAMS=(-p payloadBytes=1024 -p cipher=JDK)
out="${out:-$ROOT/results/compare-proof/$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"
# A proof holds on one CPU. The tokens' cost is near fixed while the decrypt's is not: without AVX-512 the JDK's
# AES-GCM takes the slower of its intrinsics, the decrypt ran at ~1400 ns/op instead of ~670 and the 43 tokens sized
# as "10%" measured ~+6% (results/compare-proof/20261206T215039Z/other-cpu/). cpu.txt records the CPU of the first
# session in History.cpu's form (the model name and the flags that change the JDK's code, restated here: the proof's
# jar predates History.cpu); a later session on another CPU is refused rather than mislabelled.
model="$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)"
flags="$(sed -n 's/^flags[[:space:]]*: //p' /proc/cpuinfo | head -1 | tr ' ' '\n' \
  | grep -xE 'aes|avx2|avx512f|sha_ni|vaes|vpclmulqdq' | sort | paste -sd' ')"
cpu="$model${flags:+ ($flags)}"
if [[ ! -s "$out/cpu.txt" ]]; then
  echo "$cpu" > "$out/cpu.txt"
elif [[ "$(cat "$out/cpu.txt")" != "$cpu" ]]; then
  echo "prove-compare.sh: $out was begun on a CPU with '$(cat "$out/cpu.txt")'; this machine has '$cpu'." \
    "Its injected slowdowns would not be the sizes they are named for here: give a new --out" >&2
  exit 2
fi
sizing_opts=()
for dir in "${size_from[@]}"; do sizing_opts+=(--size-from "$dir"); done
[[ -z "$tokens_given" ]] || sizing_opts+=(--tokens "$tokens_given")
printf '%q ' scripts/prove-compare.sh --kinds "$kinds" --threshold "$threshold" "${compare_opts[@]}" "${sizing_opts[@]}" "$N" -- "${extra[@]}" >> "$out/command.txt"
echo >> "$out/command.txt"

"$ROOT/jmh.sh" -l >/dev/null   # builds benchmarks.jar if stale, before anything is timed
# The jars and each comparison's own output live outside the results: an interrupted proof leaves only its rows.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
baseline="$work/baseline-benchmarks.jar"
cp "$ROOT/micro/target/benchmarks.jar" "$baseline"

commit="$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- micro fixtures || echo +changes)"
# What T consumeCPU tokens cost inside the benchmark. Not T times one token's cost: a few tokens hide behind the
# decrypt (the CPU runs them while it waits), so a line fitted from 0 to 400 tokens made "3%" measure +1.2% and "5%"
# +3.5% (20261206T180757Z). The forks are run at 0 tokens and at sizes in the linear part (25, 50, 100, 400),
# interleaved, 6 rounds (0 twice a round); T for X% is where the line fitted through the forks with tokens reaches
# X% above the mean of the forks without. calibration.csv keeps every fork's mean.
#
# With --size-from, the sizes come instead from earlier proofs' comparisons with tokens: each measured the tokens'
# cost in place, the candidate's forks against interleaved baseline forks (about 40 of each), which 36 calibration
# forks cannot match (20261206T201700Z: its forks put 14.8 tokens behind the decrypt, its comparisons 6.7, so its
# "3%" measured +5.4% over 3 comparisons). calibration.csv then holds one row per comparison; the line is fitted
# through the added ns.
#
# With --tokens, T is given for each kind: where the fork calibration cannot size them, as on the AMD EPYC without
# AVX-512 whose forks spread ~12% (its 12 forks without tokens, SD 179 ns, put the line's intercept above their own
# mean: T = 1 for "5%") and on the Intel Xeon (18%: T < 0 for "3%"), which the script now refuses, suggesting tokens.
# calibration.csv then holds the given kind,tokens rows.
calibration="$out/calibration.csv"
sized_kinds="$(printf '%s\n' "${kind_list[@]}" | grep -Ev '^(0|alloc:.*)$' || true)"
if [[ -n "$sized_kinds" && ! -s "$calibration" && -n "$tokens_given" ]]; then
  { echo "kind,tokens"; tr ' ' '\n' <<< "$tokens_given" | grep . | tr ':' ','; } > "$calibration"
  for kind in $sized_kinds; do
    grep -q "^$kind,[1-9][0-9]*$" "$calibration" \
      || { rm "$calibration"; echo "prove-compare.sh: --tokens gives no token count for kind $kind" >&2; exit 2; }
  done
elif [[ -n "$sized_kinds" && ! -s "$calibration" && ${#size_from[@]} -gt 0 ]]; then
  python3 - "$calibration" "${size_from[@]}" <<'PY'
import csv, glob, json, os, sys
path, dirs = sys.argv[1], sys.argv[2:]
rows = []
for d in dirs:
    runs = {(r["round"], r["kind"]): r for r in csv.DictReader(open(os.path.join(d, "runs.csv")))}
    for f in sorted(glob.glob(os.path.join(d, "comparisons", "*.json"))):
        run = runs.get(tuple(os.path.basename(f)[:-5].split("-", 1)))
        if run is None or not run["tokens"] or run["tokens"] == "0":
            continue
        r = json.load(open(f))["results"][0]
        rows.append([os.path.basename(os.path.normpath(d)), run["round"], run["kind"], run["tokens"],
                     f'{r["baselineMean"]:.1f}', f'{r["candidateMean"]:.1f}'])
if len(rows) < 3:
    sys.exit(f"prove-compare.sh: --size-from: {len(rows)} comparisons with tokens in {', '.join(dirs)}; need 3 or more")
with open(path, "w", newline="") as out:
    csv.writer(out).writerows([["proof", "round", "kind", "tokens", "baseline_ns", "candidate_ns"]] + rows)
PY
elif [[ -n "$sized_kinds" && ! -s "$calibration" ]]; then
  echo "prove-compare.sh: sizing the injected slowdowns (36 forks of the benchmark, about 6 minutes)" >&2
  echo "commit,round,tokens,ns_per_op" > "$calibration.partial"
  for round in 1 2 3 4 5 6; do
    for tokens in 0 25 50 0 100 400; do
      java "${tmpdir_opts[@]}" -jar "$baseline" "$BENCH" "${PARAMS[@]}" -f 1 -wi 1 -w 4s -i 2 -r 1s -prof gc \
        -jvmArgsAppend "-Xms1g -Xmx1g -Dcpbench.injectSlowdownTokens=$tokens" -rf json -rff "$work/calibrate.json" \
        > "$work/calibrate.log" 2>&1 || { cat "$work/calibrate.log" >&2; exit 2; }
      python3 -c 'import json, sys; score = json.load(open(sys.argv[1]))[0]["primaryMetric"]["score"]
print(",".join(sys.argv[2:]) + f",{score:.1f}")' "$work/calibrate.json" "$commit" "$round" "$tokens" >> "$calibration.partial"
    done
  done
  mv "$calibration.partial" "$calibration"
fi
# The fit: the mean without tokens m0, the least-squares line a + b*T through the forks with tokens (or m0 plus the
# line through the comparisons' added ns); T for X% solves a + b*T = m0 * (1 + X/100). Prints "m0 a b" or, given X, T.
# "--check X…" fails, saying why, when some X% comes out below one token: the line then lies above m0 at T = 0, which
# no CPU work does (tokens add time; at most the decrypt hides a few): the forks spread too much to fit a few tokens'
# cost, as on the AMD EPYC without AVX-512 and the Intel Xeon (results/compare-proof/README.md). Injecting one token
# and calling it X% would make the proof's rows say nothing about X%.
calibrated() { python3 - "$calibration" "$@" <<'PY'
import csv, statistics, sys
path, args = sys.argv[1], sys.argv[2:]
rows = list(csv.DictReader(open(path)))
if list(rows[0]) == ["kind", "tokens"]:   # --tokens: given, nothing fitted (--size-from's rows have a kind too)
    if args and args[0] != "--check":
        print({r["kind"]: r["tokens"] for r in rows}[args[0]])
    sys.exit()
if "candidate_ns" in rows[0]:
    m0 = statistics.mean(float(r["baseline_ns"]) for r in rows)
    b, added0 = statistics.linear_regression(
        [int(r["tokens"]) for r in rows], [float(r["candidate_ns"]) - float(r["baseline_ns"]) for r in rows])
    a = m0 + added0
else:
    without = [float(r["ns_per_op"]) for r in rows if r["tokens"] == "0"]
    m0 = statistics.mean(without)
    with_tokens = [(int(r["tokens"]), float(r["ns_per_op"])) for r in rows if r["tokens"] != "0"]
    b, a = statistics.linear_regression([t for t, _ in with_tokens], [m for _, m in with_tokens])
def tokens(pct):
    return (m0 * (1 + float(pct) / 100) - a) / b
if args[:1] == ["--check"]:
    short = [kind for kind in args[1:] if tokens(kind) < 1]
    if not short:
        sys.exit()
    why = (f"prove-compare.sh: {path} cannot size {', '.join(k + '%' for k in short)}: the line fitted through "
           f"the runs with tokens, {a:.1f} + {b:.4f}·T ns/op, reaches {short[0]}% above the mean without tokens "
           f"({m0:.1f} ns/op) only at T = {tokens(short[0]):.1f}.")
    if "candidate_ns" not in rows[0]:
        most = max(int(r["tokens"]) for r in rows)
        per = (statistics.mean(float(r["ns_per_op"]) for r in rows if int(r["tokens"]) == most) - m0) / most
        sizes = " ".join(f"{kind}:{max(1, round(m0 * float(kind) / 100 / per))}" for kind in args[1:])
        why += (f" Its {len(without)} forks without tokens spread SD {statistics.stdev(without):.1f} ns, too much "
                f"to fit a few tokens' cost. Give the tokens instead, e.g. X% of {m0:.1f} ns/op at the {most}-token "
                f"forks' {per:.3f} ns a token: --tokens \"{sizes}\".")
    sys.exit(why)
if args:
    print(round(tokens(args[0])))
else:
    print(f"{m0:.1f} {a:.1f} {b:.4f}")
PY
}
if [[ -n "$sized_kinds" ]] && ! calibrated --check $sized_kinds; then
  mv "$calibration" "$out/calibration-refused.csv"
  echo "prove-compare.sh: kept as $out/calibration-refused.csv; run again with --tokens and the same --out" >&2
  exit 2
fi

csv="$out/runs.csv"
header="round,kind,exit,seconds,verdict,verdict_text,change_percent,p_value,mde80_percent,forks_per_side,looks,stopped,alloc_verdict,commit,load1,tokens"
if [[ -s "$csv" ]]; then
  [[ "$(head -1 "$csv")" == "$header" ]] || { echo "prove-compare.sh: $csv has other columns; give a new --out" >&2; exit 2; }
  echo "prove-compare.sh: continuing the proof in $out ($(($(wc -l < "$csv") - 1)) comparisons made)" >&2
else
  echo "$header" > "$csv"
fi
# Rewritten after every comparison, so an interrupted proof leaves its table.
summarize() {
python3 - "$out" "$(sed 's/ *$//' "$out/command.txt")" "$threshold" $([[ ! -s "$calibration" ]] || calibrated) <<'PY'
import csv, os, statistics, sys
out, command, threshold = sys.argv[1], sys.argv[2], sys.argv[3]
commands = ", ".join(f"`{line}`" for line in dict.fromkeys(line.strip() for line in command.splitlines()))
rows = list(csv.DictReader(open(f"{out}/runs.csv")))
sizing = "No slowdown was sized (no percentage kinds)."
cal = list(csv.DictReader(open(f"{out}/calibration.csv"))) if os.path.isfile(f"{out}/calibration.csv") else []
if cal and list(cal[0]) == ["kind", "tokens"]:
    given = ", ".join(f'{r["kind"]}%: {r["tokens"]}' for r in cal)
    sizing = f"Injected slowdowns given by --tokens (consumeCPU tokens; calibration.csv): {given}."
elif len(sys.argv) > 4:
    m0, a, b = (float(v) for v in sys.argv[4:7])
    measured = (f"{len(cal)} comparisons of earlier proofs" if "candidate_ns" in cal[0] else f"{len(cal)} forks")
    sizing = (f"Injected slowdowns sized in the benchmark (calibration.csv, {measured}): {m0:.1f} ns/op with no "
              f"tokens; with T consumeCPU tokens {a:.1f} + {b:.4f}·T (the line's {(m0 - a) / b:.1f} tokens short "
              "of it at T = 0 are the ones the decrypt hides).")
tokens = {r["kind"]: r["tokens"] for r in rows}
def spread(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))} – {fmt(max(values))})" if values else "n/a"
def mean_se(values):
    if len(values) < 2:
        return "n/a"
    return f"{statistics.mean(values):+.1f}% ± {statistics.stdev(values) / len(values) ** 0.5:.1f}"
lines = []
for kind in dict.fromkeys(r["kind"] for r in rows):
    rs = [r for r in rows if r["kind"] == kind]
    n = len(rs)
    def count(pred): return sum(1 for r in rs if pred(r))
    alloc = kind.startswith("alloc")
    regression = count(lambda r: r["verdict"] == "regression")
    alloc_flagged = count(lambda r: r["alloc_verdict"] == "regression")
    inconclusive = count(lambda r: r["verdict"] == "inconclusive")
    no_change = count(lambda r: r["verdict"] in ("no change", "improvement"))
    errors = count(lambda r: r["exit"] not in ("0", "1", "3"))
    if alloc:
        detected, false_alarms = f"{alloc_flagged} / {n} (allocation)", f"{regression} (timing)"
    elif kind == "0":
        detected, false_alarms = "–", f"{count(lambda r: r['exit'] == '1')} / {n}"
    else:
        detected, false_alarms = f"{regression} / {n}", "–"
    minutes = [float(r["seconds"]) / 60 for r in rs]
    changes = [float(r["change_percent"]) for r in rs if r["change_percent"]]
    label = f"{kind.split(':')[1]} B/op allocated" if alloc else f"{kind}% slower ({tokens[kind]} tokens)" if kind != "0" else "0%"
    lines.append(f"| {label} | {n} | {detected} | {inconclusive} | {no_change} | {false_alarms} | {alloc_flagged} "
                 f"| {spread(changes, lambda v: f'{v:+.1f}%')} | {mean_se(changes)} "
                 f"| {spread([int(r['forks_per_side']) for r in rs if r['forks_per_side']], lambda v: f'{v:.0f}')} "
                 f"| {statistics.median(minutes):.1f} / {max(minutes):.1f} | {errors} |")
summary = f"""# ./jmh.sh --compare: detection, inconclusive verdicts and false alarms on this machine

Benchmark: `EnvelopeBenchmark.decrypt` (payloadBytes=1024, cipher=JDK); baseline and candidate the same jar, the
candidate's forks given the injected cost. Threshold {threshold}%, alpha 0.01 over all looks (alpha spending; a
look the budget makes the last spends what the earlier ones left). {sizing}
Commands (each once; command.txt has a line per start): {commands}; per-comparison
rows (with the commit and the load average when each began) in runs.csv.

| injected | comparisons | detected | inconclusive | no change (timing) | false alarms | allocation flagged | measured change: median (min – max) | measured change: mean ± standard error | forks per side: median (min – max) | minutes per comparison: median / max | harness errors |
|---|---:|---:|---:|---:|---:|---:|---|---|---|---:|---:|
""" + "\n".join(lines) + "\n"
open(f"{out}/summary.md", "w").write(summary)
PY
}

for ((i = 1; i <= N; i++)); do
  for ((j = 0; j < ${#kind_list[@]}; j++)); do
    kind="${kind_list[(i - 1 + j) % ${#kind_list[@]}]}"
    if grep -q "^$i,$kind," "$csv"; then continue; fi
    load1="$(cut -d' ' -f1 /proc/loadavg)"
    tokens=""
    if [[ "$kind" == alloc:* ]]; then inject="-Dcpbench.injectAllocationBytes=${kind#alloc:}"
    elif [[ "$kind" == 0 ]]; then tokens=0; inject="-Dcpbench.injectSlowdownTokens=0"
    else tokens="$(calibrated "$kind")"; inject="-Dcpbench.injectSlowdownTokens=$tokens"; fi
    dir="$work/$i-${kind/:/}"
    start=$(date +%s%N)
    rc=0
    "$ROOT/jmh.sh" --no-build --compare --baseline-jar "$baseline" --threshold "$threshold" "${compare_opts[@]}" \
      --candidate-jvm-args "$inject" --out "$dir" "$BENCH" "${PARAMS[@]}" "${extra[@]}" > "$dir.log" 2>&1 || rc=$?
    seconds=$(( ($(date +%s%N) - start) / 1000000 ))e-3
    if ((rc != 0 && rc != 1 && rc != 3)); then mkdir -p "$out/errors"; cp "$dir.log" "$out/errors/"; fi
    mkdir -p "$out/comparisons"
    [[ ! -f "$dir/compare.json" ]] || cp "$dir/compare.json" "$out/comparisons/$i-${kind/:/}.json"
    python3 - "$csv" "$dir/compare.json" "$i" "$kind" "$rc" "$seconds" "$commit" "$load1" "$tokens" <<'PY'
import csv, json, sys
path, report, i, kind, rc, seconds, commit, load1, tokens = sys.argv[1:]
row = [i, kind, rc, f"{float(seconds):.1f}"]
try:
    c = json.load(open(report))
    r = c["results"][0]
    row += [r["verdict"], r["verdictText"], f'{r["changePercent"]:.2f}', r["pValue"], f'{r["mde80Percent"]:.2f}',
            len(r["candidate"]), len(c["looks"]), c["stopped"], r["allocVerdict"]]
except Exception:
    row += ["harness-error", "", "", "", "", "", "", "", ""]
row += [commit, load1, tokens]
csv.writer(open(path, "a", newline="")).writerow(row)
print(f"comparison {i}, {kind}: exit {rc}, {float(seconds):.0f} s, {row[5] or row[4]}", file=sys.stderr)
PY
    summarize
  done
done
cat "$out/summary.md"
