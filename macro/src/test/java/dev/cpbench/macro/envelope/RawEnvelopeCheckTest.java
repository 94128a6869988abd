package dev.cpbench.macro.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpbench.fixtures.cluster.EtcdConnection;
import dev.cpbench.fixtures.cluster.EtcdProcess;
import dev.cpbench.fixtures.cluster.EtcdV3Store;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.macro.MacroCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cold-start} (and {@code sustained}) on the stand-in over a real etcd process reads a sample of the corpus
 * straight from etcd before the restart (the load): every value a KMS v2 envelope of the stand-in's provider, one table row per key in summary.md and
 * run.json. A value holding a Secret's plaintext, or another provider's prefix, fails the run with exit 1 and a
 * console line naming the key; an etcd that does not answer is one line and exit 2. Without {@code etcd} on PATH the
 * etcd tests are skipped with one line, except on CI ({@code CI=true}), where they fail.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RawEnvelopeCheckTest {
    private static final int OBJECTS = 200;
    private static final int NAMESPACES = 4;

    @Test
    void coldStartOverRealEtcdChecksEverySampledEnvelope(@TempDir Path out) throws Exception {
        requireEtcd();
        Console console = new Console();
        int exit = console.run(
                "cold-start",
                "--target",
                "embedded",
                "--embedded-store",
                "etcd",
                "--embedded-api-servers",
                "2",
                "--embedded-kms",
                "in_process",
                "--objects",
                Integer.toString(OBJECTS),
                "--namespaces",
                Integer.toString(NAMESPACES),
                "--verify-etcd-samples",
                "8",
                "--out",
                out.toString(),
                "--settle",
                "0s");

        assertThat(exit).as(console.text()).isZero();
        Path run = onlyRunDir(out);
        JsonNode json = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        assertThat(json.path("target").path("store").asText()).isEqualTo("etcd");
        assertThat(json.path("target").path("storeDescription").asText()).startsWith("etcd 3.");
        assertThat(json.path("objectReads").asLong()).isEqualTo(2L * OBJECTS);
        assertThat(json.path("deltas")
                        .path("figures")
                        .path("from_storage_transforms")
                        .asLong())
                .as("each restarted cache decrypted every object it read from etcd")
                .isEqualTo(2L * OBJECTS);
        JsonNode check = json.path("etcdEnvelopes");
        assertThat(check.path("checked").asInt()).isEqualTo(8);
        assertThat(check.path("failed").asInt()).isZero();
        Set<String> namespaces = new HashSet<>();
        for (JsonNode row : check.path("keys")) {
            assertThat(row.path("verdict").asText()).isEqualTo("ok");
            assertThat(row.path("provider").asText()).isEqualTo("cpbench");
            assertThat(row.path("keyID").asText()).isNotEmpty();
            assertThat(row.path("dekSourceType").asText()).isEqualTo("HKDF_SHA256_XNONCE_AES_GCM_SEED");
            assertThat(row.path("bytes").asInt()).isGreaterThan(1024);
            namespaces.add(row.path("key").asText().split("/")[3]);
        }
        assertThat(namespaces).as("the sample covers every namespace").hasSize(NAMESPACES);
        String summary = Files.readString(run.resolve("summary.md"));
        assertThat(summary)
                .contains("## Raw etcd envelopes")
                .contains("over etcd 3.")
                .containsPattern(
                        "\\| /registry/secrets/[a-z0-9-]+/secret-\\d{6} \\| cpbench \\| [^|]+ \\| HKDF_SHA256_XNONCE_AES_GCM_SEED \\| [\\d,]+ \\| ok \\|");
        assertThat(Files.readAllLines(run.resolve("phases.csv")))
                .extracting(l -> l.split(",")[0])
                .containsSubsequence("seed", "verify-etcd", "baseline-sample", "restart");
    }

    @Test
    void sustainedChecksTheEnvelopesBeforeItsLoad(@TempDir Path out) throws Exception {
        requireEtcd();
        int exit = new Console()
                .run(
                        "sustained",
                        "--target",
                        "embedded",
                        "--embedded-store",
                        "etcd",
                        "--embedded-api-servers",
                        "1",
                        "--embedded-kms",
                        "in_process",
                        "--objects",
                        "50",
                        "--namespaces",
                        "2",
                        "--workers",
                        "1",
                        "--duration",
                        "1s",
                        "--verify-etcd-samples",
                        "3",
                        "--out",
                        out.toString(),
                        "--settle",
                        "0s");

        assertThat(exit).isZero();
        Path run = onlyRunDir(out);
        JsonNode check =
                new ObjectMapper().readTree(run.resolve("run.json").toFile()).path("etcdEnvelopes");
        assertThat(check.path("checked").asInt()).isEqualTo(3);
        assertThat(check.path("failed").asInt()).isZero();
        assertThat(Files.readAllLines(run.resolve("phases.csv")))
                .extracting(l -> l.split(",")[0])
                .containsSubsequence("seed", "verify-etcd", "baseline-sample", "load");
    }

    @Test
    void aPlaintextOrForeignProviderValueFailsTheRunNamingTheKey(@TempDir Path out) throws Exception {
        requireEtcd();
        SecretCorpus corpus = new SecretCorpus(OBJECTS, 1024, NAMESPACES, SecretCorpus.DEFAULT_SEED);
        try (EtcdProcess etcd = EtcdProcess.start(Duration.ofSeconds(60))) {
            String[] args = {
                "cold-start",
                "--target",
                "embedded",
                "--embedded-store",
                "etcd",
                "--etcd-endpoints",
                etcd.clientUrl().toString(),
                "--embedded-api-servers",
                "1",
                "--embedded-kms",
                "in_process",
                "--objects",
                Integer.toString(OBJECTS),
                "--namespaces",
                Integer.toString(NAMESPACES),
                "--verify-etcd-samples",
                "6",
                "--settle",
                "0s",
                "--out"
            };
            assertThat(new Console().run(append(args, out.resolve("seeded").toString())))
                    .isZero();

            List<Integer> sampled = RawEnvelopeCheck.sample(corpus, 6);
            String plainKey = key(corpus, sampled.get(1));
            String foreignKey = key(corpus, sampled.get(4));
            try (EtcdV3Store store = EtcdV3Store.connect(EtcdConnection.plain(etcd.clientUrl()))) {
                String payload = corpus.secret(sampled.get(1)).getData().get("payload");
                store.update(
                        plainKey,
                        ("{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"data\":{\"payload\":\"" + payload + "\"}}")
                                .getBytes(StandardCharsets.UTF_8),
                        0);
                byte[] envelope = store.rawValue(foreignKey);
                byte[] foreign = ("k8s:enc:kms:v2:other"
                                + new String(envelope, StandardCharsets.ISO_8859_1)
                                        .substring("k8s:enc:kms:v2:cpbench".length()))
                        .getBytes(StandardCharsets.ISO_8859_1);
                store.update(foreignKey, foreign, 0);
            }

            Console console = new Console();
            int exit = console.run(append(args, out.resolve("planted").toString()));

            assertThat(exit).isEqualTo(1);
            assertThat(console.text())
                    .contains("cpbench: etcd value of " + plainKey + ": holds the Secret's plaintext")
                    .contains("cpbench: etcd value of " + foreignKey
                            + ": written by another KMS provider (expected cpbench)")
                    .doesNotContain(corpus.secret(sampled.get(1)).getData().get("payload"));
            JsonNode json = new ObjectMapper()
                    .readTree(onlyRunDir(out.resolve("planted"))
                            .resolve("run.json")
                            .toFile());
            assertThat(json.path("status").asText()).isEqualTo("ERRORS");
            List<String> verdicts = new ArrayList<>();
            json.path("etcdEnvelopes")
                    .path("keys")
                    .forEach(r -> verdicts.add(
                            r.path("key").asText() + " " + r.path("verdict").asText()));
            assertThat(verdicts)
                    .contains(plainKey + " plaintext", foreignKey + " unexpected-provider")
                    .filteredOn(v -> v.endsWith(" ok"))
                    .hasSize(4);
        }
    }

    @Test
    void anUnreachableEtcdIsOneLineAndExit2(@TempDir Path out) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Console console = new Console();
        int exit = console.run(
                "cold-start",
                "--target",
                "embedded",
                "--embedded-store",
                "etcd",
                "--etcd-endpoints",
                "http://127.0.0.1:" + port,
                "--objects",
                "10",
                "--out",
                out.resolve("runs").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(console.text().strip())
                .startsWith("cpbench: etcd unreachable (http://127.0.0.1:" + port + ": UNAVAILABLE")
                .doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(out.resolve("runs")).doesNotExist();
    }

    private static String key(SecretCorpus corpus, int index) {
        return "/registry/secrets/" + corpus.namespace(index) + "/" + SecretCorpus.name(index);
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    private static void requireEtcd() {
        if (!EtcdProcess.onPath()) {
            String why = "etcd is not on PATH (Debian: apt-get install etcd-server)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    private static Path onlyRunDir(Path out) throws Exception {
        try (Stream<Path> dirs = Files.list(out)) {
            List<Path> all = dirs.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    /** Runs the CLI with stderr (the scenario's console) captured and still shown. */
    private static final class Console {
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int run(String... args) {
            PrintStream original = System.err;
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                return MacroCli.commandLine().execute(args);
            } finally {
                System.setErr(original);
                original.print(text());
            }
        }

        String text() {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }
}
