package dev.cpbench.macro.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.fixtures.Deadline;
import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.StandInCluster;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestKubeconfig;
import dev.cpbench.macro.TestRuns;
import dev.cpbench.macro.common.Partition;
import dev.cpbench.macro.common.ResultsArchive;
import dev.cpbench.macro.latency.IntervalLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three shards of mixed-uniform, run as three separate processes against one target and merged, do what one
 * process does: the same tenants made, the same requests of each kind, the same operations scheduled, no
 * errors; the merged percentiles come from the added histograms of the shards; each shard's log carries its
 * run directory as a checksummed archive that unpacks to the directory it wrote.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ShardedRunTest {
    /** Generous: three JVMs start, seed, restart and list beside this one; a few minutes on a busy 2-core machine. */
    private static final Duration SHARDS_LIMIT = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCENARIO = List.of(
            "mixed-uniform",
            "--tenants",
            "12",
            "--workers",
            "3",
            "--write-rps-per-tenant",
            "2",
            "--read-rps-per-tenant",
            "6",
            "--load-duration",
            "2s",
            "--prewarm-objects",
            "2",
            "--warmup",
            "0s",
            "--post-bootstrap-settle",
            "0s",
            "--sample-interval",
            "200ms");

    @TempDir
    Path dir;

    @Test
    void threeShardsMergedDoWhatOneProcessDoes() throws Exception {
        try (StandInCluster cluster =
                StandInCluster.start(ClusterOptions.builder().apiServers(3).build())) {
            String kubeconfig =
                    TestKubeconfig.write(dir, cluster.apiServers().get(0).url()).toString();
            String endpoints = String.join(
                    ",",
                    cluster.apiServers().stream().map(s -> s.url().toString()).toList());
            List<String> target =
                    List.of("--target", "cluster", "--kubeconfig", kubeconfig, "--api-endpoints", endpoints);

            List<String> single = new ArrayList<>(SCENARIO);
            single.addAll(target);
            single.addAll(List.of("--out", dir.resolve("single").toString()));
            assertThat(MacroCli.commandLine().execute(single.toArray(String[]::new)))
                    .isIn(0, 1); // 1: a busy machine missed the 99% rate bar

            List<String> scenario = new ArrayList<>(SCENARIO);
            scenario.addAll(target);
            List<Path> shardDirs = awaitShards(
                    startShards(scenario, Instant.now().plusSeconds(20), List.of("--load-start-offset", "10s")), 1);
            merge(shardDirs);

            JsonNode one = JSON.readTree(TestRuns.onlyRunDir(dir.resolve("single"))
                    .resolve("run.json")
                    .toFile());
            Path mergedDir = TestRuns.onlyRunDir(dir.resolve("merged"));
            JsonNode merged = JSON.readTree(mergedDir.resolve("run.json").toFile());
            assertThat(merged.path("status").asText())
                    .as("merged operations: %s", merged.path("operations"))
                    .isIn("OK", "INCOMPLETE"); // INCOMPLETE: a shard on a busy machine missed the rate bar
            assertThat(merged.path("tenants").path("ready").asLong())
                    .isEqualTo(one.path("tenants").path("ready").asLong())
                    .isEqualTo(12);
            assertThat(merged.path("errors").asLong())
                    .isEqualTo(one.path("errors").asLong())
                    .isZero();
            for (String op :
                    List.of("create", "read", "tenant", "prewarm", "load-read", "load-write", "crd-established")) {
                assertThat(count(merged, op)).as(op).isEqualTo(count(one, op));
            }
            assertThat(merged.path("rates").path("scheduled").asLong())
                    .isEqualTo(one.path("rates").path("scheduled").asLong())
                    .isEqualTo(192);
            assertThat(merged.path("rates").path("requestedOpsPerSecond").asDouble())
                    .isEqualTo(96.0);
            assertThat(merged.path("shards")).hasSize(3);

            Histogram added = new Histogram(3);
            for (Path d : shardDirs) {
                added.add(IntervalLog.whole(d.resolve("load-read.hlog")));
            }
            Histogram fromMergedLog = new Histogram(3);
            fromMergedLog.add(IntervalLog.whole(mergedDir.resolve("load-read.hlog")));
            assertThat(fromMergedLog.getTotalCount())
                    .isEqualTo(added.getTotalCount())
                    .isEqualTo(count(one, "load-read"));
            JsonNode row = latencyRow(merged, "load-read");
            assertThat(row.path("p99Ms").asDouble()).isEqualTo(added.getValueAtPercentile(99) / 1000.0);
            assertThat(Files.readString(mergedDir.resolve("summary.md")))
                    .contains("merged from 3 shards", "| 0/3 | ", "| 2/3 | ");

            for (int i = 0; i < 3; i++) {
                List<ResultsArchive.Found> found = ResultsArchive.find(
                        Files.readString(dir.resolve("shard" + i + ".log"), StandardCharsets.UTF_8), "shard " + i);
                assertThat(found).hasSize(1);
                Path unpacked = dir.resolve("unpacked" + i);
                ResultsArchive.unzip(found.get(0).zip(), unpacked);
                Path original = shardDirs.stream()
                        .filter(d -> d.getFileName()
                                .toString()
                                .contains("shard" + found.get(0).shard().index() + "of3"))
                        .findFirst()
                        .orElseThrow();
                assertThat(Files.readString(unpacked.resolve("run.json")))
                        .isEqualTo(Files.readString(original.resolve("run.json")));
            }
        }
    }

    @Test
    void threeShardsOfAColdStartReadWhatOneProcessReads() throws Exception {
        try (StandInCluster cluster =
                StandInCluster.start(ClusterOptions.builder().apiServers(3).build())) {
            Path request = dir.resolve("restart-requested");
            Thread restarter = new Thread(() -> restartOnRequest(cluster, request), "test-restarter");
            restarter.setDaemon(true);
            restarter.start();
            // the restart command asks this test to restart the cluster and returns once it has
            String restartCmd = "touch " + request + " && while [ -e " + request + " ]; do sleep 0.05; done";
            String kubeconfig =
                    TestKubeconfig.write(dir, cluster.apiServers().get(0).url()).toString();
            String endpoints = String.join(
                    ",",
                    cluster.apiServers().stream().map(s -> s.url().toString()).toList());
            List<String> scenario = List.of(
                    "cold-start",
                    "--objects",
                    "300",
                    "--page-size",
                    "100",
                    "--settle",
                    "0s",
                    "--target",
                    "cluster",
                    "--kubeconfig",
                    kubeconfig,
                    "--api-endpoints",
                    endpoints,
                    "--restart-cmd",
                    restartCmd);

            List<String> single = new ArrayList<>(scenario);
            single.addAll(List.of("--out", dir.resolve("single").toString()));
            assertThat(MacroCli.commandLine().execute(single.toArray(String[]::new)))
                    .isZero();
            List<Process> shards = startShards(scenario, Instant.now().plusSeconds(15), List.of());
            List<Path> shardDirs = awaitShards(shards, 0);
            JsonNode merged = merge(shardDirs);

            JsonNode one = JSON.readTree(TestRuns.onlyRunDir(dir.resolve("single"))
                    .resolve("run.json")
                    .toFile());
            assertThat(merged.path("status").asText()).isEqualTo("OK");
            assertThat(merged.path("objectReads").asLong())
                    .isEqualTo(one.path("objectReads").asLong())
                    .isEqualTo(900);
            assertThat(merged.path("expectedObjectReads").asLong())
                    .isEqualTo(one.path("expectedObjectReads").asLong());
            assertThat(merged.path("errors").asLong())
                    .isEqualTo(one.path("errors").asLong())
                    .isZero();
            assertThat(merged.path("endpoints"))
                    .extracting(e -> e.path("objectReads").asLong())
                    .containsExactly(300L, 300L, 300L);
            assertThat(latencyRow(merged, "list").path("count").asLong()).isEqualTo(3);
            restarter.interrupt();
        }
    }

    private static void restartOnRequest(StandInCluster cluster, Path request) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (Files.exists(request)) {
                    cluster.restartAll();
                    Files.delete(request);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Starts shards 0/3, 1/3 and 2/3 of {@code scenario} as separate processes, logging to shardI.log/.err. */
    private List<Process> startShards(List<String> scenario, Instant startAt, List<String> more) throws IOException {
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // three JVMs beside this one on a small machine: the quick JIT and one GC thread each leave the CPUs to the
            // work
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    MacroCli.class.getName()));
            command.addAll(scenario);
            command.addAll(more);
            command.addAll(List.of(
                    "--shard",
                    i + "/3",
                    "--start-at",
                    startAt.toString(),
                    "--log-results",
                    "--out",
                    dir.resolve("shards").toString()));
            shards.add(new ProcessBuilder(command)
                    .redirectOutput(dir.resolve("shard" + i + ".log").toFile())
                    .redirectError(dir.resolve("shard" + i + ".err").toFile())
                    .start());
        }
        return shards;
    }

    /**
     * Waits for the shards to end with an exit code up to {@code worstExit}, all within {@link #SHARDS_LIMIT} (then
     * stops them); returns their run directories in name order.
     */
    private List<Path> awaitShards(List<Process> shards, int worstExit) throws Exception {
        try {
            Deadline.await(
                    SHARDS_LIMIT, () -> shards.stream().noneMatch(Process::isAlive), () -> "the shards did not end");
        } finally {
            shards.forEach(Process::destroyForcibly);
        }
        for (int i = 0; i < shards.size(); i++) {
            assertThat(shards.get(i).exitValue())
                    .as(Files.readString(dir.resolve("shard" + i + ".err")))
                    .isBetween(0, worstExit);
        }
        try (var list = Files.list(dir.resolve("shards"))) {
            return list.sorted().toList();
        }
    }

    private JsonNode merge(List<Path> shardDirs) throws IOException {
        List<String> args =
                new ArrayList<>(List.of("merge", "--out", dir.resolve("merged").toString()));
        shardDirs.forEach(d -> args.add(d.toString()));
        assertThat(MacroCli.commandLine().execute(args.toArray(String[]::new))).isZero();
        return JSON.readTree(
                TestRuns.onlyRunDir(dir.resolve("merged")).resolve("run.json").toFile());
    }

    @Test
    void aMissingShardOrADamagedArchiveIsAClearError() throws IOException {
        Path run = Files.createDirectories(dir.resolve("bootstrap-12-shard0of2"));
        Files.writeString(
                run.resolve("run.json"),
                "{\"scenario\":\"bootstrap\",\"status\":\"OK\",\"options\":{\"shard\":\"0/2\"}}");
        assertThat(MacroCli.commandLine()
                        .execute("merge", "--out", dir.resolve("out").toString(), run.toString()))
                .isEqualTo(2);

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ResultsArchive.print(run, new Partition(0, 2), new PrintStream(printed, true, StandardCharsets.UTF_8));
        String log = printed.toString(StandardCharsets.UTF_8);
        assertThat(ResultsArchive.find(log, "test")).hasSize(1);
        String[] lines = log.split("\n");
        lines[1] =
                (lines[1].charAt(0) == 'A' ? "B" : "A") + lines[1].substring(1); // one character of the archive changed
        assertThatThrownBy(() -> ResultsArchive.find(String.join("\n", lines), "pod p"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pod p")
                .hasMessageContaining("checksum");
    }

    private static long count(JsonNode run, String operation) {
        for (JsonNode op : run.path("operations")) {
            if (op.path("operation").asText().equals(operation)) {
                return op.path("count").asLong();
            }
        }
        return -1;
    }

    private static JsonNode latencyRow(JsonNode run, String operation) {
        JsonNode found = null;
        for (JsonNode r : run.path("latencyMs")) {
            if (r.path("operation").asText().equals(operation)
                    && (found == null || r.path("endpoint").asText().equals("all"))) {
                found = r;
            }
        }
        return found;
    }
}
