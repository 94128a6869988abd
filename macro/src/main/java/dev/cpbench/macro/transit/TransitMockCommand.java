package dev.cpbench.macro.transit;

import dev.cpbench.fixtures.transit.LatencyDistribution;
import dev.cpbench.fixtures.transit.TransitOptions;
import dev.cpbench.fixtures.transit.TransitServer;
import dev.cpbench.macro.common.DurationConverter;
import dev.cpbench.macro.common.HostPort;
import dev.cpbench.macro.common.ShutdownSignal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Serves the OpenBao/Vault Transit-compatible mock until interrupted. */
@Command(
        name = "transit-mock",
        mixinStandardHelpOptions = true,
        description = {
            "Serves an OpenBao/Vault Transit-compatible mock (real AES-256-GCM) on 127.0.0.1, until Ctrl-C,",
            "with injected latency, errors and rate limits; Prometheus text at /v1/sys/metrics?format=prometheus."
        })
public final class TransitMockCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "8200",
            description = "Port on 127.0.0.1; 0 picks one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--latency",
            defaultValue = "0",
            converter = DurationConverter.class,
            description = "Fixed latency added to every encrypt/decrypt (default: ${DEFAULT-VALUE}).")
    Duration latency;

    @Option(
            names = "--jitter",
            defaultValue = "0",
            converter = DurationConverter.class,
            description = "Scale of random extra latency (default: ${DEFAULT-VALUE}).")
    Duration jitter;

    @Option(
            names = "--jitter-distribution",
            defaultValue = "NONE",
            description = "none, uniform (0..jitter) or exponential (mean jitter) (default: ${DEFAULT-VALUE}).")
    LatencyDistribution jitterDistribution;

    @Option(
            names = "--error-rate",
            defaultValue = "0",
            description = "Share of requests answered 500, 0..1 (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(
            names = "--rate-limit",
            defaultValue = "0",
            description = "Requests per second before 429; 0 = none (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--token-env", description = "Require the token held by this environment variable.")
    String tokenEnv;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        TransitOptions.Builder options = TransitOptions.builder()
                .port(port)
                .latency(latency)
                .jitter(jitterDistribution, jitter)
                .errorRate(errorRate)
                .rateLimitPerSecond(rateLimit);
        if (tokenEnv != null) {
            String token = System.getenv(tokenEnv);
            if (token == null || token.isEmpty()) {
                System.err.println("transit-mock: environment variable " + tokenEnv + " is empty or unset");
                return 2;
            }
            options.requiredToken(token);
        }
        TransitOptions checked;
        try {
            checked = options.build();
        } catch (IllegalArgumentException e) { // e.g. --jitter without a distribution
            throw usageError(e.getMessage());
        }
        try (TransitServer server = TransitServer.start(checked)) {
            System.out.printf(
                    Locale.US,
                    "transit-mock: serving %s (latency %s, jitter %s %s, error rate %s, rate limit %s/s)%n",
                    server.url(),
                    DurationConverter.format(latency),
                    jitterDistribution.name().toLowerCase(),
                    DurationConverter.format(jitter),
                    errorRate,
                    rateLimit);
            ShutdownSignal.await();
        }
        return 0;
    }

    /** Checks the options, the port free included, before anything starts. */
    private void checkOptions() {
        if (port < 0 || port > 65535) {
            throw usageError("--port must be 0..65535 (0 picks one), got " + port);
        }
        String portProblem = HostPort.cannotListen("--port", new InetSocketAddress("127.0.0.1", port));
        if (portProblem != null) {
            throw usageError(portProblem);
        }
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw usageError("--error-rate must be 0..1, got " + errorRate);
        }
        if (!(rateLimit >= 0) || Double.isInfinite(rateLimit)) {
            throw usageError("--rate-limit must be 0 (none) or more, got " + rateLimit);
        }
    }

    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
