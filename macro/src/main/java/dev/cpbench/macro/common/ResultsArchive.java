package dev.cpbench.macro.common;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A run directory carried through a log: zipped, base64 in lines of 76 characters between
 * {@code -----BEGIN CPBENCH RESULTS sha256=<hex> shard=<I/N>-----} and {@code -----END CPBENCH RESULTS-----},
 * the checksum over the zip's bytes. A pod's log is then all {@code merge --from-job} needs: no shared storage.
 */
public final class ResultsArchive {
    private static final String END = "-----END CPBENCH RESULTS-----";
    private static final Pattern BEGIN =
            Pattern.compile("-----BEGIN CPBENCH RESULTS sha256=([0-9a-f]{64}) shard=(\\d+/\\d+)-----");
    private static final int LINE = 76;

    /** One archive found in a log. */
    public record Found(Partition shard, byte[] zip) {}

    private ResultsArchive() {}

    /** Prints {@code runDir} as an archive block to {@code out}. */
    public static void print(Path runDir, Partition shard, PrintStream out) throws IOException {
        byte[] zip = zip(runDir);
        String base64 = Base64.getEncoder().encodeToString(zip);
        StringBuilder block =
                new StringBuilder("-----BEGIN CPBENCH RESULTS sha256=" + sha256(zip) + " shard=" + shard + "-----\n");
        for (int i = 0; i < base64.length(); i += LINE) {
            block.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
        }
        out.print(block.append(END).append('\n'));
        out.flush();
    }

    /** Every archive in {@code log}, checksums verified; a damaged one is an {@link IOException} naming {@code source}. */
    public static List<Found> find(String log, String source) throws IOException {
        List<Found> out = new ArrayList<>();
        Matcher m = BEGIN.matcher(log);
        while (m.find()) {
            int end = log.indexOf(END, m.end());
            if (end < 0) {
                throw new IOException(source + ": a results archive starts but never ends (log cut short?)");
            }
            byte[] zip;
            try {
                zip = Base64.getMimeDecoder().decode(log.substring(m.end(), end).strip());
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": the results archive is not base64: " + e.getMessage(), e);
            }
            if (!sha256(zip).equals(m.group(1))) {
                throw new IOException(source + ": the results archive's checksum does not match (sha256 " + sha256(zip)
                        + ", expected " + m.group(1) + ")");
            }
            out.add(new Found(Partition.parse(m.group(2)), zip));
        }
        return out;
    }

    /** Unzips {@code zip} into {@code dir}; entries that would leave it are refused. */
    public static void unzip(byte[] zip, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new IOException("results archive entry outside its directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }

    private static byte[] zip(Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, zip);
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
