import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Which kind of work is noisy on this machine: the envelope decrypt's AES-GCM, or any vector code, or everything.
 * Each round times five workloads back to back, ~0.1 s each, so all five see the same moments of the host:
 *
 * <pre>
 *   gcm     1 KiB AES-GCM decrypt with the JDK's cipher (what EnvelopeBenchmark.decrypt does with cipher=JDK)
 *   ctr     1 KiB AES-CTR into a reused buffer: the AES instructions without GHASH or allocation
 *   vector  an int array loop the JIT vectorises (AVX2/AVX-512), L1-resident: vector units, no AES, no memory traffic
 *   scalar  one chain of 64-bit multiply-adds: scalar integer work
 *   scalar4 four independent chains: scalar integer throughput
 * </pre>
 *
 * Prints a CSV row per round (ns per operation) and, on stderr, each workload's median, coefficient of variation and
 * correlation with gcm over the rounds after the first 8 (JIT warm-up). If gcm, ctr and vector wobble together while
 * scalar stays steady, the noise is the host's vector units, not the benchmark. Run: {@code java
 * scripts/NoiseProbe.java [rounds]} (default 40, about 30 s); results/compare-proof/README.md has what it found.
 */
public class NoiseProbe {
  private static final int WARMUP_ROUNDS = 8;
  private static long sink;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    String[] names = {"gcm", "ctr", "vector", "scalar", "scalar4"};
    LongSupplier[] work = {gcm(), ctr(), vector(), scalar(), scalar4()};
    int[] ops = {50_000, 50_000, 40_000, 50_000_000, 25_000_000};
    List<double[]> rows = new ArrayList<>();
    System.out.println("round," + String.join(",", names));
    for (int round = 0; round < rounds; round++) {
      double[] row = new double[names.length];
      for (int w = 0; w < names.length; w++) {
        long start = System.nanoTime();
        for (int i = 0; i < ops[w]; i += (int) work[w].getAsLong()) {}
        row[w] = (System.nanoTime() - start) / (double) ops[w];
      }
      StringBuilder line = new StringBuilder().append(round);
      for (double v : row) line.append(',').append(String.format("%.3f", v));
      System.out.println(line);
      if (round >= WARMUP_ROUNDS) rows.add(row);
    }
    for (int w = 0; w < names.length; w++) {
      int col = w;
      double[] v = rows.stream().mapToDouble(r -> r[col]).toArray();
      double[] g = rows.stream().mapToDouble(r -> r[0]).toArray();
      System.err.printf("%-8s median %10.3f ns  cv %5.1f%%  r(gcm) %5.2f%n", names[w], median(v), 100 * sd(v) / mean(v),
          correlation(v, g));
    }
    if (sink == 42) System.err.println();
  }

  private static LongSupplier gcm() throws Exception {
    SecretKeySpec key = key();
    byte[] iv = new byte[12];
    byte[] aad = "k8s:enc:kms:v2:".getBytes();
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    cipher.updateAAD(aad);
    byte[] sealed = cipher.doFinal(new byte[1024]);
    return () -> {
      try {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        sink += cipher.doFinal(sealed).length;
        return 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static LongSupplier ctr() throws Exception {
    SecretKeySpec key = key();
    IvParameterSpec iv = new IvParameterSpec(new byte[16]);
    Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
    byte[] in = new byte[1024];
    byte[] out = new byte[1024];
    return () -> {
      try {
        cipher.init(Cipher.DECRYPT_MODE, key, iv);
        sink += cipher.doFinal(in, 0, in.length, out, 0);
        return 1;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  private static LongSupplier vector() {
    int[] a = new int[1024], b = new int[1024], c = new int[1024];
    int[] round = {0};
    return () -> {
      int r = round[0]++;
      for (int i = 0; i < a.length; i++) a[i] = b[i] * 3 + c[i] + r;
      sink += a[r & 1023];
      return 1;
    };
  }

  private static LongSupplier scalar() {
    return () -> {
      long x = sink;
      for (int i = 0; i < 1000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
      sink = x;
      return 1000;
    };
  }

  private static LongSupplier scalar4() {
    return () -> {
      long x = sink, y = x + 1, z = x + 2, w = x + 3;
      for (int i = 0; i < 1000; i++) {
        x = x * 6364136223846793005L + 1;
        y = y * 6364136223846793005L + 3;
        z = z * 6364136223846793005L + 5;
        w = w * 6364136223846793005L + 7;
      }
      sink = x ^ y ^ z ^ w;
      return 1000;
    };
  }

  private static SecretKeySpec key() {
    byte[] key = new byte[32];
    new Random(1).nextBytes(key);
    return new SecretKeySpec(key, "AES");
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  private static double sd(double[] v) {
    double m = mean(v), s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / (v.length - 1));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double correlation(double[] a, double[] b) {
    double ma = mean(a), mb = mean(b), sab = 0, saa = 0, sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
