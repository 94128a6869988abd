package dev.cpbench.micro.envelope;

import dev.cpbench.fixtures.envelope.CipherImpl;
import dev.cpbench.fixtures.envelope.EncryptedDEKSourceType;
import dev.cpbench.fixtures.envelope.EnvelopeTransformer;
import dev.cpbench.fixtures.envelope.InProcessKeyService;
import dev.cpbench.micro.Cursor;
import java.time.Duration;
import java.util.Random;
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
 * What KMS v2 envelope encryption of one Secret costs kube-apiserver: a write ({@code encrypt}: KDF,
 * AES-GCM, protobuf, prefix; no KMS call), a read with a warm DEK cache ({@code decrypt}: what every read
 * after the first costs), and a read that misses the DEK cache ({@code decryptDekMiss}: plus one KMS
 * {@code Decrypt} to the in-process KMS, as after an API server restart). Compare {@code decrypt} with
 * {@link AesGcmBenchmark#decrypt} at the same payload for the transformer's overhead above the cipher.
 *
 * <p>Run: {@code ./jmh.sh EnvelopeBenchmark -p payloadBytes=1024}; legacy mode:
 * {@code -p dekSourceType=AES_GCM_KEY}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeBenchmark {
    /** Distinct Secrets (etcd keys) cycled through; a power of two. */
    private static final int CORPUS = 64;

    private static final int MASK = CORPUS - 1;

    @Param({"1024", "16384", "262144"})
    int payloadBytes;

    @Param({"ACCP", "JDK"})
    CipherImpl cipher;

    @Param({"HKDF_SHA256_XNONCE_AES_GCM_SEED"})
    EncryptedDEKSourceType dekSourceType;

    InProcessKeyService kms;
    EnvelopeTransformer writer;
    EnvelopeTransformer warmReader;
    EnvelopeTransformer coldReader;
    String[] etcdKeys;
    byte[][] plaintexts;
    byte[][] stored;

    @Setup
    public void setUp() {
        kms = new InProcessKeyService();
        writer = transformer(EnvelopeTransformer.DEK_CACHE_TTL);
        warmReader = transformer(EnvelopeTransformer.DEK_CACHE_TTL); // another API server over the same etcd
        coldReader = transformer(Duration.ZERO); // a DEK cache that never holds: every read reaches the KMS
        Random random = new Random(42);
        etcdKeys = new String[CORPUS];
        plaintexts = new byte[CORPUS][];
        stored = new byte[CORPUS][];
        for (int i = 0; i < CORPUS; i++) {
            etcdKeys[i] = "/registry/secrets/bench-" + (i % 4) + "/secret-" + i;
            plaintexts[i] = new byte[payloadBytes];
            random.nextBytes(plaintexts[i]);
            stored[i] = writer.transformToStorage(plaintexts[i], etcdKeys[i]);
            warmReader.transformFromStorage(stored[i], etcdKeys[i]);
        }
    }

    private EnvelopeTransformer transformer(Duration dekCacheTtl) {
        return EnvelopeTransformer.builder("bench-kms", kms)
                .cipher(cipher)
                .dekSourceType(dekSourceType)
                .dekCacheTtl(dekCacheTtl)
                .build();
    }

    @Benchmark
    public byte[] encrypt(Cursor cursor) {
        int i = cursor.next(MASK);
        return writer.transformToStorage(plaintexts[i], etcdKeys[i]);
    }

    @Benchmark
    public byte[] decrypt(Cursor cursor) {
        int i = cursor.next(MASK);
        return warmReader.transformFromStorage(stored[i], etcdKeys[i]);
    }

    @Benchmark
    public byte[] decryptDekMiss(Cursor cursor, KmsCalls calls) {
        int i = cursor.next(MASK);
        long before = kms.decryptCalls();
        byte[] out = coldReader.transformFromStorage(stored[i], etcdKeys[i]);
        calls.kmsDecrypts += kms.decryptCalls() - before;
        calls.reads++;
        return out;
    }

    /** KMS Decrypt calls seen per iteration beside the reads made: one call per read proves every read missed. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class KmsCalls {
        public long kmsDecrypts;
        public long reads;

        @Setup(Level.Iteration)
        public void reset() {
            kmsDecrypts = 0;
            reads = 0;
        }
    }
}
