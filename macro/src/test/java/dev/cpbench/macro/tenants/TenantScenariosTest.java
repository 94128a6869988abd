package dev.cpbench.macro.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.fixtures.cluster.ClusterOptions;
import dev.cpbench.fixtures.cluster.LogicalCluster;
import dev.cpbench.fixtures.cluster.StandInCluster;
import dev.cpbench.macro.MacroCli;
import dev.cpbench.macro.TestKubeconfig;
import dev.cpbench.macro.TestRuns;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tenant scenarios on the embedded stand-in, small: every tenant is made and counted (namespace, custom
 * resource, ConfigMaps), every sample and profile is taken, and the report's tables hold what the run did:
 * per-phase and per-tenant rows, operations with their counts, the open-model rate against the requested one,
 * and a sizing row; tenant-fit fits the runs at two tenant counts.
 */
class TenantScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bootstrapMakesEveryTenantAndReportsItsCost(@TempDir Path out) throws IOException {
        int exit = run(
                "bootstrap",
                "--tenants",
                "12",
                "--workers",
                "3",
                "--objects-per-tenant",
                "2",
                "--steady-wait",
                "1s",
                "--out",
                out.toString());

        assertThat(exit).isZero();
        Path dir = TestRuns.onlyRunDir(out);
        JsonNode json = JSON.readTree(dir.resolve("run.json").toFile());
        assertThat(json.path("status").asText()).isEqualTo("OK");
        assertThat(json.path("tenants").path("ready").asInt()).isEqualTo(12);
        JsonNode ops = byName(json.path("operations"), "operation");
        assertThat(ops.path("create").path("count").asLong())
                .as("CRD + 12 × (namespace + custom resource + 2 ConfigMaps)")
                .isEqualTo(1 + 12 * 4);
        assertThat(ops.path("tenant").path("count").asLong()).isEqualTo(12);
        assertThat(ops.path("crd-established").path("count").asLong()).isEqualTo(1);
        assertThat(json.path("errors").asLong()).isZero();
        assertThat(samples(json)).containsExactly("baseline", "bootstrap-end", "post", "steady");
        assertThat(json.path("phaseTable").get(1).path("cpuCores").isNumber()).isTrue();
        assertThat(json.path("perTenant"))
                .extracting(n -> n.path("sample").asText())
                .containsExactly("post", "steady");
        JsonNode sizing = json.path("sizing").get(0);
        assertThat(sizing.path("requestsMemory").asText()).matches("\\d+Mi");
        assertThat(sizing.path("limitsCpu").asText()).matches("\\d+m");
        assertThat(Files.readString(dir.resolve("profiles/steady-class-histogram.txt")))
                .contains("Total");
        assertThat(Files.readAllLines(dir.resolve("timeline.csv")).size()).isGreaterThan(3);
        String summary = Files.readString(dir.resolve("summary.md"));
        assertThat(summary)
                .contains(
                        "# cpbench bootstrap: 12 tenants",
                        "Figures from the embedded stand-in",
                        "Tenants ready: 12 of 12",
                        "## Phases",
                        "## Per tenant",
                        "## Operations",
                        "## Sizing",
                        "| tenant | 12 | 0 | 0 |");
    }

    @Test
    void mixedHotRunsTheOpenModelLoadOnTheHotTenants(@TempDir Path out) throws IOException {
        int exit = run(
                "mixed-hot",
                "--tenants",
                "10",
                "--hot-percent",
                "30",
                "--write-rps-per-tenant",
                "4",
                "--read-rps-per-tenant",
                "16",
                "--load-duration",
                "2s",
                "--prewarm-objects",
                "2",
                "--out",
                out.toString());

        assertThat(exit).isIn(0, 1); // 1 = INCOMPLETE when a busy machine answers under 99% within the 2 s window
        JsonNode json =
                JSON.readTree(TestRuns.onlyRunDir(out).resolve("run.json").toFile());
        assertThat(json.path("facts").path("hotTenants").asInt()).isEqualTo(3);
        JsonNode rates = json.path("rates");
        assertThat(rates.path("requestedOpsPerSecond").asDouble()).isEqualTo(60.0);
        assertThat(rates.path("scheduled").asLong()).isEqualTo(120);
        assertThat(rates.path("completed").asLong()).isEqualTo(120);
        assertThat(json.path("status").asText()).isEqualTo(rates.path("held").asBoolean() ? "OK" : "INCOMPLETE");
        JsonNode ops = byName(json.path("operations"), "operation");
        assertThat(ops.path("load-write").path("count").asLong()).isEqualTo(24);
        assertThat(ops.path("load-read").path("count").asLong()).isEqualTo(96);
        assertThat(ops.path("prewarm").path("count").asLong()).isEqualTo(6);
        // no errors; 409 conflicts are not errors: on a busy machine two writes of one object overlap and one loses
        assertThat(ops.path("load-write").path("errors").asLong()).isZero();
        assertThat(samples(json)).containsExactly("baseline", "bootstrap-end", "post", "load-start", "post-load");
        assertThat(json.path("steadyWindow").path("to").asText()).isEqualTo("post-load");
        assertThat(Files.readString(TestRuns.onlyRunDir(out).resolve("summary.md")))
                .contains("## Rate: achieved against requested", "| 60.0 | 72.0 | 120 |");
    }

    @Test
    void tenantFitSeparatesFixedCostFromTheSlope(@TempDir Path out) throws IOException {
        Path runs = out.resolve("runs");
        assertThat(run("bootstrap", "--tenants", "5", "--steady-wait", "0s", "--out", runs.toString()))
                .isZero();
        assertThat(run("bootstrap", "--tenants", "15", "--steady-wait", "0s", "--out", runs.toString()))
                .isZero();
        List<String> args = new ArrayList<>(
                List.of("tenant-fit", "--out", out.resolve("fit").toString(), "--for-tenants", "1000"));
        try (var dirs = Files.list(runs)) {
            dirs.sorted().forEach(d -> args.add(d.toString()));
        }

        assertThat(MacroCli.commandLine().execute(args.toArray(String[]::new))).isZero();
        Path fit = TestRuns.onlyRunDir(out.resolve("fit"));
        JsonNode json = JSON.readTree(fit.resolve("tenant-fit.json").toFile());
        JsonNode rss = byName(json.path("fits"), "figure").path("rssBytes");
        List<Integer> n = new ArrayList<>();
        rss.path("tenants").forEach(v -> n.add(v.asInt()));
        assertThat(n)
                .containsExactly(15, 5); // run directories in name order: bootstrap-15-... sorts before bootstrap-5-...
        double fixed = rss.path("fixed").asDouble();
        double slope = rss.path("perTenant").asDouble();
        assertThat(fixed + slope * 15)
                .isCloseTo(rss.path("values").get(0).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(fixed + slope * 5)
                .isCloseTo(rss.path("values").get(1).asDouble(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(json.path("projectedSizing").get(0).path("requestsMemory").asText())
                .matches("\\d+Mi");
        assertThat(Files.readString(fit.resolve("tenant-fit.md"))).contains("Sizing projected for 1,000 tenants");
    }

    @Test
    void withAUrlTemplateEachTenantIsItsOwnControlPlane(@TempDir Path out) throws Exception {
        try (StandInCluster cluster =
                StandInCluster.start(ClusterOptions.builder().apiServers(1).build())) {
            URI server = cluster.apiServers().get(0).url();
            int exit = MacroCli.commandLine()
                    .execute(
                            "bootstrap",
                            "--kubeconfig",
                            TestKubeconfig.write(out, server).toString(),
                            "--tenant-url-template",
                            server + "/clusters/{name}",
                            "--tenants",
                            "4",
                            "--workers",
                            "2",
                            "--keep-tenants",
                            "--warmup",
                            "0s",
                            "--post-bootstrap-settle",
                            "0s",
                            "--steady-wait",
                            "0s",
                            "--sample-interval",
                            "200ms",
                            "--out",
                            out.resolve("runs").toString());

            assertThat(exit).isZero();
            JsonNode json = JSON.readTree(
                    TestRuns.onlyRunDir(out.resolve("runs")).resolve("run.json").toFile());
            assertThat(json.path("tenants").path("ready").asInt()).isEqualTo(4);
            assertThat(byName(json.path("operations"), "operation")
                            .path("crd-established")
                            .path("count")
                            .asLong())
                    .isEqualTo(4);
            for (int i = 0; i < 4; i++) {
                URI tenant = cluster.apiServers()
                        .get(0)
                        .url(LogicalCluster.named(String.format(Locale.US, "cpbench-tenant-%05d", i)));
                try (KubernetesClient c = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder()
                                .withMasterUrl(tenant.toString())
                                .build())
                        .build()) {
                    assertThat(c.configMaps()
                                    .inNamespace(Tenancy.NAMESPACE_IN_OWN_CONTROL_PLANE)
                                    .list()
                                    .getItems())
                            .hasSize(3);
                    assertThat(c.apiextensions()
                                    .v1()
                                    .customResourceDefinitions()
                                    .withName(Tenancy.CRD_NAME)
                                    .get())
                            .isNotNull();
                }
            }
            try (KubernetesClient root = new KubernetesClientBuilder()
                    .withConfig(
                            new ConfigBuilder().withMasterUrl(server.toString()).build())
                    .build()) {
                assertThat(root.namespaces()
                                .withLabel(Tenancy.TENANT_LABEL)
                                .list()
                                .getItems())
                        .as("nothing in the default cluster")
                        .isEmpty();
            }
        }
    }

    @Test
    void aFigureThatDoesNotGrowIsProjectedAtItsLargestValueNotBelowZero(@TempDir Path out) throws IOException {
        double mib = 1024 * 1024;
        Path small = fitInput(out.resolve("runs/a"), 10, 400 * mib);
        Path large = fitInput(out.resolve("runs/b"), 20, 300 * mib); // noise: less RSS with more tenants

        assertThat(MacroCli.commandLine()
                        .execute(
                                "tenant-fit",
                                "--out",
                                out.resolve("fit").toString(),
                                "--for-tenants",
                                "1000",
                                small.toString(),
                                large.toString()))
                .isZero();
        JsonNode sizing = JSON.readTree(TestRuns.onlyRunDir(out.resolve("fit"))
                        .resolve("tenant-fit.json")
                        .toFile())
                .path("projectedSizing")
                .get(0);
        assertThat(sizing.path("steadyRssBytes").asDouble()).isEqualTo(400 * mib); // not 400 MiB - 10 MiB × 990
        assertThat(sizing.path("requestsMemory").asText()).isEqualTo("440Mi");
        assertThat(sizing.path("limitsMemory").asText()).isEqualTo("600Mi");
    }

    /** A run.json as a bootstrap of {@code tenants} writes it, its steady RSS {@code rss} (peak the same). */
    private static Path fitInput(Path dir, int tenants, double rss) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("run.json"), """
                {"scenario":"bootstrap","options":{"safety-factor":1.5},"tenants":{"total":%d,"requested":%d,"ready":%d},
                 "steadyWindow":{"from":"post","to":"steady"},
                 "phaseTable":[{"sample":"steady","rssBytes":%s}],
                 "sizing":[{"process":"apiserver-0","steadyRssBytes":%s,"peakRssBytes":%s,"steadyCores":0.1,"burstCores":1.0}]}
                """.formatted(tenants, tenants, tenants, rss, rss, rss));
        return dir;
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(run("bootstrap", "--tenants", "0")).isEqualTo(2);
        assertThat(run("bootstrap", "--tenant-url-template", "http://x/clusters/"))
                .isEqualTo(2);
        assertThat(run("mixed-hot", "--hot-percent", "0")).isEqualTo(2);
        assertThat(run("mixed-uniform", "--write-rps-per-tenant", "0", "--read-rps-per-tenant", "0"))
                .isEqualTo(2);
    }

    /** Runs a scenario on the embedded stand-in with short pauses. */
    private static int run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!args[0].equals("tenant-fit")) {
            all.addAll(List.of(
                    "--target",
                    "embedded",
                    "--embedded-api-servers",
                    "2",
                    "--warmup",
                    "0s",
                    "--post-bootstrap-settle",
                    "1s",
                    "--sample-interval",
                    "200ms"));
        }
        return MacroCli.commandLine().execute(all.toArray(String[]::new));
    }

    private static List<String> samples(JsonNode json) {
        List<String> out = new ArrayList<>();
        json.path("phaseTable").forEach(n -> out.add(n.path("sample").asText()));
        return out;
    }

    /** An array of objects as one object keyed by each element's {@code key} field. */
    private static JsonNode byName(JsonNode array, String key) {
        var out = JSON.createObjectNode();
        array.forEach(n -> out.set(n.path(key).asText(), n));
        return out;
    }
}
