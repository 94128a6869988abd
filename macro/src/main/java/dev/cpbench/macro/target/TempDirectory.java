package dev.cpbench.macro.target;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A temporary directory (e.g. for the embedded KMS plugin's Unix socket) removed with all it holds on
 * {@link #close}, and by a shutdown hook if the JVM exits first (Ctrl-C, SIGTERM, an abort that skipped the
 * close): {@code File.deleteOnExit} cannot remove a directory that still holds the socket.
 */
final class TempDirectory implements AutoCloseable {
    private final Path path;
    private final Thread hook;

    private TempDirectory(Path path) {
        this.path = path;
        this.hook = new Thread(this::delete, "cpbench-delete-" + path.getFileName());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static TempDirectory create(String prefix) throws IOException {
        return new TempDirectory(Files.createTempDirectory(prefix));
    }

    Path path() {
        return path;
    }

    @Override
    public void close() {
        delete();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private void delete() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            List<Path> deepestFirst = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : deepestFirst) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("cpbench: cannot delete " + path + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "temporary directory " + path;
    }
}
