package dev.cpbench.macro.target;

import dev.cpbench.macro.metrics.ScrapeSource;
import dev.cpbench.macro.metrics.Scraper;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

/**
 * Fetches scrapes: an API server's {@code /metrics} through that endpoint's client (its credentials and
 * TLS settings), a provider's or Transit's with a plain HTTP GET.
 */
final class MetricsFetcher implements Scraper.Fetcher {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<Endpoint> endpoints;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    MetricsFetcher(List<Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public String fetch(ScrapeSource source) throws IOException, InterruptedException {
        if (source.kind() == ScrapeSource.Kind.APISERVER) {
            Endpoint e = endpoints.stream()
                    .filter(x -> x.name().equals(source.name()))
                    .findFirst()
                    .orElseThrow();
            HttpResponse<String> r = e.get(source.url().getRawPath(), String.class, TIMEOUT);
            return checked(source, r.code(), r.body());
        }
        java.net.http.HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(source.url()).timeout(TIMEOUT).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return checked(source, r.statusCode(), r.body());
    }

    private static String checked(ScrapeSource source, int code, String body) throws IOException {
        if (code != 200) {
            throw new IOException("HTTP " + code + " from " + source.url());
        }
        return body;
    }
}
