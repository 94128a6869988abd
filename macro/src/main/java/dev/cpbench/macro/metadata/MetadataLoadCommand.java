package dev.cpbench.macro.metadata;

import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.common.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code metadata-load}: an ab/wrk-style HTTP/1.1 load generator. Exit codes: 0 every request succeeded,
 * 1 some failed (the report is written all the same), 2 bad options or an unreachable target, 130
 * interrupted (the report holds what was done).
 */
@Command(
        name = "metadata-load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "An ab/wrk-style HTTP/1.1 load generator: -c connections, one request at a",
            "time each, in a closed loop or at --rate (open model, as wrk2: latency from",
            "the intended send time). The target is the metadata proxy and its mock in a",
            "child JVM capped at --proxy-heap, or --url. Prints ab's report; writes",
            "summary.md, run.json, latency.csv and latency.hlog to --out."
        })
public final class MetadataLoadCommand implements Callable<Integer> {
    static final String DEFAULT_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";
    static final long MAX_DEFAULT_WARMUP = 20_000;
    private static final long HOOK_WAIT_EXTRA_S = 15;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-n", "--requests"},
            defaultValue = "100000",
            description = "Requests to measure (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(
            names = {"-c", "--concurrency"},
            defaultValue = "50",
            description = "Connections, each one request at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Measure for this long instead of -n requests, e.g. 30s.")
    Duration duration;

    @Option(
            names = "--rate",
            description = "Requests per second over all connections, each on a fixed schedule (default: closed loop).")
    Double rate;

    @Option(
            names = {"-H", "--header"},
            paramLabel = "'Name: value'",
            description = "Request header, repeatable: replaces one of the same name; 'Name:' removes it"
                    + " (default: Metadata-Flavor: Google).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--path", description = "Request path (default: " + DEFAULT_PATH + ").")
    String path;

    @Option(
            names = {"-k", "--keep-alive"},
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Reuse connections (default); --no-keep-alive opens one per request.")
    boolean keepAlive;

    @Option(
            names = "--timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Longest wait for a whole answer; a timeout counts as failed (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--warmup",
            description = "Requests before measuring, in a closed loop (default: 10%% of -n, at most "
                    + MAX_DEFAULT_WARMUP + ").")
    Long warmup;

    @Option(
            names = "--url",
            description = "Target URL, http only; a path in it replaces --path (default: the embedded proxy).")
    URI url;

    @Option(
            names = "--proxy-heap",
            defaultValue = "64m",
            description = "-Xmx of the embedded proxy's JVM (default: ${DEFAULT-VALUE}).")
    String proxyHeap;

    @Option(
            names = "--proxy-arg",
            paramLabel = "ARG",
            description =
                    "More metadata-proxy options for the embedded proxy, repeatable, e.g. --proxy-arg=--no-token-cache.")
    List<String> proxyArgs = new ArrayList<>();

    @Option(
            names = "--out",
            defaultValue = "runs",
            description = "Where run directories go (default: ${DEFAULT-VALUE}).")
    Path out;

    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile LoadRun running;
    private volatile boolean interrupted;

    @Override
    public Integer call() throws IOException, InterruptedException {
        checkOptions();
        PrintWriter console = spec.commandLine().getErr();
        Thread hook = new Thread(this::interrupt, "cpbench-load-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ChildProxy child = null;
        try {
            URI target;
            if (url == null) {
                child = ChildProxy.start(proxyHeap, proxyArgs);
                target = child.url();
                console.println(
                        "metadata-load: embedded proxy + mock in a child JVM (-Xmx" + proxyHeap + ") at " + target);
            } else {
                target = URI.create("http://" + url.getHost() + ":" + (url.getPort() < 0 ? 80 : url.getPort()));
            }
            LoadOptions options = new LoadOptions(
                    target,
                    requestPath(),
                    headers(),
                    concurrency,
                    requests,
                    duration,
                    rate == null ? 0 : rate,
                    keepAlive,
                    timeout,
                    warmup != null ? warmup : Math.min(requests / 10, MAX_DEFAULT_WARMUP),
                    Runtime.getRuntime().availableProcessors());
            LoadResult result;
            Path dir;
            try (LoadRun run = LoadRun.open(options, console)) {
                running = run;
                if (interrupted) {
                    run.stop();
                }
                dir = RunDirectory.create(out, "metadata-load", Instant.now());
                console.println("metadata-load: run directory " + dir);
                result = run.execute(dir.resolve("latency.hlog"));
            }
            Optional<ChildProxy.Figures> figures = child == null ? Optional.empty() : Optional.of(child.stop());
            AbReport report = new AbReport(result, commandLine(), figures);
            spec.commandLine().getOut().print(report.text());
            spec.commandLine().getOut().flush();
            report.write(dir);
            console.println("metadata-load: wrote " + dir);
            return result.interrupted() ? 130 : result.failed() > 0 ? 1 : 0;
        } catch (UnreachableTargetException e) {
            console.println("metadata-load: " + e.getMessage());
            return 2;
        } finally {
            if (child != null) {
                child.close();
            }
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs and waits for the report
            }
        }
    }

    /** Ctrl-C or SIGTERM: stop sending and let the main thread write what it has. */
    private void interrupt() {
        interrupted = true;
        LoadRun run = running;
        if (run != null) {
            run.stop();
        }
        try {
            reported.await(timeout.toSeconds() + HOOK_WAIT_EXTRA_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkOptions() {
        boolean fixedCount = spec.commandLine().getParseResult().hasMatchedOption("--requests");
        require(requests >= 1, "-n/--requests must be at least 1, got " + requests);
        require(concurrency >= 1, "-c/--concurrency must be at least 1, got " + concurrency);
        require(duration == null || !fixedCount, "give -n/--requests or --duration, not both");
        require(duration == null || !duration.isZero() && !duration.isNegative(), "--duration must be more than 0");
        require(
                duration != null || concurrency <= requests,
                "-c/--concurrency (" + concurrency + ") cannot be more than -n/--requests (" + requests + ")");
        require(rate == null || rate > 0, "--rate must be more than 0, got " + rate);
        require(!timeout.isZero() && !timeout.isNegative(), "--timeout must be more than 0");
        require(warmup == null || warmup >= 0, "--warmup must be 0 or more, got " + warmup);
        require(
                proxyHeap.matches("\\d+[kKmMgG]?"),
                "--proxy-heap must be a -Xmx size such as 64m, got '" + proxyHeap + "'");
        if (url != null) {
            require(
                    "http".equalsIgnoreCase(url.getScheme()) && url.getHost() != null,
                    "--url must be an http://host[:port][/path] URL, got '" + url + "'");
            require(
                    !spec.commandLine().getParseResult().hasMatchedOption("--proxy-heap") && proxyArgs.isEmpty(),
                    "--proxy-heap and --proxy-arg apply to the embedded proxy, not to --url");
            require(
                    path == null || url.getRawPath() == null || url.getRawPath().isEmpty(),
                    "give the path in --url or in --path, not both");
        }
        String requestPath = requestPath();
        require(
                requestPath.startsWith("/") && requestPath.chars().noneMatch(c -> c <= ' ' || c == 127),
                "the path must start with / and hold no spaces or control characters, got '" + requestPath + "'");
        headers(); // checks every -H now, before a child JVM starts
    }

    private String requestPath() {
        if (url != null && url.getRawPath() != null && !url.getRawPath().isEmpty()) {
            return url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        }
        return path != null ? path : DEFAULT_PATH;
    }

    /** {@code Metadata-Flavor: Google}, then each -H in order: set (replacing one of the same name) or, with no value, removed. */
    private Map<String, String> headers() {
        Map<String, String> result = new LinkedHashMap<>();
        result.put("Metadata-Flavor", "Google");
        for (String header : headers) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? "" : header.substring(0, colon).trim();
            require(!name.isEmpty() && !name.contains(" "), "-H must be 'Name: value', got '" + header + "'");
            String value = header.substring(colon + 1).trim();
            require(header.chars().noneMatch(c -> c == '\r' || c == '\n'), "-H must be one line, got '" + header + "'");
            result.keySet().removeIf(name::equalsIgnoreCase);
            if (!value.isEmpty()) {
                result.put(name, value);
            }
        }
        return result;
    }

    /** As typed: the root command's name and every argument (those of the root command and this one). */
    private String commandLine() {
        return spec.root().name() + " "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
