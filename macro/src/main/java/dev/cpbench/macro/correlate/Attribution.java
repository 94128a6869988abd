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
import java.util.function.DoubleUnaryOperator;

/**
 * Splits one macro run's observed window into its hot paths and the rest: each hot path is the API servers' own
 * measured time where they report it (their histograms), else count × micro cost ÷ parallelism (the micro cost plus
 * what the run injected into that hot path with {@code --inject}, a validation run); the model is kept
 * beside the server's figure either way. Where the server measures only part of a hot path, the larger of the two.
 */
final class Attribution {
    private Attribution() {}

    static RunAttribution of(MacroRun run, MicroResults micro, KmsCurves kms) {
        List<String> missing = new ArrayList<>();
        List<String> window = HotPath.window(run.scenario());
        if (window.isEmpty()) {
            missing.add("scenario " + run.scenario()
                    + ": no hot-path mapping; only cold-start and sustained runs are attributed");
        }
        List<String> observed = new ArrayList<>();
        for (String phase : window) {
            if (run.phaseSeconds().containsKey(phase)) {
                observed.add(phase);
            } else {
                missing.add("phase " + phase + ": not in phases.csv; the window lacks it");
            }
        }
        double windowSeconds =
                observed.stream().mapToDouble(run.phaseSeconds()::get).sum();
        List<Term> terms = new ArrayList<>();
        for (HotPath path : HotPath.values()) {
            path.phase(run.scenario())
                    .filter(observed::contains)
                    .flatMap(phase -> term(path, phase, run, micro, kms, windowSeconds, missing))
                    .ifPresent(terms::add);
        }
        List<PhaseTime> phases = new ArrayList<>();
        for (String phase : observed) {
            double seconds = run.phaseSeconds().get(phase);
            double explained = terms.stream()
                    .filter(t -> t.phase().equals(phase))
                    .mapToDouble(t -> t.wallSeconds().value())
                    .sum();
            phases.add(new PhaseTime(
                    phase, seconds, explained, seconds - explained, run.phaseSource(phase), run.cpuByThreads(phase)));
        }
        double explained =
                terms.stream().mapToDouble(t -> t.wallSeconds().value()).sum();
        double remainder = windowSeconds - explained;
        return new RunAttribution(
                run.name,
                run.scenario(),
                run.embedded(),
                run.targetDescription(),
                run.objects(),
                run.objectBytes(),
                run.endpoints(),
                run.harnessProcessors(),
                windowSeconds,
                phases,
                terms,
                explained,
                remainder,
                windowSeconds > 0 ? remainder / windowSeconds : 0,
                missing);
    }

    private static Optional<Term> term(
            HotPath path,
            String phase,
            MacroRun run,
            MicroResults micro,
            KmsCurves kms,
            double windowSeconds,
            List<String> missing) {
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
        Optional<Quantity> costPerOp = path.cost(r, run, micro, kms, missing);
        if (costPerOp.isEmpty()) {
            return Optional.empty();
        }
        Quantity cost = costPerOp.get();
        double n = count.get().value();
        double parallelism = path.parallelism(run, phase, r);
        double injected = run.injectedSeconds(path.id);
        String perOp = injected > 0
                ? "(" + cost.source().field() + " + injected " + fmt(injected * 1e6) + " µs)"
                : cost.source().field();
        Quantity model = new Quantity(
                n * (cost.value() + injected) / parallelism,
                n * (cost.low() + injected) / parallelism,
                n * (cost.high() + injected) / parallelism,
                "s",
                new Source(
                        cost.source().file(),
                        "count × " + perOp + " ÷ parallelism " + fmt(parallelism)
                                + jitNote(run, phase, parallelism, path, r)));
        Quantity server = path.serverSeconds(run)
                .map(total -> {
                    double streams = path.streams(run);
                    return Quantity.exact(
                            total.value() / streams,
                            "s",
                            new Source(
                                    total.source().file(), total.source().field() + " ÷ " + fmt(streams) + " at once"));
                })
                .orElse(null);
        Quantity measured = server == null
                ? model
                : path.serverMeasuredPart()
                        .map(part -> measuredPartAndModelledRest(
                                part, server, model, n, cost, injected, parallelism, run, micro, kms))
                        .orElse(server);
        Quantity wall = hiddenWaitCapped(path, phase, run, measured);
        Double alloc = path.allocationPerOperation(r);
        return Optional.of(new Term(
                path.id,
                path.description,
                phase,
                count.get(),
                cost,
                alloc,
                n * (cost.value() + injected),
                parallelism,
                model,
                server,
                path.serverMeasuredPart().isPresent(),
                wall,
                windowSeconds > 0 ? wall.value() / windowSeconds : 0));
    }

    /**
     * Where the servers measure part of a hot path (the refill's decrypts): their time for it, plus the model of the
     * rest, count × (the micro cost less the part's micro cost, plus what was injected beside it) ÷ parallelism.
     * Without the part's micro result, the larger of the servers' figure and the whole model.
     */
    private static Quantity measuredPartAndModelledRest(
            HotPath part,
            Quantity server,
            Quantity model,
            double n,
            Quantity cost,
            double injected,
            double parallelism,
            MacroRun run,
            MicroResults micro,
            KmsCurves kms) {
        Optional<Result> partMicro = part.micro(run, micro, kms);
        if (partMicro.isEmpty()) {
            return server.value() < model.value() ? model : server;
        }
        double partCost = partMicro.get().secondsPerOp(1).value();
        DoubleUnaryOperator withRest =
                costPerOp -> server.value() + n * (Math.max(0, costPerOp - partCost) + injected) / parallelism;
        String rest = "count × (" + cost.source().field() + " − " + part.benchmarks.get(0)
                + (injected > 0 ? " + injected " + fmt(injected * 1e6) + " µs" : "") + ") ÷ parallelism "
                + fmt(parallelism);
        return new Quantity(
                withRest.applyAsDouble(cost.value()),
                withRest.applyAsDouble(cost.low()),
                withRest.applyAsDouble(cost.high()),
                "s",
                new Source(
                        server.source().file() + ", " + cost.source().file() + ", "
                                + partMicro.get().file(),
                        server.source().field() + " + " + rest));
    }

    /**
     * A wait on the provider lengthens a phase only while the cores have nothing else to run: where the API servers are
     * the embedded stand-in, the other servers' CPU work fills a waiting server's cores, so a wait explains at most the
     * phase's idle time (the injection check: +0.9 s of waits per server added 0.69 s to a CPU-bound ready phase). A
     * real cluster's servers do not run on the harness, whose CPU says nothing of theirs.
     */
    private static Quantity hiddenWaitCapped(HotPath path, String phase, MacroRun run, Quantity wall) {
        if (path.runs != HotPath.Runs.PROVIDER || !run.embedded()) {
            return wall;
        }
        return run.idleSeconds(phase)
                .filter(idle -> idle.value() < wall.value())
                .map(idle -> new Quantity(
                        idle.value(),
                        Math.min(wall.low(), idle.value()),
                        Math.min(wall.high(), idle.value()),
                        "s",
                        new Source(
                                wall.source().file(),
                                wall.source().field() + ", capped at the phase's idle time ("
                                        + idle.source().field() + "): a wait adds time only while a core is free")))
                .orElse(wall);
    }

    /** Says so where the JIT compiler's cores set the parallelism. */
    private static String jitNote(MacroRun run, String phase, double parallelism, HotPath path, Result micro) {
        return run.jitCores(phase)
                .filter(jit -> parallelism
                        < Math.min(path.streams(run) * path.threadsPerStream(micro), run.harnessProcessors()))
                .map(jit -> " (" + run.harnessProcessors() + " processors − " + fmt(jit.value()) + " cores compiling, "
                        + jit.source().field() + ")")
                .orElse("");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.US, "%.2f", v);
    }
}
