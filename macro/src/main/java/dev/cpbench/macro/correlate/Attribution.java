package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.MicroResults.Result;
import dev.cpbench.macro.correlate.Report.PhaseTime;
import dev.cpbench.macro.correlate.Report.Quantity;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.Source;
import dev.cpbench.macro.correlate.Report.Term;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Splits one macro run's observed window into its hot paths and the rest: each hot path is the API servers' own
 * measured time where they report it (their histograms), else count × micro cost ÷ parallelism (the micro cost plus
 * what the run injected into that hot path with {@code --inject}, a validation run); the model is kept
 * beside the server's figure either way. Where the server measures only part of a hot path, the larger of the two.
 */
final class Attribution {
    private Attribution() {
    }

    static RunAttribution of(MacroRun run, MicroResults micro, KmsCurves kms) {
        List<String> missing = new ArrayList<>();
        List<String> window = HotPath.window(run.scenario());
        if (window.isEmpty()) {
            missing.add("scenario " + run.scenario() + ": no hot-path mapping; only cold-start and sustained runs are attributed");
        }
        List<String> observed = new ArrayList<>();
        for (String phase : window) {
            if (run.phaseSeconds().containsKey(phase)) {
                observed.add(phase);
            } else {
                missing.add("phase " + phase + ": not in phases.csv; the window lacks it");
            }
        }
        double windowSeconds = observed.stream().mapToDouble(run.phaseSeconds()::get).sum();
        List<Term> terms = new ArrayList<>();
        for (HotPath path : HotPath.values()) {
            path.phase(run.scenario()).filter(observed::contains)
                    .flatMap(phase -> term(path, phase, run, micro, kms, windowSeconds, missing))
                    .ifPresent(terms::add);
        }
        List<PhaseTime> phases = new ArrayList<>();
        for (String phase : observed) {
            double seconds = run.phaseSeconds().get(phase);
            double explained = terms.stream().filter(t -> t.phase().equals(phase)).mapToDouble(t -> t.wallSeconds().value()).sum();
            phases.add(new PhaseTime(phase, seconds, explained, seconds - explained, run.phaseSource(phase)));
        }
        double explained = terms.stream().mapToDouble(t -> t.wallSeconds().value()).sum();
        double remainder = windowSeconds - explained;
        return new RunAttribution(run.name, run.scenario(), run.embedded(), run.targetDescription(), run.objects(),
                run.objectBytes(), run.endpoints(), run.harnessProcessors(), windowSeconds, phases, terms, explained,
                remainder, windowSeconds > 0 ? remainder / windowSeconds : 0, missing);
    }

    private static Optional<Term> term(HotPath path, String phase, MacroRun run, MicroResults micro, KmsCurves kms,
            double windowSeconds, List<String> missing) {
        Optional<Quantity> count = path.count(run);
        Optional<Result> result = path.micro(run, micro, kms);
        if (count.isEmpty()) {
            missing.add(path.id + ": run.json has none of " + String.join(", ", path.countFields));
        }
        if (result.isEmpty()) {
            missing.add(path.id + ": no " + path.microWanted + " result in the --micro files");
        }
        if (count.isEmpty() || result.isEmpty()) {
            return Optional.empty();
        }
        Result r = result.get();
        Quantity cost = r.secondsPerOp(path.operationsPerResult(r));
        double n = count.get().value();
        double parallelism = path.parallelism(run, phase);
        double injected = run.injectedSeconds(path.id);
        String perOp = injected > 0 ? "(" + cost.source().field() + " + injected " + fmt(injected * 1e6) + " µs)" : cost.source().field();
        Quantity model = new Quantity(n * (cost.value() + injected) / parallelism, n * (cost.low() + injected) / parallelism,
                n * (cost.high() + injected) / parallelism, "s", new Source(cost.source().file(),
                        "count × " + perOp + " ÷ parallelism " + fmt(parallelism) + jitNote(run, phase, parallelism, path)));
        Quantity server = path.serverSeconds(run).map(total -> {
            double streams = path.streams(run);
            return Quantity.exact(total.value() / streams, "s", new Source(total.source().file(),
                    total.source().field() + " ÷ " + fmt(streams) + " at once"));
        }).orElse(null);
        Quantity wall = server == null || (path.serverMeasuresPart && server.value() < model.value()) ? model : server;
        Double alloc = r.allocNorm() == null ? null : r.allocNorm() / path.operationsPerResult(r);
        return Optional.of(new Term(path.id, path.description, phase, count.get(), cost, alloc, n * (cost.value() + injected),
                parallelism, model, server, path.serverMeasuresPart, wall, windowSeconds > 0 ? wall.value() / windowSeconds : 0));
    }

    /** Says so where the JIT compiler's cores set the parallelism. */
    private static String jitNote(MacroRun run, String phase, double parallelism, HotPath path) {
        return run.jitCores(phase).filter(jit -> parallelism < Math.min(path.streams(run), run.harnessProcessors()))
                .map(jit -> " (" + run.harnessProcessors() + " processors − " + fmt(jit.value()) + " cores compiling, " + jit.source().field() + ")")
                .orElse("");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
