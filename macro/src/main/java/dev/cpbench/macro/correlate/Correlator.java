package dev.cpbench.macro.correlate;

import dev.cpbench.macro.correlate.Report.BatchingDecision;
import dev.cpbench.macro.correlate.Report.Finding;
import dev.cpbench.macro.correlate.Report.Inputs;
import dev.cpbench.macro.correlate.Report.LatencyCurve;
import dev.cpbench.macro.correlate.Report.RunAttribution;
import dev.cpbench.macro.correlate.Report.ScalingGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the inputs and computes every part of the report but its charts. */
final class Correlator {
    private Correlator() {}

    static Report correlate(List<Path> microFiles, List<Path> runDirs, double thresholdPercent) {
        MicroResults micro = MicroResults.read(microFiles);
        KmsCurves kms = new KmsCurves(micro);
        List<MacroRun> runs = runDirs.stream().map(MacroRun::read).toList();
        List<RunAttribution> attributions = new ArrayList<>();
        List<BatchingDecision> decisions = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<LatencyCurve> latency = new ArrayList<>();
        for (MacroRun run : runs) {
            RunAttribution attribution = Attribution.of(run, micro, kms);
            BatchingDecision decision = BatchingDecider.decide(run, attribution, kms, thresholdPercent);
            attributions.add(attribution);
            decisions.add(decision);
            findings.addAll(Diagnosis.of(run, attribution, decision, thresholdPercent));
            latency.addAll(LatencyCurves.of(run));
        }
        List<ScalingGroup> scaling = Scaling.of(runs, attributions, decisions);
        scaling.forEach(group -> findings.addAll(Diagnosis.of(group)));
        Inputs inputs = new Inputs(
                microFiles.stream().map(Path::toString).toList(),
                runDirs.stream().map(Path::toString).toList(),
                thresholdPercent);
        return new Report(
                Report.SCHEMA_VERSION,
                inputs,
                attributions,
                decisions,
                findings,
                scaling,
                latency,
                kms.curves(),
                List.of());
    }
}
