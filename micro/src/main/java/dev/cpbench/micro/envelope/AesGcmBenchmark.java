package dev.cpbench.micro.envelope;

import dev.cpbench.fixtures.envelope.AesGcm;
import dev.cpbench.fixtures.envelope.CipherImpl;
import dev.cpbench.micro.Cursor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Raw AES-256-GCM under one key, per back-end and payload size: the floor beneath {@link EnvelopeBenchmark},
 * so the transformer's own overhead is visible. Each operation initialises the cipher with a fresh nonce,
 * as every envelope read and write must. Compare 256 KiB decrypt with
 * {@code openssl speed -evp aes-256-gcm -decrypt -bytes 262144}.
 *
 * <p>Run: {@code ./jmh.sh AesGcmBenchmark -p payloadBytes=1024}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AesGcmBenchmark {
    private static final int CORPUS = 16;
    private static final int MASK = CORPUS - 1;

    @Param({"1024", "16384", "262144"})
    int payloadBytes;

    @Param({"ACCP", "JDK"})
    CipherImpl cipher;

    AesGcm aead;
    byte[] aad;
    byte[] plaintext;
    byte[][] sealed;

    @Setup
    public void setUp() throws GeneralSecurityException {
        Random random = new Random(42);
        byte[] key = new byte[32];
        random.nextBytes(key);
        aead = cipher.withKey(key);
        aad = "/registry/secrets/bench/secret-0".getBytes(StandardCharsets.UTF_8);
        plaintext = new byte[payloadBytes];
        random.nextBytes(plaintext);
        sealed = new byte[CORPUS][];
        for (int i = 0; i < CORPUS; i++) {
            sealed[i] = new byte[AesGcm.NONCE_BYTES + payloadBytes + AesGcm.TAG_BYTES];
            random.nextBytes(sealed[i]); // the nonce; the rest is overwritten
            aead.seal(plaintext, aad, sealed[i], 0);
        }
    }

    /** Open nonce ‖ ciphertext ‖ tag into a new plaintext array. */
    @Benchmark
    public byte[] decrypt(Cursor cursor) throws GeneralSecurityException {
        byte[] in = sealed[cursor.next(MASK)];
        return aead.open(in, 0, in.length, aad);
    }

    /** Seal into a new array under a nonce never used before by this thread. */
    @Benchmark
    public byte[] encrypt(Nonces nonces) throws GeneralSecurityException {
        byte[] out = new byte[AesGcm.NONCE_BYTES + payloadBytes + AesGcm.TAG_BYTES];
        nonces.next(out);
        aead.seal(plaintext, aad, out, 0);
        return out;
    }

    /** Per-thread nonce counter: distinct threads start far apart so no nonce repeats under one key. */
    @State(Scope.Thread)
    public static class Nonces {
        private static final AtomicLong THREADS = new AtomicLong();
        private final long thread = THREADS.incrementAndGet();
        private long counter;

        void next(byte[] out) {
            long n = ++counter;
            for (int i = 0; i < Long.BYTES; i++) {
                out[i] = (byte) (n >>> (8 * i));
            }
            out[8] = (byte) thread;
            out[9] = (byte) (thread >>> 8);
        }
    }
}
