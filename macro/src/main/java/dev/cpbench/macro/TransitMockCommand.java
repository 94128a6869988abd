package dev.cpbench.macro;

import dev.cpbench.fixtures.transit.LatencyDistribution;
import dev.cpbench.fixtures.transit.TransitOptions;
import dev.cpbench.fixtures.transit.TransitServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Serves the OpenBao/Vault Transit-compatible mock until interrupted. */
@Command(name = "transit-mock", mixinStandardHelpOptions = true,
        description = {"Serves an OpenBao/Vault Transit-compatible mock (real AES-256-GCM) on 127.0.0.1, until Ctrl-C,",
                "with injected latency, errors and rate limits; Prometheus text at /v1/sys/metrics?format=prometheus."})
final class TransitMockCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "8200", description = "Port on 127.0.0.1; 0 picks one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--latency", defaultValue = "0", converter = DurationConverter.class,
            description = "Fixed latency added to every encrypt/decrypt (default: ${DEFAULT-VALUE}).")
    Duration latency;

    @Option(names = "--jitter", defaultValue = "0", converter = DurationConverter.class,
            description = "Scale of random extra latency (default: ${DEFAULT-VALUE}).")
    Duration jitter;

    @Option(names = "--jitter-distribution", defaultValue = "NONE",
            description = "none, uniform (0..jitter) or exponential (mean jitter) (default: ${DEFAULT-VALUE}).")
    LatencyDistribution jitterDistribution;

    @Option(names = "--error-rate", defaultValue = "0", description = "Share of requests answered 500, 0..1 (default: ${DEFAULT-VALUE}).")
    double errorRate;

    @Option(names = "--rate-limit", defaultValue = "0", description = "Requests per second before 429; 0 = none (default: ${DEFAULT-VALUE}).")
    double rateLimit;

    @Option(names = "--token-env", description = "Require the token held by this environment variable.")
    String tokenEnv;

    @Override
    public Integer call() throws Exception {
        TransitOptions.Builder options = TransitOptions.builder().port(port).latency(latency)
                .jitter(jitterDistribution, jitter).errorRate(errorRate).rateLimitPerSecond(rateLimit);
        if (tokenEnv != null) {
            String token = System.getenv(tokenEnv);
            if (token == null || token.isEmpty()) {
                System.err.println("transit-mock: environment variable " + tokenEnv + " is empty or unset");
                return 2;
            }
            options.requiredToken(token);
        }
        try (TransitServer server = TransitServer.start(options.build())) {
            System.out.printf("transit-mock: serving %s (latency %s, jitter %s %s, error rate %s, rate limit %s/s)%n",
                    server.url(), DurationConverter.format(latency), jitterDistribution.name().toLowerCase(),
                    DurationConverter.format(jitter), errorRate, rateLimit);
            KmsPluginCommand.awaitShutdown();
        }
        return 0;
    }
}
