package dev.cpbench.macro.merge;

import dev.cpbench.macro.common.ResultsArchive;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code merge DIR...} or {@code merge --from-job NAMESPACE/JOB}: one run directory from the shards of a sharded
 * run ({@link RunMerger}). From a Job, each completed pod's log is read through the Kubernetes API and the
 * results archive it printed ({@code --log-results}) is checked and unpacked: no shared storage is needed.
 */
@Command(
        name = "merge",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Merges the run directories of a sharded run (--shard I/N) into one: histograms added, counts summed,",
            "each shard's achieved-against-requested rate shown. Shards come from directories or from the logs of",
            "a Kubernetes Job's pods (--from-job, the runs printed with --log-results)."
        })
public final class MergeCommand implements Callable<Integer> {
    static final class Source {
        @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "The shards' run directories.")
        List<Path> dirs;

        @Option(
                names = "--from-job",
                paramLabel = "NAMESPACE/JOB",
                description = "Read the shards from this Job's pods' logs.")
        String job;
    }

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(
            names = "--kubeconfig",
            description = "With --from-job: kubeconfig file (default: KUBECONFIG, ~/.kube/config or in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", description = "With --from-job: kubeconfig context (default: its current one).")
    String context;

    @Option(
            names = "--out",
            defaultValue = "runs",
            description = "Where the merged run directory goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        try {
            List<Path> dirs = source.job != null ? fromJob(source.job) : source.dirs;
            List<ShardRun> runs = new ArrayList<>();
            dirs.forEach(d -> runs.add(ShardRun.read(d)));
            Path merged = new RunMerger(runs).write(out);
            System.err.println("merge: " + runs.size() + " shard(s) merged into " + merged.resolve("summary.md"));
            return 0;
        } catch (MergeException e) {
            System.err.println("merge: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("merge: " + e.getMessage());
            return 2;
        }
    }

    /** Unpacks the archive each of the Job's finished pods printed into {@code --out/<job>-shards/<I>of<N>/}. */
    private List<Path> fromJob(String namespaceAndJob) throws IOException {
        String[] parts = namespaceAndJob.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new MergeException("--from-job wants NAMESPACE/JOB, got '" + namespaceAndJob + "'");
        }
        Config config = kubeconfig != null
                ? Config.fromKubeconfig(context, kubeconfig.toFile())
                : Config.autoConfigure(context);
        List<Path> dirs = new ArrayList<>();
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            List<Pod> pods = client.pods()
                    .inNamespace(parts[0])
                    .withLabel("job-name", parts[1])
                    .list()
                    .getItems();
            if (pods.isEmpty()) {
                throw new MergeException("Job " + namespaceAndJob + " has no pods (label job-name=" + parts[1] + ")");
            }
            Path base = out.resolve(parts[1] + "-shards");
            for (Pod pod : pods) {
                String phase = pod.getStatus() == null ? "" : pod.getStatus().getPhase();
                if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                    System.err.println(
                            "merge: skipping pod " + pod.getMetadata().getName() + " (" + phase + "): not finished");
                    continue;
                }
                String log = client.pods()
                        .inNamespace(parts[0])
                        .withName(pod.getMetadata().getName())
                        .getLog();
                List<ResultsArchive.Found> found =
                        ResultsArchive.find(log, "pod " + pod.getMetadata().getName());
                if (found.isEmpty()) {
                    throw new MergeException("pod " + pod.getMetadata().getName() + " (" + phase
                            + ") printed no results archive: was the run started with --log-results?");
                }
                ResultsArchive.Found last = found.get(found.size() - 1);
                Path dir =
                        base.resolve(last.shard().index() + "of" + last.shard().count());
                if (Files.exists(dir)) {
                    throw new MergeException(dir + " exists already: merge into a fresh --out, or remove it");
                }
                ResultsArchive.unzip(last.zip(), dir);
                dirs.add(dir);
            }
        } catch (KubernetesClientException e) {
            throw new MergeException("cannot read Job " + namespaceAndJob + ": " + e.getMessage(), e);
        }
        return dirs;
    }
}
