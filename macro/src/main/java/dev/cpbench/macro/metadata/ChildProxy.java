package dev.cpbench.macro.metadata;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code metadata-proxy} with its embedded metadata server mock, in a child JVM with a capped heap: the
 * proxy is measured memory-constrained and apart from the load generator. Started as {@code java -Xmx<heap>
 * -XX:+ExitOnOutOfMemoryError -cp <this JVM's class path> dev.cpbench.macro.MacroCli metadata-proxy --listen
 * 127.0.0.1:0 ...} (a proxy out of heap exits, as in the image, rather than limp on); its
 * address is read from the first line it prints, its heap figures from the line it prints as it stops, and
 * its peak RSS from {@code VmHWM} in {@code /proc/<pid>/status}. Its stderr, and any other line it prints,
 * goes to this JVM's stderr.
 */
final class ChildProxy implements AutoCloseable {
    /** The CLI on top, named rather than imported: the metadata package does not depend on the layer above it. */
    static final String MAIN_CLASS = "dev.cpbench.macro.MacroCli";

    private static final Pattern READY = Pattern.compile("^metadata-proxy listening on (\\S+)");
    private static final long READY_TIMEOUT_S = 30;
    private static final long STOP_TIMEOUT_S = 10;

    /**
     * What the child reported of itself.
     *
     * @param earlyExitCode the child's exit code if it had already exited when asked to stop
     */
    record Figures(String heapCap, OptionalLong peakRssBytes, Optional<HeapFigures> heap, OptionalInt earlyExitCode) {}

    private final Process process;
    private final String heapCap;
    private final CompletableFuture<URI> ready = new CompletableFuture<>();
    private final CompletableFuture<HeapFigures> stopped = new CompletableFuture<>();

    private ChildProxy(Process process, String heapCap) {
        this.process = process;
        this.heapCap = heapCap;
        Thread reader = new Thread(this::readStdout, "cpbench-proxy-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the child and waits until it listens.
     *
     * @param heapCap   the {@code -Xmx} value, e.g. {@code 64m}
     * @param proxyArgs more {@code metadata-proxy} options
     * @throws UnreachableTargetException if it exits, or prints no address within 30 s
     */
    static ChildProxy start(String heapCap, List<String> proxyArgs)
            throws UnreachableTargetException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapCap,
                "-XX:+ExitOnOutOfMemoryError",
                "-cp",
                System.getProperty("java.class.path"),
                MAIN_CLASS,
                "metadata-proxy",
                "--listen",
                "127.0.0.1:0"));
        command.addAll(proxyArgs);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        ChildProxy child = new ChildProxy(process, heapCap);
        try {
            child.ready.get(READY_TIMEOUT_S, TimeUnit.SECONDS);
            return child;
        } catch (ExecutionException | TimeoutException e) {
            String why = e instanceof TimeoutException
                    ? "printed no address within " + READY_TIMEOUT_S + " s"
                    : process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)
                            ? "exited with code " + process.exitValue()
                            : "closed its stdout";
            child.close();
            throw new UnreachableTargetException("the embedded metadata proxy (metadata-proxy in a child JVM, -Xmx"
                    + heapCap + ") " + why + " before listening; its messages, if any, are above");
        }
    }

    /** Where the proxy listens, {@code http://127.0.0.1:PORT}. */
    URI url() {
        return ready.getNow(null);
    }

    /** Stops the child (SIGTERM) and returns its figures; those it could not give are empty. */
    Figures stop() throws InterruptedException {
        OptionalInt earlyExit = process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
        OptionalLong rss = peakRss();
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
        if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        Optional<HeapFigures> heap;
        try {
            heap = Optional.ofNullable(stopped.get(STOP_TIMEOUT_S, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            heap = Optional.empty();
        }
        return new Figures(heapCap, rss, heap, earlyExit);
    }

    /** Kills the child if it still runs. */
    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The child's resident set high-water mark, while it runs (Linux only). */
    private OptionalLong peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the child is gone: no figure
        }
        return OptionalLong.empty();
    }

    private void readStdout() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                Matcher address = READY.matcher(line);
                Optional<HeapFigures> heap = HeapFigures.parse(line);
                if (!ready.isDone() && address.find()) {
                    ready.complete(URI.create(address.group(1)));
                } else if (heap.isPresent()) {
                    stopped.complete(heap.get());
                } else {
                    System.err.println(line);
                }
            }
        } catch (IOException e) {
            // the child closed its stdout: nothing more to read
        }
        ready.completeExceptionally(new IOException("the child's stdout ended"));
        stopped.completeExceptionally(new IOException("the child's stdout ended"));
    }
}
