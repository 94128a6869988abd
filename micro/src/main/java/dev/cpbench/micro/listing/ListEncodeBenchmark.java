package dev.cpbench.micro.listing;

import dev.cpbench.fixtures.cluster.ResourceType;
import dev.cpbench.fixtures.corpus.SecretCorpus;
import dev.cpbench.fixtures.listing.CachedObject;
import dev.cpbench.fixtures.listing.GzipNegotiation;
import dev.cpbench.fixtures.listing.ListEncoder;
import dev.cpbench.fixtures.listing.ListPage;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What kube-apiserver pays to serve one LIST of Secrets from its watch cache: every request serialises every item
 * again (the cache holds decoded objects; per-object cached bytes exist only for watch events), so at 10,000
 * objects the encoder, not etcd or KMS, is the cost of an informer's relist. {@code encode} writes a whole list
 * ({@code objects} Secrets of {@code payloadBytes} random bytes before base64, in etcd key order, with the uid,
 * resourceVersion and creationTimestamp the server sets) to a socket-like sink with one of the three
 * byte-identical {@link ListEncoder}s: {@code WHOLE} (typed list serialised into one byte[]), {@code STREAMING}
 * (KEP-5116: envelope, then item by item) or {@code CACHED_BYTES} (each item's cached JSON, all of them warm
 * before the trial, as if the cache kept them), through {@link GzipNegotiation} with a client that does
 * ({@code gzip=true}) or does not send {@code Accept-Encoding: gzip}; only bodies over 128 KiB are compressed
 * (gzip level 1), as upstream.
 *
 * <p>{@code copyCachedBytes} is the floor in the same run: it copies every item's cached JSON into the same kind
 * of sink, no envelope, no gzip, a memcpy-class upper bound for any encoder. It has its own {@link Baseline} state
 * with only {@code objects} and {@code payloadBytes}, so it runs once per list shape, not per encoder and gzip.
 *
 * <p>Counters (per second, as {@link AuxCounters.Type#OPERATIONS}): {@code objects} listed; {@code jsonBytes},
 * the uncompressed JSON response (the same for every encoder: measured once per trial, credited per operation);
 * {@code wireBytes}, the bytes that reached the sink (gzip output when compressed, else {@code jsonBytes}).
 *
 * <p>Heap: under the presets' 1 GiB, the largest shape (10,000 x 16 KiB) holds ~220 MB of base64 in the cache,
 * plus ~220 MB of warm item bytes for {@code CACHED_BYTES}; {@code WHOLE} adds Jackson's buffers and the ~220 MB
 * whole-list array per operation: measured at ~700 MB live
 * with full GCs for humongous arrays. It fits, and those GCs are the whole-list encoder's cost, part of its score.
 * In {@code --smoke} (no warm-up) the one iteration's gc.alloc.rate.norm includes the trial's setup.
 *
 * <p>Run: {@code ./jmh.sh --quick ListEncodeBenchmark};
 * {@code ./jmh.sh ListEncodeBenchmark -p objects=10000 -p payloadBytes=1024}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ListEncodeBenchmark {
    /** Where the Secrets are spread, as the macro corpus spreads them. */
    static final int NAMESPACES = 10;
    /** Nothing to do before gzip starts: the apiserver sets Content-Encoding there; no response headers here. */
    private static final Runnable NO_HEADERS = () -> {};

    /** One list shape, one encoder, with or without a gzip-accepting client. */
    @State(Scope.Benchmark)
    public static class Encoding {
        @Param({"WHOLE", "STREAMING", "CACHED_BYTES"})
        ListEncoder encoder;

        @Param({"100", "1000", "10000"})
        int objects;

        @Param({"256", "1024", "16384"})
        int payloadBytes;

        @Param({"false", "true"})
        boolean gzip;

        ListPage page;
        /** Uncompressed bytes of one response. */
        long jsonBytes;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            page = secretList(objects, payloadBytes);
            if (encoder == ListEncoder.CACHED_BYTES) {
                page.items().forEach(CachedObject::json); // the watch cache has them already
            }
            SocketSink measure = new SocketSink();
            encoder.encode(page, measure);
            jsonBytes = measure.written();
        }
    }

    /** One list shape, every item's JSON warm, for {@code copyCachedBytes}. */
    @State(Scope.Benchmark)
    public static class Baseline {
        @Param({"100", "1000", "10000"})
        int objects;

        @Param({"256", "1024", "16384"})
        int payloadBytes;

        CachedObject[] items;
        long jsonBytes;

        @Setup(Level.Trial)
        public void setUp() {
            items = secretList(objects, payloadBytes).items().toArray(new CachedObject[0]);
            for (CachedObject item : items) {
                jsonBytes += item.json().length;
            }
        }
    }

    /** Each thread's own connection to write responses to. */
    @State(Scope.Thread)
    public static class Connection {
        SocketSink sink;

        @Setup(Level.Trial)
        public void setUp() {
            sink = new SocketSink();
        }
    }

    /** Objects listed and bytes written per iteration; JMH reports them per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long objects;
        public long jsonBytes;
        public long wireBytes;

        @Setup(Level.Iteration)
        public void reset() {
            objects = 0;
            jsonBytes = 0;
            wireBytes = 0;
        }
    }

    /** One LIST response through gzip negotiation into the sink; returns the bytes on the wire. */
    @Benchmark
    public long encode(Encoding s, Connection connection, Counters counters) throws IOException {
        SocketSink sink = connection.sink;
        long before = sink.written();
        try (OutputStream out = GzipNegotiation.wrap(sink, s.gzip, NO_HEADERS)) {
            s.encoder.encode(s.page, out);
        }
        long wire = sink.written() - before;
        counters.objects += s.objects;
        counters.jsonBytes += s.jsonBytes;
        counters.wireBytes += wire;
        return wire;
    }

    /** Every item's cached JSON copied into the sink: what any encoder costs at least. */
    @Benchmark
    public long copyCachedBytes(Baseline s, Connection connection, Counters counters) {
        SocketSink sink = connection.sink;
        long before = sink.written();
        CachedObject[] items = s.items;
        for (CachedObject item : items) {
            byte[] json = item.json();
            sink.write(json, 0, json.length);
        }
        long wire = sink.written() - before;
        counters.objects += items.length;
        counters.jsonBytes += wire;
        counters.wireBytes += wire;
        return wire;
    }

    /**
     * A page of the whole SecretCorpus (pinned seed) in etcd key order, each Secret with the metadata the server
     * would have set: a uid derived from its key, resourceVersion 1000 + index, creationTimestamp 2025-01-01.
     */
    static ListPage secretList(int objects, int payloadBytes) {
        SecretCorpus corpus = new SecretCorpus(objects, payloadBytes, NAMESPACES, SecretCorpus.DEFAULT_SEED);
        Map<String, Secret> byKey = new TreeMap<>();
        for (int i = 0; i < objects; i++) {
            Secret secret = corpus.secret(i);
            ObjectMeta meta = secret.getMetadata();
            String key = ResourceType.SECRETS.key(meta.getNamespace(), meta.getName());
            meta.setUid(
                    UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
            meta.setResourceVersion(Long.toString(1000L + i));
            meta.setCreationTimestamp(Instant.ofEpochSecond(1_735_689_600L + i).toString());
            byKey.put(key, secret);
        }
        List<CachedObject> items = new ArrayList<>(objects);
        byKey.forEach((key, secret) -> items.add(new CachedObject(secret, key)));
        return new ListPage("v1", "SecretList", Long.toString(1000L + objects), null, null, items);
    }
}
