package dev.cpbench.macro.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart {@code deploy/helm/cpbench}, linted and rendered by a real Helm (helm-java's native library,
 * offline) and read back with fabric8's model. Rules under test:
 * <ul>
 *   <li>{@code helm lint --strict} passes; every scenario renders; an unknown scenario, {@code shards: 0} or
 *       {@code --namespaces} in a corpus scenario's args fails the render with a message saying what to do;</li>
 *   <li>exactly one Job: Indexed, completions = parallelism = shards, no retries; its args start with the
 *       scenario and {@code --target cluster --out /results --log-results --start-at <install time + delay>},
 *       carry the target flags and the extra args, and end with {@code --shard $(JOB_COMPLETION_INDEX)/<shards>};
 *       the ConfigMap shows the same args;</li>
 *   <li>RBAC: no {@code *} in any rule's verbs, resources or API groups; no ClusterRole grants Secrets; every Role
 *       that grants Secrets is in a corpus namespace the chart makes, and corpus scenarios have one in each;</li>
 *   <li>pods run as non-root on a read-only root filesystem, with /tmp and /results on volumes (a PVC, one
 *       directory per shard, when results.persistentVolumeClaim is set);</li>
 *   <li>the install notes say how to watch the Job and the command that merges its shards.</li>
 * </ul>
 */
class HelmChartTest {
    private static final Path CHART =
            Path.of("..", "deploy", "helm", "cpbench").toAbsolutePath().normalize();
    private static final String NAMESPACE = "cpbench-bench";
    private static final List<String> CORPUS_SCENARIOS = List.of("cold-start", "sustained");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @TempDir
    Path dir;

    @Test
    void lintPasses() {
        assertThat(new Helm(CHART).lint().strict().call().isFailed()).isFalse();
    }

    @Test
    void defaultsRunOneBootstrapShardAgainstTheClusterItRunsIn() throws IOException {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<HasMetadata> manifests = render("");
        Instant after = Instant.now();

        checkRules(manifests, 1);
        List<String> args = args(job(manifests));
        assertThat(args)
                .containsExactly(
                        "bootstrap",
                        "--target",
                        "cluster",
                        "--out",
                        "/results",
                        "--log-results",
                        "--start-at",
                        args.get(7),
                        "--shard",
                        "$(JOB_COMPLETION_INDEX)/1");
        assertThat(Instant.parse(args.get(7)))
                .as("install time + startDelaySeconds (60)")
                .isBetween(before.plusSeconds(60), after.plusSeconds(60));
        assertThat(volume(job(manifests), "results").getEmptyDir()).isNotNull();
    }

    @Test
    void shardedColdStartDrivesTheNamedEndpointsAndKeepsEachShardsResults() throws IOException {
        List<HasMetadata> manifests = render("""
                scenario: cold-start
                shards: 3
                args: [--objects, 1000000, --page-size, "0"]
                corpus: {namespaces: 3}
                target:
                  apiEndpoints: [https://10.0.0.1:6443, https://10.0.0.2:6443]
                  providerMetrics: [http://10.0.0.1:9464/metrics]
                  transitMetrics: http://bao:8200/v1/sys/metrics?format=prometheus
                results: {persistentVolumeClaim: cpbench-results}
                """);

        checkRules(manifests, 3);
        Job job = job(manifests);
        List<String> args = args(job);
        assertThat(args)
                .as("target flags, corpus spread, args (whole numbers as integers), shard")
                .containsExactly(
                        "cold-start",
                        "--target",
                        "cluster",
                        "--out",
                        "/results",
                        "--log-results",
                        "--start-at",
                        args.get(7),
                        "--api-endpoints",
                        "https://10.0.0.1:6443,https://10.0.0.2:6443",
                        "--provider-metrics",
                        "http://10.0.0.1:9464/metrics",
                        "--transit-metrics",
                        "http://bao:8200/v1/sys/metrics?format=prometheus",
                        "--namespaces",
                        "3",
                        "--corpus-scope",
                        "namespaces",
                        "--objects",
                        "1000000",
                        "--page-size",
                        "0",
                        "--shard",
                        "$(JOB_COMPLETION_INDEX)/3");
        assertThat(volume(job, "results").getPersistentVolumeClaim().getClaimName())
                .isEqualTo("cpbench-results");
        assertThat(mount(job, "/results").getSubPathExpr()).isEqualTo("shard-$(JOB_COMPLETION_INDEX)");
        assertThat(names(manifests, Namespace.class)).isEqualTo(corpusNamespaces(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cold-start", "sustained", "bootstrap", "mixed-hot", "mixed-uniform"})
    void everyScenarioRendersWithLeastPrivilege(String scenario) throws IOException {
        List<HasMetadata> manifests = render("scenario: " + scenario + "\nshards: 2\n");

        checkRules(manifests, 2);
        assertThat(args(job(manifests))).startsWith(scenario);
        boolean corpus = CORPUS_SCENARIOS.contains(scenario);
        List<String> corpusNamespaces = corpusNamespaces(10);
        assertThat(names(manifests, Namespace.class)).isEqualTo(corpus ? corpusNamespaces : List.of());
        assertThat(secretRoles(manifests).map(r -> r.getMetadata().getNamespace()))
                .containsExactlyElementsOf(corpus ? corpusNamespaces : List.of());
        assertThat(only(manifests, ClusterRole.class).getRules().stream()
                        .anyMatch(r -> r.getResources().contains("namespaces")
                                && r.getVerbs().contains("create")))
                .as("only the tenant scenarios make namespaces")
                .isEqualTo(!corpus);
    }

    @Test
    void badValuesFailTheRenderSayingWhatToDo() {
        assertThatThrownBy(() -> render("scenario: cold-stort"))
                .hasMessageContaining(
                        "unknown scenario 'cold-stort'; choose one of: cold-start, sustained, bootstrap, mixed-hot, mixed-uniform");
        assertThatThrownBy(() -> render("shards: 0")).hasMessageContaining("shards must be at least 1, got 0");
        assertThatThrownBy(() -> render("scenario: sustained\nargs: [--namespaces=4]"))
                .hasMessageContaining("set corpus.namespaces, not --namespaces in args");
    }

    @Test
    void notesSayHowToWatchTheJobAndMergeItsShards() {
        String notes = new Helm(CHART)
                .install()
                .withName("cpbench")
                .withNamespace(NAMESPACE)
                .clientOnly()
                .dryRun()
                .withDryRunOption(DryRun.CLIENT)
                .call()
                .getOutput();

        assertThat(notes)
                .contains(
                        "kubectl -n cpbench-bench get job cpbench -w",
                        "kubectl -n cpbench-bench logs -f job/cpbench",
                        "./macro.sh merge --from-job cpbench-bench/cpbench --out runs");
    }

    /** The rules every rendering keeps, whatever the values. */
    private static void checkRules(List<HasMetadata> manifests, int shards) {
        Job job = job(manifests);
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(shards);
        assertThat(job.getSpec().getParallelism()).isEqualTo(shards);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        List<String> args = args(job);
        assertThat(args)
                .contains("--log-results", "--start-at")
                .endsWith("--shard", "$(JOB_COMPLETION_INDEX)/" + shards);
        assertThat(only(manifests, ConfigMap.class).getData().get("args"))
                .as("the ConfigMap shows the Job's args")
                .isEqualTo(String.join("\n", args) + "\n");

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container(job).getSecurityContext().getReadOnlyRootFilesystem())
                .isTrue();
        assertThat(container(job).getVolumeMounts())
                .extracting(VolumeMount::getMountPath)
                .contains("/tmp", "/results");
        assertThat(container(job).getEnv())
                .as("the index for $(JOB_COMPLETION_INDEX), from the downward API")
                .anyMatch(e -> e.getName().equals("JOB_COMPLETION_INDEX")
                        && e.getValueFrom()
                                .getFieldRef()
                                .getFieldPath()
                                .equals("metadata.annotations['batch.kubernetes.io/job-completion-index']"));

        assertThat(rules(manifests)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getVerbs()).noneMatch(v -> v.contains("*"));
            assertThat(r.getResources()).noneMatch(v -> v.contains("*"));
            assertThat(r.getApiGroups()).noneMatch(v -> v.contains("*"));
        });
        assertThat(of(manifests, ClusterRole.class).flatMap(c -> c.getRules().stream()))
                .as("no Secrets at cluster scope")
                .noneMatch(r -> r.getResources().contains("secrets"));
        List<String> namespaces = names(manifests, Namespace.class);
        assertThat(secretRoles(manifests))
                .as("Secrets only in the corpus namespaces the chart makes")
                .allMatch(r -> r.getMetadata().getNamespace().matches("cpbench-corpus-\\d{2,}")
                        && namespaces.contains(r.getMetadata().getNamespace()));
    }

    /** The namespaces cpbench spreads a corpus over: the chart must make the same ones. */
    private static List<String> corpusNamespaces(int namespaces) {
        return new SecretCorpus(namespaces, 1, namespaces, SecretCorpus.DEFAULT_SEED).namespaceNames();
    }

    private List<HasMetadata> render(String values) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "values", ".yaml"), values);
        String yaml = new Helm(CHART)
                .template()
                .withName("cpbench")
                .withNamespace(NAMESPACE)
                .withValuesFile(file)
                .call();
        return YAML.unmarshal(yaml);
    }

    private static <T extends HasMetadata> Stream<T> of(List<HasMetadata> manifests, Class<T> kind) {
        return manifests.stream().filter(kind::isInstance).map(kind::cast);
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> manifests, Class<T> kind) {
        List<T> found = of(manifests, kind).toList();
        assertThat(found).as("%s objects", kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static List<String> names(List<HasMetadata> manifests, Class<? extends HasMetadata> kind) {
        return of(manifests, kind).map(o -> o.getMetadata().getName()).toList();
    }

    private static Job job(List<HasMetadata> manifests) {
        return only(manifests, Job.class);
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static List<String> args(Job job) {
        return container(job).getArgs();
    }

    private static Volume volume(Job job, String name) {
        return job.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static VolumeMount mount(Job job, String path) {
        return container(job).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow();
    }

    private static Stream<PolicyRule> rules(List<HasMetadata> manifests) {
        return Stream.concat(
                of(manifests, Role.class).flatMap(r -> r.getRules().stream()),
                of(manifests, ClusterRole.class).flatMap(c -> c.getRules().stream()));
    }

    private static Stream<Role> secretRoles(List<HasMetadata> manifests) {
        return of(manifests, Role.class)
                .filter(r -> r.getRules().stream()
                        .anyMatch(rule -> rule.getResources().contains("secrets")));
    }
}
