package dev.cpbench.macro.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.fixtures.TestResources;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestKubeconfig;
import dev.cpbench.macro.common.Partition;
import dev.cpbench.macro.common.ResultsArchive;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code merge --from-job NS/JOB} lists the Job's pods through the Kubernetes API (label job-name), reads each
 * finished pod's log, checks and unpacks the results archive it printed, and merges the shards; a pod whose log
 * holds no archive is a clear error naming it.
 */
class MergeFromJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final TestResources resources = new TestResources();

    private KubernetesMockServer server;

    @BeforeEach
    void start() {
        server = resources.add(new KubernetesMockServer(false), KubernetesMockServer::destroy);
        server.init();
    }

    @Test
    void mergesTheShardsThePodsPrinted() throws IOException {
        expectPods("bench", "cpbench", pod("cpbench-0", "Succeeded"), pod("cpbench-1", "Succeeded"));
        expectLog("bench", "cpbench-0", "starting\n" + archive(shardRun(0, 7), new Partition(0, 2)) + "done\n");
        expectLog("bench", "cpbench-1", archive(shardRun(1, 5), new Partition(1, 2)));

        int exit = MacroCli.commandLine()
                .execute(
                        "merge",
                        "--from-job",
                        "bench/cpbench",
                        "--kubeconfig",
                        kubeconfig(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(exit).isZero();
        Path merged;
        try (var dirs = Files.list(dir.resolve("out"))) {
            merged = dirs.filter(d -> d.getFileName().toString().startsWith("bootstrap-merged"))
                    .findFirst()
                    .orElseThrow();
        }
        JsonNode json = JSON.readTree(merged.resolve("run.json").toFile());
        assertThat(json.path("tenants").path("ready").asLong()).isEqualTo(12);
        assertThat(json.path("shards")).hasSize(2);
        assertThat(dir.resolve("out/cpbench-shards/0of2/run.json")).exists();
        assertThat(dir.resolve("out/cpbench-shards/1of2/run.json")).exists();
    }

    @Test
    void aPodWithoutAnArchiveIsNamed() throws IOException {
        expectPods("bench", "cpbench", pod("cpbench-0", "Failed"));
        expectLog("bench", "cpbench-0", "Exception in thread main\n");

        int exit = MacroCli.commandLine()
                .execute(
                        "merge",
                        "--from-job",
                        "bench/cpbench",
                        "--kubeconfig",
                        kubeconfig(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
    }

    private String kubeconfig() throws IOException {
        return TestKubeconfig.write(dir, URI.create(server.url("/"))).toString();
    }

    /** A shard's run directory as a bootstrap shard writes it, with {@code ready} tenants. */
    private Path shardRun(int index, int ready) throws IOException {
        Path run = Files.createDirectories(dir.resolve("made/shard" + index));
        Files.writeString(run.resolve("run.json"), """
                {"scenario":"bootstrap","status":"OK","options":{"shard":"%d/2"},"errors":0,
                 "tenants":{"total":12,"requested":%d,"ready":%d},"operations":[]}
                """.formatted(index, ready, ready));
        return run;
    }

    private static String archive(Path run, Partition shard) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ResultsArchive.print(run, shard, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Pod pod(String name, String phase) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("job-name", "cpbench")
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    private void expectPods(String namespace, String job, Pod... pods) {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods?labelSelector=job-name%3D" + job)
                .andReturn(
                        200,
                        new PodListBuilder()
                                .withNewMetadata()
                                .endMetadata()
                                .withItems(pods)
                                .build())
                .always();
        for (Pod p : pods) { // fabric8 looks the pod up before reading its log
            server.expect()
                    .get()
                    .withPath("/api/v1/namespaces/" + namespace + "/pods?fieldSelector=metadata.name%3D"
                            + p.getMetadata().getName())
                    .andReturn(
                            200,
                            new PodListBuilder()
                                    .withNewMetadata()
                                    .endMetadata()
                                    .withItems(p)
                                    .build())
                    .always();
        }
    }

    private void expectLog(String namespace, String pod, String log) {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/log?pretty=false")
                .andReturn(200, log)
                .always();
    }
}
