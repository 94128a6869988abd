#!/usr/bin/env python3
"""Replays a proof directory's comparisons with a paired test on the interleaved fork pairs.

For each comparisons/*.json: the log ratio of candidate fork i to baseline fork i, its mean and standard error, a
two-sided paired t-test (n - 1 degrees of freedom, as the tool's Welch test uses Student's t) at the level the tool
tested the comparison's last look at (the earlier looks are not replayed), and the MDE at 80% power; beside it the
tool's own (Welch's) verdict and MDE, and the correlation of the pairs. Needs SciPy (Student's t quantiles).
Usage: results/compare-proof/paired-replay.py results/compare-proof/20261206T215039Z
"""
import glob
import json
import math
import statistics
import sys

from scipy.stats import t as student

ratios, correlations = [], []
for path in sorted(glob.glob(sys.argv[1] + "/comparisons/*.json")):
    with open(path) as file:
        comparison = json.load(file)
    result, threshold = comparison["results"][0], comparison["thresholdPercent"]
    baseline, candidate, level = result["baseline"], result["candidate"], result["testLevel"]
    pairs = min(len(baseline), len(candidate))
    logs = [math.log(c / b) for b, c in zip(baseline[:pairs], candidate[:pairs])]
    mean, se = statistics.mean(logs), statistics.stdev(logs) / math.sqrt(pairs)
    df = pairs - 1
    p = 2 * student.sf(abs(mean) / se, df)
    mde = 100 * (math.exp((student.isf(level / 2, df) + student.isf(1 - 0.80, df)) * se) - 1)
    change = 100 * (math.exp(mean) - 1)
    if p < level and abs(change) > threshold:
        verdict = "regression" if change > 0 else "improvement"
    else:
        verdict = "no change" if mde <= threshold else "inconclusive"
    ratios.append(mde / result["mde80Percent"])
    correlations.append(statistics.correlation(baseline[:pairs], candidate[:pairs]))
    name = path.rsplit("/", 1)[1][: -len(".json")]
    print(f"{name:6s} Welch: {result['verdict']:12s} MDE {result['mde80Percent']:5.1f}%"
          f" | paired: {verdict:12s} MDE {mde:5.1f}% change {change:+6.2f}% | pair r {correlations[-1]:+.2f}")
print(f"paired MDE / Welch MDE: median {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f});"
      f" pair correlation: median {statistics.median(correlations):.2f}"
      f" ({min(correlations):.2f}-{max(correlations):.2f})")
