package dev.cpbench.micro.listing;

import dev.cpbench.fixtures.corpus.SecretCorpus;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One page of a cold start's list, end to end, as the macro scenario's client lists it: fabric8's Vert.x client
 * (asking for gzip when {@code gzip}) sends {@code limit=pageSize}, the continue token of the page before and the
 * corpus's label selector to the embedded API server over loopback; the server parses the request, takes the page
 * from its watch cache, makes the next continue token, encodes (streaming) and gzips the page; the client inflates
 * and parses it into fabric8's objects. One operation is one page; after the last page the next starts the list
 * again, so every page of the corpus is served in turn.
 *
 * <p>Read {@code cpu.time.norm} (every preset's {@link dev.cpbench.micro.ProcessCpuProfiler}) next to the time per
 * page: the server's and the client's event loops run at once, so a page takes less time than the CPU it uses.
 * {@code ./macro.sh correlate} costs a run's pages by that CPU, less the page's encoding and parsing (the
 * {@code list-encode} and {@code client-parse} terms): what is left is the request, the page and its continue token,
 * HTTP over loopback, gzip's inflation and fabric8's handling ({@code list-page}).
 *
 * <p>Run: {@code ./jmh.sh 'ListPageBenchmark|ListEncodeBenchmark.encode|ListDecodeBenchmark.jacksonParse' -p
 * objects=500 -p encoder=STREAMING} (one file, so the subtraction reads one machine's figures).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListPageBenchmark {
    /** Secrets in the API server (its watch cache); not named {@code objects}, which is a result's objects. */
    @Param({"10000"})
    int corpusObjects;

    /** kubectl's and client-go's page size. */
    @Param({"500"})
    int pageSize;

    @Param({"1024"})
    int payloadBytes;

    @Param({"true", "false"})
    boolean gzip;

    SeededCluster seeded;
    KubernetesClient client;
    String continueToken;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        seeded = SeededCluster.start(corpusObjects, payloadBytes);
        client = seeded.newClient(gzip);
        int listed = 0;
        do {
            listed += page();
        } while (continueToken != null);
        if (listed != corpusObjects) {
            throw new IllegalStateException("the pages held " + listed + " Secrets, expected " + corpusObjects);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (client != null) {
            client.close();
        }
        if (seeded != null) {
            seeded.close();
        }
    }

    /** The next page; returns its Secrets. */
    @Benchmark
    public int page() {
        SecretList page = client.secrets()
                .inAnyNamespace()
                .withLabel(SecretCorpus.CORPUS_LABEL, seeded.corpus.id())
                .list(new ListOptionsBuilder()
                        .withLimit((long) pageSize)
                        .withContinue(continueToken)
                        .build());
        String next = page.getMetadata().getContinue();
        continueToken = next == null || next.isEmpty() ? null : next;
        return page.getItems().size();
    }
}
